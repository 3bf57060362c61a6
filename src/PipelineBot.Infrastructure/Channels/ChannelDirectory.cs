using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Channels;

/// <summary>A person's account on one channel; <see cref="MemberId"/> is null when no catalog member has its email.</summary>
/// <param name="Locale">The BCP 47 locale the channel reports; empty when it was asked and gave none, null when not asked yet.</param>
public sealed record ChannelAccount(string Channel, string AccountId, string? MemberId, string? Email, string Name, string? TimeZone, string? Locale = null);

/// <summary>A conversation the bot can post into unprompted. <see cref="Kind"/> is <c>personal</c>, <c>channel</c> or <c>group</c>.</summary>
public sealed record ChannelConversation(
    string Channel, string ConversationId, string Kind, string? ServiceUrl = null, string? TenantId = null, string? MemberId = null, bool IsAlertChannel = false, string? Name = null)
{
    public const string Personal = "personal";

    /// <summary>The stored form of where a request came from (<see cref="Persistence.NoticeRow.Origin"/>).</summary>
    public string Origin => OriginOf(Channel, ConversationId);

    public static string OriginOf(string channel, string conversationId) => $"{channel}|{conversationId}";
}

/// <summary>One posted copy of a keyed card.</summary>
public sealed record PostedCard(string CardKey, string Channel, string ConversationId, string MessageId, string? ServiceUrl);

/// <summary>
/// What the channels remember about people and places: accounts joined to members by email, conversations to post
/// into later, and where each keyed card was posted. Accounts are read on every message, so they are cached; a channel
/// instance is the only writer of its own accounts' rows, and a stale entry only means a second lookup.
/// </summary>
public sealed class ChannelDirectory(IDbContextFactory<PipelineBotDbContext> dbFactory, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Channel, string AccountId), ChannelAccount> _accounts = new();

    public async Task<ChannelAccount?> FindAccountAsync(string channel, string accountId, CancellationToken cancellationToken)
    {
        if (_accounts.TryGetValue((channel, accountId), out var cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ChannelAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Channel == channel && a.AccountId == accountId, cancellationToken);
        return row is null ? null : _accounts.GetOrAdd((channel, accountId), ToAccount(row));
    }

    public async Task<ChannelAccount?> FindAccountOfMemberAsync(string channel, string memberId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ChannelAccounts.AsNoTracking()
            .Where(a => a.Channel == channel && a.MemberId == memberId)
            .OrderByDescending(a => a.SeenAt)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToAccount(row);
    }

    public async Task RememberAccountAsync(ChannelAccount account, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ChannelAccounts.FindAsync([account.Channel, account.AccountId], cancellationToken);
        if (row is null)
        {
            row = new ChannelAccountRow { Channel = account.Channel, AccountId = account.AccountId, Name = account.Name };
            db.ChannelAccounts.Add(row);
        }

        row.MemberId = account.MemberId;
        row.Email = account.Email;
        row.Name = account.Name;
        row.TimeZone = account.TimeZone;
        row.Locale = account.Locale;
        row.SeenAt = Now();
        await SaveIgnoringRaceAsync(db, cancellationToken);
        _accounts[(account.Channel, account.AccountId)] = account;
    }

    /// <summary>Stores or refreshes a conversation; whether it is an alert channel is kept as it was.</summary>
    public async Task RememberConversationAsync(ChannelConversation conversation, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ChannelConversations.FindAsync([conversation.Channel, conversation.ConversationId], cancellationToken);
        if (row is null)
        {
            row = new ChannelConversationRow
            {
                Channel = conversation.Channel,
                ConversationId = conversation.ConversationId,
                Kind = conversation.Kind,
                IsAlertChannel = conversation.IsAlertChannel,
            };
            db.ChannelConversations.Add(row);
        }

        row.Kind = conversation.Kind;
        row.ServiceUrl = conversation.ServiceUrl ?? row.ServiceUrl;
        row.TenantId = conversation.TenantId ?? row.TenantId;
        row.MemberId = conversation.MemberId ?? row.MemberId;
        row.Name = conversation.Name ?? row.Name;
        row.UpdatedAt = Now();
        await SaveIgnoringRaceAsync(db, cancellationToken);
    }

    public async Task<ChannelConversation?> FindConversationAsync(string channel, string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ChannelConversations.AsNoTracking().FirstOrDefaultAsync(c => c.Channel == channel && c.ConversationId == conversationId, cancellationToken);
        return row is null ? null : ToConversation(row);
    }

    /// <summary>The most recently used 1:1 conversation with a member on a channel, if the bot has one.</summary>
    public async Task<ChannelConversation?> PersonalConversationAsync(string channel, string memberId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ChannelConversations.AsNoTracking()
            .Where(c => c.Channel == channel && c.Kind == ChannelConversation.Personal && c.MemberId == memberId)
            .OrderByDescending(c => c.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToConversation(row);
    }

    /// <summary>The conversations the team chose for alerts and team notices on a channel.</summary>
    public async Task<IReadOnlyList<ChannelConversation>> AlertConversationsAsync(string channel, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ChannelConversations.AsNoTracking().Where(c => c.Channel == channel && c.IsAlertChannel).ToListAsync(cancellationToken);
        return [.. rows.Select(ToConversation)];
    }

    /// <summary>Makes a conversation the alert channel of its channel (there is one per channel), remembering it if new.</summary>
    public async Task SetAlertConversationAsync(ChannelConversation conversation, CancellationToken cancellationToken)
    {
        await RememberConversationAsync(conversation, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var row in await db.ChannelConversations.Where(c => c.Channel == conversation.Channel && (c.IsAlertChannel || c.ConversationId == conversation.ConversationId)).ToListAsync(cancellationToken))
        {
            row.IsAlertChannel = row.ConversationId == conversation.ConversationId;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RecordPostedCardAsync(PostedCard card, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.PostedCards.Add(new PostedCardRow
        {
            CardKey = card.CardKey,
            Channel = card.Channel,
            ConversationId = card.ConversationId,
            MessageId = card.MessageId,
            ServiceUrl = card.ServiceUrl,
            PostedAt = Now(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PostedCard>> PostedCardsAsync(string cardKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.PostedCards.AsNoTracking().Where(p => p.CardKey == cardKey).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(p => new PostedCard(p.CardKey, p.Channel, p.ConversationId, p.MessageId, p.ServiceUrl))];
    }

    private static ChannelAccount ToAccount(ChannelAccountRow row) => new(row.Channel, row.AccountId, row.MemberId, row.Email, row.Name, row.TimeZone, row.Locale);

    private static ChannelConversation ToConversation(ChannelConversationRow row) =>
        new(row.Channel, row.ConversationId, row.Kind, row.ServiceUrl, row.TenantId, row.MemberId, row.IsAlertChannel, row.Name);

    private static async Task SaveIgnoringRaceAsync(PipelineBotDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two first messages from one account (or conversation) raced to insert it; the other insert holds the same facts.
        }
    }

    private long Now() => Instant.FromDateTimeOffset(time.GetUtcNow()).ToUnixTimeTicks();
}
