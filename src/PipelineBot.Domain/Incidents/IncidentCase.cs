using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Sla;

namespace PipelineBot.Domain.Incidents;

/// <summary>What an incident is about and how its clocks were set when it opened; none of it changes later.</summary>
/// <param name="Id">The stored id; 0 before the incident is stored.</param>
/// <param name="PagedMemberId">The person on call who was paged; null when the incident was linked and paged nobody.</param>
/// <param name="MissedDeadline">For late data: the data deadline that passed.</param>
/// <param name="LinkedTo">The open upstream incident it was linked to, if any.</param>
public sealed record IncidentFacts(
    long Id,
    string PipelineId,
    IncidentKind Kind,
    Instant OpenedAt,
    Instant AckClockStart,
    Instant AckDueAt,
    Instant ResolveDueAt,
    string? PagedMemberId,
    Instant? MissedDeadline,
    long? LinkedTo);

/// <summary>How far an incident got: who acknowledged and resolved it and when, and which SLAs it breached.</summary>
public sealed record IncidentProgress(
    IncidentState State,
    string? AcknowledgedBy = null,
    Instant? AcknowledgedAt = null,
    string? ResolvedBy = null,
    Instant? ResolvedAt = null,
    string? Resolution = null,
    Instant? AckBreachedAt = null,
    Instant? ResolveBreachedAt = null,
    string? Expert = null,
    ExpertArea? ExpertArea = null,
    Instant? ExpertSince = null)
{
    public static IncidentProgress New { get; } = new(IncidentState.Open);
}

/// <summary>What can still be done to an incident; a card shows a button for each.</summary>
[Flags]
public enum IncidentActions
{
    None = 0,
    Acknowledge = 1,
    Resolve = 2,
    Rerun = 4,
    RerunAdaptive = 8,
    EscalateToExpert = 16,
}

/// <summary>
/// One incident and its rules (PRODUCT §4). Invariants: it only moves forward (open → acknowledged → resolved, or open →
/// resolved); the first acknowledgement stays; resolved is final; the incidents linked to it resolve with it; a clock
/// closes with the state it guards (no ack clock is open once acknowledged or resolved, no clock at all once resolved).
/// </summary>
public sealed class IncidentCase
{
    /// <summary>The actor of what the bot does by itself (escalations, automatic resolution).</summary>
    public const string Bot = "pipelinebot";

    private readonly List<IncidentClock> _clocks;
    private readonly List<IncidentCase> _linked;

    /// <param name="linked">The incidents linked to this one that are not resolved; they resolve with it.</param>
    public IncidentCase(IncidentFacts facts, IncidentProgress progress, IEnumerable<IncidentClock> clocks, IEnumerable<IncidentCase>? linked = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(clocks);
        Facts = facts;
        Progress = progress;
        _clocks = [.. clocks];
        _linked = [.. linked ?? []];
    }

    public IncidentFacts Facts { get; }

    public IncidentProgress Progress { get; private set; }

    public long Id => Facts.Id;

    public IncidentState State => Progress.State;

    public IReadOnlyList<IncidentClock> Clocks => _clocks;

    public IReadOnlyList<IncidentCase> Linked => _linked;

    /// <summary>
    /// Opens an incident of <paramref name="pipeline"/> at <paramref name="now"/>. Linked to an open upstream incident
    /// (<paramref name="linkedTo"/>), it pages nobody and runs no ack or resolve clock; otherwise it pages the person on
    /// call and the primary owner, with the ack clock counted in business time from <see cref="BusinessHours.ClockStart"/>.
    /// Late data (<paramref name="missedDeadline"/>) also gets the stakeholders' clock and, for a pipeline with external
    /// contacts, theirs.
    /// </summary>
    public static (IncidentCase Incident, Opened Opened) Open(
        Pipeline pipeline, IncidentKind kind, Instant now, string onCallId, long? linkedTo, Instant? missedDeadline, SlaPolicy sla, BusinessHours hours)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(sla);
        ArgumentNullException.ThrowIfNull(hours);
        var ackStart = hours.ClockStart(now);
        var facts = new IncidentFacts(
            0, pipeline.Id, kind, now, ackStart, hours.Add(ackStart, sla.AckTimeout), now + sla.ResolveTimeout, linkedTo is null ? onCallId : null,
            missedDeadline, linkedTo);
        var clocks = new List<IncidentClock>();
        var paged = new List<Page>();
        if (linkedTo is null)
        {
            clocks.Add(new IncidentClock(ClockKind.AckReminder, hours.Add(ackStart, sla.AckTimeout - sla.ReminderBefore)));
            clocks.Add(new IncidentClock(ClockKind.AckDeadline, facts.AckDueAt));
            clocks.Add(new IncidentClock(ClockKind.ResolveDeadline, facts.ResolveDueAt));
            paged.Add(new Page(onCallId, OnCall: true, PrimaryOwner: onCallId == pipeline.PrimaryOwner));
            if (onCallId != pipeline.PrimaryOwner)
            {
                paged.Add(new Page(pipeline.PrimaryOwner, OnCall: false, PrimaryOwner: true));
            }
        }

