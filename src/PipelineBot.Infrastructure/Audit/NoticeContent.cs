using System.Text.Json.Nodes;

namespace PipelineBot.Infrastructure.Audit;

/// <summary>
/// What a notice is about, as data: its kind (one of <see cref="NoticeKinds"/>), the ids and values it names, and the
/// members it mentions. The conversation layer words it when it is delivered; nothing reads a sentence back.
/// </summary>
public sealed record NoticeContent(string Kind, JsonObject Data, IReadOnlyList<string> Mentions)
{
    /// <summary>A notice of <paramref name="kind"/> naming <paramref name="data"/>, mentioning <paramref name="mentions"/>.</summary>
    public static NoticeContent Of(string kind, JsonObject data, params IEnumerable<string> mentions)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        return new(kind, data, [.. mentions.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The content of a stored notice; a notice stored before notices were data is <see cref="NoticeKinds.Text"/>, its text as it was.</summary>
    public static NoticeContent From(Persistence.NoticeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var data = row.Data is { } json ? JsonNode.Parse(json) as JsonObject ?? [] : new JsonObject { ["text"] = row.Text };
        return new(row.Kind, data, row.Mentions is { Length: > 0 } m ? m.Split(' ') : []);
    }

    internal string Json => Data.ToJsonString();
}

/// <summary>The kinds of notice. Each has a wording in the conversation layer (<c>Conversation/Notices</c>).</summary>
public static class NoticeKinds
{
    /// <summary>
    /// The order of delivery: pages (a new incident, a reminder, an escalation and the breach told) before everything
    /// else, so a platform's pacing of one conversation never holds a page behind routine news.
    /// </summary>
    public static int Priority(string kind) => kind is IncidentOpened or IncidentReminder or IncidentEscalated or IncidentBreachTold ? 0 : 1;

    /// <summary>A notice stored as text before notices were data: <c>{ text }</c>.</summary>
    public const string Text = "text";

    /// <summary>Redraw every posted copy of a card: no data.</summary>
    public const string CardChanged = "card-changed";

    /// <summary><c>{ incident, pipeline, run, kind, summary, paged: [{ member, onCall, primaryOwner }], ackClockStart? }</c>; mentions the people paged.</summary>
    public const string IncidentOpened = "incident-opened";

    /// <summary><c>{ incident, pipeline, escalatesAt }</c>; mentions the person on call.</summary>
    public const string IncidentReminder = "incident-reminder";

    /// <summary><c>{ incident, pipeline, breach, limitMinutes }</c>; to the team, mentioning the people paged.</summary>
    public const string IncidentEscalated = "incident-escalated";

    /// <summary><c>{ incident, pipeline, breach, limitMinutes }</c>; to a downstream lead.</summary>
    public const string IncidentBreachTold = "incident-breach-told";

    /// <summary><c>{ incident, pipeline, area, expert, by, note? }</c>; to the team, mentioning the expert.</summary>
    public const string IncidentHandedOver = "incident-handed-over";

    /// <summary>
    /// <c>{ incident, pipeline, area, expert, by, note?, summary, tried: [{ at, text }] }</c>; to the expert, with the
    /// incident's card: what first-line support already tried, from its timeline.
    /// </summary>
    public const string IncidentHandover = "incident-handover";

    /// <summary><c>{ incident, pipeline, delayMinutes, leads }</c>; to the team.</summary>
    public const string DataLate = "data-late";

    /// <summary><c>{ incident, pipeline, delayMinutes }</c>; to a downstream lead.</summary>
    public const string DataLateTold = "data-late-told";

    /// <summary><c>{ incident, pipeline, delayMinutes, contacts }</c>; mentions the person on call.</summary>
    public const string ExternalContact = "external-contact";

    /// <summary><c>{ rerun, incident?, pipeline, state, note }</c>.</summary>
    public const string RerunFinished = "rerun-finished";
    public const string RerunUnanswered = "rerun-unanswered";

    /// <summary><c>{ operation, kind, pipeline?, state, note }</c>; to the team when a backfill or rebuild ends.</summary>
    public const string OperationFinished = "operation-finished";

    /// <summary><c>{ from, to, at, openIncidents: [id], pendingTrades, nextDeadline }</c>; to the team when a stretch on call begins.</summary>
    public const string Handoff = "handoff";

    /// <summary><c>{ from, to, at }</c>; to the incoming person an hour before, with the handoff's "I've got it" card.</summary>
    public const string HandoffReminder = "handoff-reminder";

    /// <summary><c>{ from, to, at }</c>; to each manager when a stretch began with nobody confirming it.</summary>
    public const string HandoffUnconfirmed = "handoff-unconfirmed";

    /// <summary><c>{ offer, proposer, what, expiresAt }</c>; to the counterparty, with the offer's card.</summary>
    public const string TradeOffered = "trade-offered";

    /// <summary><c>{ offer, counterparty, what }</c>; to the proposer.</summary>
    public const string TradeExpired = "trade-expired";

    /// <summary><c>{ offer, counterparty, what }</c>; to the proposer.</summary>
    public const string TradeAccepted = "trade-accepted";

    /// <summary><c>{ offer, tradedIn, what }</c>; to both sides of an offer a trade made impossible.</summary>
    public const string TradeGone = "trade-gone";

    /// <summary><c>{ offer, by, declined, what }</c>; to the other side.</summary>
    public const string TradeClosed = "trade-closed";

    /// <summary><c>{ override, manager, what }</c>; to the member who covers.</summary>
    public const string OverrideSet = "override-set";

    /// <summary><c>{ override, start }</c>; to the member who was covering.</summary>
    public const string OverrideCancelled = "override-cancelled";

    /// <summary><c>{ leaver, heir, from, what }</c>; to the team.</summary>
    public const string TurnoverInherited = "turnover-inherited";

    /// <summary><c>{ leaver, from, what }</c>; to the team.</summary>
    public const string TurnoverReplanned = "turnover-replanned";

    /// <summary><c>{ holiday, year, reason }</c>; to the team.</summary>
    public const string HolidayUnplanned = "holiday-unplanned";

    /// <summary>The previous month's SLA review, posted to the team on the first business day (<c>month</c>: 2026-11).</summary>
    public const string SlaReview = "sla-review";
}
