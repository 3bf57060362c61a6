using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PipelineBot.Conversation;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Joins Slack users to catalog members by email (users.info → profile.email), and members to Slack users
/// (users.lookupByEmail), remembering both in the <see cref="ChannelDirectory"/>. A user no member matches is remembered
/// too, so a stranger costs one lookup, and is looked up again after <see cref="Recheck"/> (their email may change, or
/// the catalog may gain them after a restart); a member unknown to Slack likewise.
/// </summary>
internal sealed partial class SlackPeople(
    ChannelDirectory directory, Catalog catalog, ShiftCalendar shifts, SlackWebApi api, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackPeople> logger)
{
    public const string Channel = "slack";

    public static readonly TimeSpan Recheck = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _userCheckedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _memberMissingAt = new(StringComparer.Ordinal);

    /// <summary>The speaker behind a Slack user: their member (if joined), name, Slack time zone (<c>tz</c>) and locale.</summary>
    public async Task<Speaker> SpeakerAsync(string userId, string? name, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(userId, name, cancellationToken);
        var member = account?.MemberId is { } id ? catalog.FindMember(id) : null;
        return Speaker.Of(member, account?.Name ?? name ?? userId, account?.TimeZone, shifts.Zone, account?.Locale);
    }

    /// <summary>The remembered account of a Slack user, looked up when new (or unmatched and due for a recheck); null when it cannot be.</summary>
    public async Task<ChannelAccount?> AccountAsync(string userId, string? name, CancellationToken cancellationToken)
    {
        var known = await directory.FindAccountAsync(Channel, userId, cancellationToken);
        var now = time.GetUtcNow();
        if (known is not null)
        {
            // An account first read after a start counts as just checked, so a restart does not look everyone up again. A
            // joined account found by email has no locale yet (users.lookupByEmail gives none): its person's first
            // message asks users.info once.
            var checkedAt = _userCheckedAt.GetOrAdd(userId, now);
            if ((known.MemberId is not null && known.Locale is not null) || (known.MemberId is null && now - checkedAt < Recheck))
            {
                return known;
            }
        }

        if (!options.Value.CanSend)
        {
            return known;
        }

        SlackUserInfo user;
        try
        {
            user = await api.UserAsync(userId, cancellationToken);
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException)
        {
            LogLookupFailed(logger, e, userId);
            return known;
        }

        var email = user.Profile?.Email;
        var member = email is null ? null : catalog.FindMemberByEmail(email);
        // An empty locale records that Slack was asked and gave none, so it is not asked again.
        var account = new ChannelAccount(Channel, userId, member?.Id, email, NameOf(user) ?? name ?? userId, user.Tz, user.Locale ?? "");
        await directory.RememberAccountAsync(account, cancellationToken);
        _userCheckedAt[userId] = now;
        return account;
    }

    /// <summary>
    /// The Slack user id of a member: remembered, else looked up by the member's catalog email; null when Slack has no
    /// such user (or nothing can be sent). Throws when Slack could not be asked.
    /// </summary>
    public async Task<string?> SlackUserOfAsync(Member member, CancellationToken cancellationToken)
    {
        if (await directory.FindAccountOfMemberAsync(Channel, member.Id, cancellationToken) is { } account)
        {
            return account.AccountId;
        }

        var now = time.GetUtcNow();
        if (!options.Value.CanSend || (_memberMissingAt.TryGetValue(member.Id, out var missingAt) && now - missingAt < Recheck))
        {
            return null;
        }

        if (await api.UserByEmailAsync(member.Email, cancellationToken) is not { Id: { } userId } user)
        {
            _memberMissingAt[member.Id] = now;
            return null;
        }

        await directory.RememberAccountAsync(new ChannelAccount(Channel, userId, member.Id, member.Email, NameOf(user) ?? member.Name, user.Tz), cancellationToken);
        _userCheckedAt[userId] = now;
        return userId;
    }

    private static string? NameOf(SlackUserInfo user) =>
        new[] { user.Profile?.DisplayName, user.Profile?.RealName, user.RealName, user.Name }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack: could not look up user {UserId}; answering them as a stranger this time")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string userId);
}
