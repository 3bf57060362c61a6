using System.Collections.Concurrent;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// Joins a Teams account to a catalog member by email. Activities carry no email, so an account met for the first time
/// costs one GetConversationMember call; the answer is remembered even when no member has that email or the call
/// fails, so a stranger costs one lookup, not one per message. An unmatched account is looked up again at most
/// hourly (the catalog may have gained them, or the lookup failed).
/// </summary>
public sealed partial class TeamsPeople(ChannelDirectory directory, Catalog catalog, ConnectorClient connector, TimeProvider time, ILogger<TeamsPeople> logger)
{
    public const string Channel = "msteams";
    public static readonly TimeSpan UnmatchedRetry = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lookedUp = new(StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up the Teams account {Account}; it stays unmatched for now.")]
    private static partial void LogLookupFailed(ILogger logger, string account, Exception error);

    public async Task<Member?> MemberOfAsync(Activity activity, string conversationId, CancellationToken cancellationToken)
    {
        var accountId = activity.From?.Id;
        if (string.IsNullOrEmpty(accountId))
        {
            return null;
        }

        var account = await directory.FindAccountAsync(Channel, accountId, cancellationToken);
        if (account?.MemberId is { } memberId)
        {
            // Kept current: a card redrawn later in this person's 1:1 chat is written in the zone their client reports.
            if (activity.ClientTimeZone is { } zone && zone != account.TimeZone)
            {
                await directory.RememberAccountAsync(account with { TimeZone = zone }, cancellationToken);
            }

            return catalog.FindMember(memberId);
        }

        var now = time.GetUtcNow();
        if (account is not null && _lookedUp.TryGetValue(accountId, out var last) && now - last < UnmatchedRetry)
        {
            return null;
        }

        _lookedUp[accountId] = now;
        string? email = null;
        try
        {
            email = (await connector.GetMemberAsync(activity.ServiceUrl!, conversationId, accountId, cancellationToken)).Email;
        }
        catch (HttpRequestException e)
        {
            LogLookupFailed(logger, accountId, e);
        }

        var member = email is null ? null : catalog.FindMemberByEmail(email);
        await directory.RememberAccountAsync(
            new ChannelAccount(Channel, accountId, member?.Id, email, member?.Name ?? activity.From?.Name ?? accountId, activity.ClientTimeZone),
            cancellationToken);
        return member;
    }
}
