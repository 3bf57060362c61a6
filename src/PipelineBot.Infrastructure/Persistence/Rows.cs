namespace PipelineBot.Infrastructure.Persistence;

// Rows are the stored shape of domain facts: plain columns that SQLite and PostgreSQL both hold the same way.
// Instants are stored as NodaTime Unix ticks (100 ns) in a bigint so they compare and sort in SQL on every provider.

/// <summary>Who holds a holiday's shift. One row per (holiday, year); <see cref="Version"/> guards concurrent trades.</summary>
public sealed class HolidayAssignmentRow
{
    public long Id { get; set; }
    public required string Holiday { get; set; }
    public int Year { get; set; }
    public DateOnly Date { get; set; }
    public required string MemberId { get; set; }

    /// <summary>How the row came to be: planned, imported, traded, inherited or replanned.</summary>
    public required string Source { get; set; }
    public int Version { get; set; }

    /// <summary>Whether this row is the slot of that holiday and year (holiday names compare case-insensitively, as in the plan).</summary>
    public bool IsSlot(string holiday, int year) => Year == year && string.Equals(Holiday, holiday, StringComparison.OrdinalIgnoreCase);
}

public sealed class TradeOfferRow
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public required string ProposerId { get; set; }
    public required string CounterpartyId { get; set; }
    public required string OfferedHoliday { get; set; }
    public int OfferedYear { get; set; }
    public DateOnly OfferedDate { get; set; }
    public string? RequestedHoliday { get; set; }
    public int? RequestedYear { get; set; }
    public DateOnly? RequestedDate { get; set; }
    public long CreatedAt { get; set; }
    public long ExpiresAt { get; set; }
    public required string State { get; set; }
    public long? ClosedAt { get; set; }
    public int Version { get; set; }
}

public sealed class OverrideRow
{
    public long Id { get; set; }
    public long Start { get; set; }
    public long End { get; set; }
    public required string MemberId { get; set; }
    public required string Reason { get; set; }
    public required string SetBy { get; set; }
    public long SetAt { get; set; }
    public long? CancelledAt { get; set; }
    public string? CancelledBy { get; set; }
}

/// <summary>One audited change: who did what to which subject, and when.</summary>
public sealed class AuditEntryRow
{
    public long Id { get; set; }
    public long At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public required string Detail { get; set; }
}

/// <summary>
/// A message for people (a member, or the whole team) that the channels deliver. Stored with the change that
/// caused it, so nothing is lost when no channel is connected yet.
/// </summary>
public sealed class NoticeRow
{
    public long Id { get; set; }
    public long CreatedAt { get; set; }

    /// <summary>A member id, <c>team</c> for the team channel, or <c>cards</c> for an in-place update of the card <see cref="CardKey"/>.</summary>
    public required string Audience { get; set; }

    /// <summary>What the notice is about (<see cref="Audit.NoticeKinds"/>); <c>text</c> for one stored as words before notices were data.</summary>
    public required string Kind { get; set; }

    /// <summary>The ids and values the notice names, as a JSON object (<see cref="Audit.NoticeContent"/>); null for a <c>text</c> notice.</summary>
    public string? Data { get; set; }

    /// <summary>The member ids the notice mentions, space-separated.</summary>
    public string? Mentions { get; set; }

    /// <summary>The words of a notice stored before notices were data; empty for every later one.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>The card sent with the text (rendered from its current state when delivered), such as <c>trade:42</c>.</summary>
    public string? CardKey { get; set; }

    /// <summary>The conversation the change was asked for in (<c>channel|conversation id</c>): where to mention someone the bot cannot reach 1:1.</summary>
    public string? Origin { get; set; }

    /// <summary>Set once every enabled channel has delivered it (see <see cref="NoticeDeliveryRow"/>).</summary>
    public long? DeliveredAt { get; set; }

    /// <summary>Lower goes first: <see cref="Audit.NoticeKinds.Priority"/>.</summary>
    public int Priority { get; set; } = 1;
}

/// <summary>How far one channel got with one notice, so a channel that is down never makes another send twice.</summary>
public sealed class NoticeDeliveryRow
{
    public long NoticeId { get; set; }
    public required string Channel { get; set; }
    public int Attempts { get; set; }
    public long NextAttemptAt { get; set; }
    public long? DeliveredAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>A person's account on a channel (a Teams user, a Slack user, a web chat identity), joined to a member by email.</summary>
public sealed class ChannelAccountRow
{
    public required string Channel { get; set; }
    public required string AccountId { get; set; }
    public string? MemberId { get; set; }
    public string? Email { get; set; }
    public required string Name { get; set; }
    public string? TimeZone { get; set; }

