using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Rotation;

/// <summary>
/// Each member's secret calendar-feed token (<c>CalendarLinks</c>): made on first ask, the same on every later ask, and
/// replaced by a reset, after which the old feed URL answers 404. Stored as issued, like the secret addresses of Google
/// and Outlook calendars: the member asks for the link again, so it must be shown again.
/// </summary>
public sealed class CalendarLinks(IDbContextFactory<PipelineBotDbContext> dbFactory, WriteGate writes, TimeProvider time)
{
    /// <summary>The member's token, made now if they have none.</summary>
    public async Task<string> TokenAsync(string memberId, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.CalendarLinks.Where(l => l.MemberId == memberId).Select(l => l.Token).FirstOrDefaultAsync(cancellationToken) is { } token)
            {
                return token;
            }
        }

        return await IssueAsync(memberId, replace: false, cancellationToken);
    }

    /// <summary>A new token for the member; the old one stops working at once.</summary>
    public Task<string> ResetAsync(string memberId, CancellationToken cancellationToken) => IssueAsync(memberId, replace: true, cancellationToken);

    /// <summary>The member a token belongs to, or null when it is nobody's (never issued, or reset since).</summary>
    public async Task<string?> MemberOfAsync(string token, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CalendarLinks.Where(l => l.Token == token).Select(l => l.MemberId).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<string> IssueAsync(string memberId, bool replace, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        // Hex, not base64: the link is shown in chat, whose Markdown could take a pair of '_' for italics.
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.CalendarLinks.FirstOrDefaultAsync(l => l.MemberId == memberId, cancellationToken);
        if (row is not null && !replace)
        {
            // Another instance issued one between our read and our turn: that one is the member's.
            return row.Token;
        }

        if (row is null)
        {
            db.CalendarLinks.Add(new CalendarLinkRow { MemberId = memberId, Token = token, CreatedAt = now.ToUnixTimeTicks() });
        }
        else
        {
            row.Token = token;
            row.CreatedAt = now.ToUnixTimeTicks();
        }

        db.Audit(now, memberId, replace ? "calendar-link-reset" : "calendar-link-issued", $"member:{memberId}", $"{memberId} {(replace ? "reset" : "got")} their calendar feed link");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!replace)
        {
            // Another instance inserted the member's row first: theirs stands.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await again.CalendarLinks.Where(l => l.MemberId == memberId).Select(l => l.Token).FirstAsync(cancellationToken);
        }

        return token;
    }
}
