using NodaTime;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Audit;

/// <summary>
/// Adds audit entries and notices to the unit of work that makes the change, so a change and its record are saved
/// together or not at all.
/// </summary>
internal static class Journal
{
    /// <summary>The audience of a notice meant for the whole team's channel.</summary>
    public const string Team = "team";

    public static void Audit(this PipelineBotDbContext db, Instant at, string actor, string action, string subject, string detail) =>
        db.AuditEntries.Add(new AuditEntryRow { At = at.ToUnixTimeTicks(), Actor = actor, Action = action, Subject = subject, Detail = detail });

    public static void Notify(this PipelineBotDbContext db, Instant at, string audience, string text) =>
        db.Notices.Add(new NoticeRow { CreatedAt = at.ToUnixTimeTicks(), Audience = audience, Text = text });
}