    /// <summary>The BCP 47 locale the channel reports for the person; empty when it was asked and gave none, null when not asked yet.</summary>
    public string? Locale { get; set; }
    public long SeenAt { get; set; }
}

/// <summary>A conversation the bot was added to or spoken to in, so it can post there unprompted.</summary>
public sealed class ChannelConversationRow
{
    public required string Channel { get; set; }
    public required string ConversationId { get; set; }

    /// <summary><c>personal</c>, <c>channel</c> or <c>group</c>.</summary>
    public required string Kind { get; set; }
    public string? ServiceUrl { get; set; }
    public string? TenantId { get; set; }

    /// <summary>For a personal conversation: the member it is with.</summary>
    public string? MemberId { get; set; }
    public bool IsAlertChannel { get; set; }
    public string? Name { get; set; }
    public long UpdatedAt { get; set; }
}

/// <summary>One posted copy of a keyed card, so a change updates every copy in place.</summary>
public sealed class PostedCardRow
{
    public long Id { get; set; }
    public required string CardKey { get; set; }
    public required string Channel { get; set; }
    public required string ConversationId { get; set; }
    public required string MessageId { get; set; }
    public string? ServiceUrl { get; set; }
    public long PostedAt { get; set; }
}

/// <summary>A roster change (from the configuration) whose effect on the holiday plan has been applied, so it is applied once.</summary>
public sealed class AppliedRosterChangeRow
{
    public required string Key { get; set; }
    public long AppliedAt { get; set; }
}

/// <summary>
/// An incident: one per (pipeline, run id), which the unique index enforces, so an alert delivered twice (or twenty
/// times at once) is one incident. <see cref="Version"/> guards concurrent acknowledgements and resolutions.
/// </summary>
public sealed class IncidentRow
{
    public long Id { get; set; }
    public required string PipelineId { get; set; }
    public required string RunId { get; set; }

    /// <summary><c>failure</c>, <c>data-quality</c> or <c>late-data</c>.</summary>
    public required string Kind { get; set; }
    public required string Summary { get; set; }
    public string? Detail { get; set; }
    public string? LogicalDate { get; set; }
    public string? DagId { get; set; }
    public string? TaskId { get; set; }
    public string? LogUrl { get; set; }
    public long OccurredAt { get; set; }

    /// <summary>When the bot learnt of it: the resolve clock counts from here.</summary>
    public long OpenedAt { get; set; }

    /// <summary>When the ack clock started: <see cref="OpenedAt"/>, or the next opening of business hours.</summary>
    public long AckClockStart { get; set; }
    public long AckDueAt { get; set; }
    public long ResolveDueAt { get; set; }

    /// <summary><c>open</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    public required string State { get; set; }

    /// <summary>Who was on call when it opened, and was paged.</summary>
    public string? PagedMemberId { get; set; }
    public string? AcknowledgedBy { get; set; }
    public long? AcknowledgedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public long? ResolvedAt { get; set; }
    public string? Resolution { get; set; }

    /// <summary>Set when the ack clock ran out unacknowledged.</summary>
    public long? AckBreachedAt { get; set; }

    /// <summary>Set when the resolve clock ran out unresolved.</summary>
    public long? ResolveBreachedAt { get; set; }

    /// <summary>The expert it was handed to, with <see cref="ExpertArea"/> (<c>mapping</c> or <c>implementation</c>) and since when.</summary>
    public string? Expert { get; set; }
    public string? ExpertArea { get; set; }
    public long? ExpertSince { get; set; }

    /// <summary>For late data: the data deadline that was missed.</summary>
    public long? MissedDeadline { get; set; }

    /// <summary>The open incident upstream this one was linked to instead of paging again.</summary>
    public long? LinkedTo { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// One SLA clock of an incident (ack reminder, ack deadline, resolve deadline, stakeholder and external-contact
/// notices for late data). The sweeper fires a due clock by closing it in the same transaction as its effects, so a
/// clock fires exactly once whatever restarts in between.
/// </summary>
public sealed class IncidentClockRow
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public required string Kind { get; set; }
    public long DueAt { get; set; }
    public long? ClosedAt { get; set; }

    /// <summary><c>fired</c>, or <c>moot</c> when the incident had moved on before it came due.</summary>
    public string? Outcome { get; set; }
}

/// <summary>A pipeline run as reported to <c>POST /api/runs</c>: one row per (pipeline, run id), updated by each event.</summary>
public sealed class RunRow
{
    public long Id { get; set; }
    public required string PipelineId { get; set; }
    public required string RunId { get; set; }

    /// <summary><c>started</c>, <c>waiting</c> (for its source file), <c>succeeded</c> or <c>failed</c>.</summary>
    public required string State { get; set; }
    public string? LogicalDate { get; set; }

    /// <summary>While waiting: the source file it waits for.</summary>
    public string? WaitingFor { get; set; }
    public long? StartedAt { get; set; }
    public long? FinishedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? Records { get; set; }
    public long? Dropped { get; set; }