        if (missedDeadline is { } deadline)
        {
            clocks.Add(new IncidentClock(ClockKind.Stakeholders, deadline + sla.StakeholderDelay));
            if (pipeline.ExternalContacts.Count > 0)
            {
                clocks.Add(new IncidentClock(ClockKind.ExternalContact, deadline + sla.ExternalContactDelay));
            }
        }

        return (new IncidentCase(facts, IncidentProgress.New, clocks), new Opened(paged, ackStart, ackStart > now, linkedTo));
    }

    /// <summary>
    /// The incident a new one of <paramref name="pipeline"/> is linked to: the open, unlinked incident of the pipeline
    /// itself or of the nearest pipeline upstream of it (the catalog's <see cref="Pipeline.Upstream"/>, breadth first),
    /// the oldest of them when a pipeline has several; null when there is none.
    /// </summary>
    /// <param name="open">The incidents that are neither resolved nor linked: (id, pipeline id).</param>
    public static long? LinkTarget(Catalog.Catalog catalog, Pipeline pipeline, IEnumerable<(long Id, string PipelineId)> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(catalog);
        var lineage = catalog.Lineage(pipeline);
        return open
            .Select(o => (o.Id, Rank: IndexOf(lineage, o.PipelineId)))
            .Where(o => o.Rank >= 0)
            .OrderBy(o => o.Rank).ThenBy(o => o.Id)
            .Select(o => (long?)o.Id)
            .FirstOrDefault();
    }

    private static int IndexOf(IReadOnlyList<string> lineage, string pipelineId)
    {
        for (var i = 0; i < lineage.Count; i++)
        {
            if (string.Equals(lineage[i], pipelineId, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>What can still be done to an incident in <paramref name="state"/> of <paramref name="pipeline"/>.</summary>
    public static IncidentActions AllowedIn(IncidentState state, Pipeline? pipeline)
    {
        if (state == IncidentState.Resolved)
        {
            return IncidentActions.None;
        }

        var actions = IncidentActions.Resolve | IncidentActions.EscalateToExpert | (state == IncidentState.Open ? IncidentActions.Acknowledge : IncidentActions.None);
        if (pipeline?.Orchestrator is { } orchestrator)
        {
            actions |= IncidentActions.Rerun;
            if (orchestrator.RerunParameters.Contains(RerunParameters.SparkAdaptiveExecution))
            {
                actions |= IncidentActions.RerunAdaptive;
            }
        }

        return actions;
    }

    public IncidentActions Allowed(Pipeline? pipeline) => AllowedIn(State, pipeline);

    /// <summary>Acknowledges an open incident; the first acknowledgement stays, and a resolved incident is final.</summary>
    public IncidentOutcome Acknowledge(string memberId, Instant now)
    {
        if (Refusal() is { } refused)
        {
            return refused;
        }

        Progress = Progress with { State = IncidentState.Acknowledged, AcknowledgedBy = memberId, AcknowledgedAt = now };
        CloseClocks(now, c => c.GuardsAck);
        return new Acknowledged(memberId, now, Facts.ResolveDueAt);
    }

    /// <summary>
    /// Hands the incident to <paramref name="expert"/>, the expert of <paramref name="area"/>. The incident stays open
    /// and its clocks keep running: the expert works it, first-line support no longer does. Handing it to whoever has
    /// it already changes nothing; a resolved incident is final.
    /// </summary>
    public IncidentOutcome HandOver(ExpertArea area, string expert, string by, Instant now)
    {
        if (State == IncidentState.Resolved)
        {
            return AlreadyDone();
        }

        if (Progress.Expert == expert)
        {
            return new AlreadyWithExpert(expert, Progress.ExpertSince ?? now);
        }

        Progress = Progress with { Expert = expert, ExpertArea = area, ExpertSince = now };
        return new HandedOver(area, expert, by, now);
    }

    /// <summary>Resolves the incident and every open incident linked to it; every clock of each closes.</summary>
    public IncidentOutcome Resolve(string actor, string resolution, Instant now)
    {
        if (State == IncidentState.Resolved)
        {
            return AlreadyDone();
        }

        Close(actor, resolution, now);
        var also = new List<long>();
        foreach (var linked in _linked.Where(l => l.State != IncidentState.Resolved))
        {
            linked.Close(actor, $"resolved with {IncidentNames.Id(Id)}: {resolution}", now);
            also.Add(linked.Id);
        }

        return new Resolved(actor, now, resolution, also);
    }

    /// <summary>
    /// Fires a due clock of this incident: its effect as the incident is now, or <see cref="ClockMoot"/> when the
    /// incident moved on (resolved; acknowledged, for the ack clocks) or the pipeline left the catalog. Either way the
    /// clock closes, once.
    /// </summary>
    /// <param name="onCallId">Who is on call now: the reminder and the external-contact prompt go to them.</param>
    public IncidentOutcome Fire(IncidentClock clock, Instant now, Catalog.Catalog catalog, string onCallId, SlaPolicy sla)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(sla);
        if (!_clocks.Contains(clock))
        {
            throw new ArgumentException("The clock is not one of this incident's.", nameof(clock));
        }

        if (!clock.IsOpen || clock.DueAt > now)
        {
            return new ClockMoot(clock.Kind);
        }

        var pipeline = catalog.FindPipeline(Facts.PipelineId);
        IncidentOutcome outcome = pipeline is null ? new ClockMoot(clock.Kind) : (State, clock.Kind) switch
        {
            (IncidentState.Resolved, _) => new ClockMoot(clock.Kind),
            (IncidentState.Open, ClockKind.AckReminder) => new Reminded(onCallId, Facts.AckDueAt),
            (IncidentState.Open, ClockKind.AckDeadline) => Escalate(Breach.Ack, sla.AckTimeout, pipeline, catalog, now),
            (_, ClockKind.ResolveDeadline) => Escalate(Breach.Resolve, sla.ResolveTimeout, pipeline, catalog, now),
            (_, ClockKind.Stakeholders) => new StakeholdersTold(now - (Facts.MissedDeadline ?? Facts.OpenedAt), sla.StakeholderDelay, LeadsOf(pipeline, catalog)),
            (_, ClockKind.ExternalContact) => new ExternalContactPrompted(
                onCallId, sla.ExternalContactDelay, [.. pipeline.ExternalContacts.Select(id => catalog.ExternalContacts.FirstOrDefault(c => c.Id == id)).OfType<ExternalContact>()]),
            _ => new ClockMoot(clock.Kind),
        };
        clock.Close(now, outcome.Changed);
        return outcome;
    }

    private Escalated Escalate(Breach why, Duration limit, Pipeline pipeline, Catalog.Catalog catalog, Instant now)
    {
        Progress = why == Breach.Ack ? Progress with { AckBreachedAt = now } : Progress with { ResolveBreachedAt = now };
        var paged = catalog.WithRole(Roles.Manager).Select(m => m.Id).Prepend(pipeline.SecondaryOwner).Distinct(StringComparer.Ordinal).ToList();
        return new Escalated(why, limit, paged, LeadsOf(pipeline, catalog));
    }

    private static List<string> LeadsOf(Pipeline pipeline, Catalog.Catalog catalog) =>
        [.. catalog.DownstreamTeams.Where(t => t.Id == pipeline.DownstreamTeam).SelectMany(t => t.Leads).Distinct(StringComparer.Ordinal)];

    private void Close(string actor, string resolution, Instant now)
    {
        Progress = Progress with { State = IncidentState.Resolved, ResolvedBy = actor, ResolvedAt = now, Resolution = resolution };
        CloseClocks(now, _ => true);
    }

    private void CloseClocks(Instant now, Func<IncidentClock, bool> which)
    {
        foreach (var clock in _clocks.Where(c => c.IsOpen && which(c)))
        {
            clock.Close(now, fired: false);
        }
    }

    /// <summary>Why an acknowledgement changes nothing: someone was first, or the incident is resolved.</summary>
    private IncidentOutcome? Refusal() => State == IncidentState.Open ? null : AlreadyDone();

    private IncidentOutcome AlreadyDone() => State == IncidentState.Resolved
        ? new AlreadyResolved(Progress.ResolvedBy ?? Bot, Progress.ResolvedAt ?? Facts.OpenedAt)
        : new AlreadyAcknowledged(Progress.AcknowledgedBy ?? Bot, Progress.AcknowledgedAt ?? Facts.OpenedAt);
}
