using NodaTime;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Audit;

/// <summary>
/// Adds audit entries and notices to the unit of work that makes the change, so a change and its record are saved
/// together or not at all.
/// </summary>
public static class Journal
{
    /// <summary>The audience of a notice meant for the whole team's channel.</summary>
    public const string Team = "team";

    /// <summary>The audience of a notice that updates every posted copy of a card in place.</summary>
    public const string Cards = "cards";

    internal static void Audit(this PipelineBotDbContext db, Instant at, string actor, string action, string subject, string detail) =>
        db.AuditEntries.Add(new AuditEntryRow { At = at.ToUnixTimeTicks(), Actor = actor, Action = action, Subject = subject, Detail = detail });

    /// <summary>Stores a notice as data (<see cref="NoticeContent"/>): the conversation layer words it when it is delivered.</summary>
    internal static void Notify(this PipelineBotDbContext db, Instant at, string audience, NoticeContent content, string? cardKey = null, string? origin = null) =>
        db.Notices.Add(new NoticeRow
        {
            CreatedAt = at.ToUnixTimeTicks(),
            Audience = audience,
            Kind = content.Kind,
            Data = content.Json,
            Mentions = content.Mentions.Count > 0 ? string.Join(' ', content.Mentions) : null,
            CardKey = cardKey,
            Origin = origin,
            Priority = NoticeKinds.Priority(content.Kind),
        });

    /// <summary>Asks the channels to redraw every posted copy of a card from its current state.</summary>
    internal static void CardChanged(this PipelineBotDbContext db, Instant at, string cardKey) =>
        db.Notify(at, Cards, NoticeContent.Of(NoticeKinds.CardChanged, []), cardKey);
}