    /// <summary>Null counts of fields, as the JSON object the event carried.</summary>
    public string? NullCritical { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// A rerun through Airflow and how far it got. The sweeper moves it on (precondition DAG, then clear or trigger, then
/// follow to the end); each step is safe to repeat after a crash, because the DAG run ids it creates are derived from
/// this row's id.
/// </summary>
public sealed class RerunRow
{
    public long Id { get; set; }
    public long? IncidentId { get; set; }
    public required string PipelineId { get; set; }
    public required string DagId { get; set; }
    public required string RequestedBy { get; set; }
    public long RequestedAt { get; set; }

    /// <summary><c>clear</c> or <c>trigger</c>.</summary>
    public required string Mode { get; set; }
    public string? SourceRunId { get; set; }
    public string? LoadDate { get; set; }

    /// <summary>The run's <c>conf</c> as JSON.</summary>
    public required string Conf { get; set; }

    /// <summary>Precondition DAGs still to run, comma-separated, in order.</summary>
    public string? PendingPreconditions { get; set; }

    /// <summary><c>precondition</c>, <c>starting</c>, <c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public required string State { get; set; }

    /// <summary>The DAG and run being followed now (a precondition's, or the rerun's own).</summary>
    public string? FollowDagId { get; set; }
    public string? FollowRunId { get; set; }

    /// <summary>
    /// Set while Airflow does not answer: when the rerun gives up (the first failed try plus
    /// <c>PipelineBot:Airflow:GiveUpAfter</c>); <see cref="Note"/> says what failed. Cleared when Airflow answers again.
    /// </summary>
    public long? GiveUpAt { get; set; }
    public string? Note { get; set; }
    public long NextStepAt { get; set; }
    public long? FinishedAt { get; set; }
}

/// <summary>A data deadline whose runs were checked, so each deadline is checked once.</summary>
public sealed class DeadlineCheckRow
{
    public long Deadline { get; set; }
    public long CheckedAt { get; set; }
}

/// <summary>A job that one instance at a time holds (<see cref="Lease"/>): who holds it and until when, renewed while held.</summary>
public sealed class LeaseRow
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public long Until { get; set; }
}

/// <summary>A step of a shift handoff taken (<c>{change ticks}:reminded</c> or <c>:posted</c>), so it is taken once.</summary>
public sealed class HandoffRow
{
    public required string Key { get; set; }
    public long At { get; set; }
}

/// <summary>A month whose SLA review was posted to the team by itself, so it is posted once.</summary>
public sealed class SlaReviewPostRow
{
    /// <summary><c>2026-11</c>.</summary>
    public required string Month { get; set; }
    public long PostedAt { get; set; }
}

/// <summary>A member's secret calendar-feed token: the feed's URL is the only key to it, so a reset replaces the token.</summary>
public sealed class CalendarLinkRow
{
    public required string MemberId { get; set; }
    public required string Token { get; set; }
    public long CreatedAt { get; set; }
}

/// <summary>A one-time sign-in link to the web pages, sent in chat: stored by its token's hash, used once, until its expiry.</summary>
public sealed class SignInLinkRow
{
    public required string TokenHash { get; set; }
    public required string MemberId { get; set; }
    public long ExpiresAt { get; set; }
    public long? UsedAt { get; set; }
}

/// <summary>A signed-in browser: its cookie's hash, whose it is, the token its forms carry, and until when.</summary>
public sealed class WebSessionRow
{
    public required string IdHash { get; set; }
    public required string MemberId { get; set; }
    public required string FormToken { get; set; }
    public long ExpiresAt { get; set; }
}

/// <summary>A request a channel took in (<see cref="Channels.InboundKeys"/>), so a retry of it is handled once.</summary>
public sealed class InboundKeyRow
{
    public required string Key { get; set; }
    public long At { get; set; }
}

/// <summary>
/// A backfill or environment rebuild (<see cref="Domain.Operations.Operation"/>): its steps with their progress as JSON,
/// claimed step by step like a rerun by moving <see cref="NextStepAt"/> a lease ahead.
/// </summary>
public sealed class OperationRow
{
    public long Id { get; set; }

    /// <summary><c>backfill</c> or <c>rebuild</c>.</summary>
    public required string Kind { get; set; }
    public string? PipelineId { get; set; }
    public required string RequestedBy { get; set; }
    public long RequestedAt { get; set; }

    /// <summary><c>proposed</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string State { get; set; }

    /// <summary>The steps, in order, with what each found, started and follows.</summary>
    public required string Steps { get; set; }

    /// <summary>Who confirmed or cancelled it.</summary>
    public string? DecidedBy { get; set; }

    /// <summary>When its next step is due; null while it waits for Confirm and once it is over.</summary>
    public long? NextStepAt { get; set; }

    /// <summary>Set while Airflow does not answer: when the operation gives up.</summary>
    public long? GiveUpAt { get; set; }
    public long? FinishedAt { get; set; }
}
