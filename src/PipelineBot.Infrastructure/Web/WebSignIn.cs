using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Web;

/// <summary>A signed-in browser: the member, and the token its forms must carry (so another site cannot post them).</summary>
public sealed record WebSession(string MemberId, string FormToken);

/// <summary>
/// Sign-in to the web pages through chat, with no passwords: "web" sends the person a link holding a one-time token
/// (256 random bits) that works once within <see cref="LinkLifetime"/> and opens a session cookie. Both are stored in
/// the database by their SHA-256 only, so a copy of the database signs nobody in, and every instance knows them.
/// </summary>
public sealed class WebSignIn(IDbContextFactory<PipelineBotDbContext> dbFactory, WriteGate writes, TimeProvider time)
{
    public static readonly Duration LinkLifetime = Duration.FromMinutes(10);

    public static readonly Duration SessionLifetime = Duration.FromHours(12);

    /// <summary>A new one-time token for the member's sign-in link.</summary>
    public async Task<string> IssueLinkAsync(string memberId, CancellationToken cancellationToken)
    {
        var now = Now();
        var token = NewSecret();
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // Expired links and sessions go when new ones are made, so the tables hold only what could still be used.
        var ticks = now.ToUnixTimeTicks();
        await db.SignInLinks.Where(l => l.ExpiresAt < ticks).ExecuteDeleteAsync(cancellationToken);
        await db.WebSessions.Where(s => s.ExpiresAt < ticks).ExecuteDeleteAsync(cancellationToken);
        db.SignInLinks.Add(new SignInLinkRow { TokenHash = Hash(token), MemberId = memberId, ExpiresAt = (now + LinkLifetime).ToUnixTimeTicks() });
        db.Audit(now, memberId, "web-link-issued", $"member:{memberId}", $"{memberId} asked for a sign-in link to the web pages");
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>
    /// Uses a link's token: a new session (its cookie value and the session) when the token is known, unused and
    /// unexpired; null otherwise. The use is one guarded update, so of two browsers racing with one link, one gets in.
    /// </summary>
    public async Task<(string Cookie, WebSession Session)?> RedeemAsync(string token, CancellationToken cancellationToken)
    {
        var now = Now().ToUnixTimeTicks();
        var hash = Hash(token);
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var used = await db.SignInLinks.Where(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt >= now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), cancellationToken);
        if (used == 0)
        {
            return null;
        }

        var memberId = await db.SignInLinks.Where(l => l.TokenHash == hash).Select(l => l.MemberId).FirstAsync(cancellationToken);
        var cookie = NewSecret();
        var session = new WebSession(memberId, NewSecret());
        db.WebSessions.Add(new WebSessionRow { IdHash = Hash(cookie), MemberId = memberId, FormToken = session.FormToken, ExpiresAt = (Now() + SessionLifetime).ToUnixTimeTicks() });
        db.Audit(Now(), memberId, "web-signed-in", $"member:{memberId}", $"{memberId} signed in to the web pages");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (cookie, session);
    }

    /// <summary>The session a cookie opens, or null when it opens none (unknown, signed out or expired).</summary>
    public async Task<WebSession?> SessionAsync(string cookie, CancellationToken cancellationToken)
    {
        var now = Now().ToUnixTimeTicks();
        var hash = Hash(cookie);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebSessions.AsNoTracking().Where(s => s.IdHash == hash && s.ExpiresAt >= now)
            .Select(s => new WebSession(s.MemberId, s.FormToken)).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SignOutAsync(string cookie, CancellationToken cancellationToken)
    {
        var hash = Hash(cookie);
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.WebSessions.Where(s => s.IdHash == hash).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Hex, not base64: chat apps render Markdown, and a link with '_' in it could lose them to italics.</summary>
    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
