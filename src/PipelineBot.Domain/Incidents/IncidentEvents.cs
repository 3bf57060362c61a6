using NodaTime;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Domain.Incidents;

/// <summary>What an operation on an incident did, or why it did nothing. The conversation layer words it.</summary>
public abstract record IncidentOutcome
{
    /// <summary>Whether the operation changed the incident.</summary>
    public abstract bool Changed { get; }
}

/// <summary>Someone paged about a new incident, and in which capacity (both when the person on call owns the pipeline).</summary>
public sealed record Page(string MemberId, bool OnCall, bool PrimaryOwner);

/// <summary>
/// A new incident. <paramref name="Paged"/> is empty when it was linked to an open incident upstream
/// (<paramref name="LinkedTo"/>): that one's people are already on it.
/// </summary>
/// <param name="AckClockStart">When the ack clock starts: now in business hours, else when they next begin.</param>
public sealed record Opened(IReadOnlyList<Page> Paged, Instant AckClockStart, bool AckClockWaits, long? LinkedTo) : IncidentOutcome
{
    public override bool Changed => true;
}

public sealed record Acknowledged(string By, Instant At, Instant ResolveDueAt) : IncidentOutcome
{
    public override bool Changed => true;
}

/// <summary>Someone acknowledged first; the incident keeps its first acknowledger.</summary>
public sealed record AlreadyAcknowledged(string By, Instant At) : IncidentOutcome
{
    public override bool Changed => false;
}

/// <summary>Resolved is final: nothing more changes it.</summary>
public sealed record AlreadyResolved(string By, Instant At) : IncidentOutcome
{
    public override bool Changed => false;
}

/// <summary>The incident resolved, and with it every open incident linked to it (<paramref name="AlsoResolved"/>).</summary>
public sealed record Resolved(string By, Instant At, string Resolution, IReadOnlyList<long> AlsoResolved) : IncidentOutcome
{
    public override bool Changed => true;
}

/// <summary>The incident was handed to <paramref name="Expert"/>, the expert of <paramref name="Area"/>, by <paramref name="By"/>.</summary>
public sealed record HandedOver(ExpertArea Area, string Expert, string By, Instant At) : IncidentOutcome
{
    public override bool Changed => true;
}

/// <summary>The incident is with that expert already, since <paramref name="Since"/>.</summary>
public sealed record AlreadyWithExpert(string Expert, Instant Since) : IncidentOutcome
{
    public override bool Changed => false;
}

/// <summary>There is no such incident.</summary>
public sealed record NoSuchIncident(long Id) : IncidentOutcome
{
    public override bool Changed => false;
}

/// <summary>Which SLA an escalation is for.</summary>
public enum Breach
{
    /// <summary>Not acknowledged within <see cref="Sla.SlaPolicy.AckTimeout"/> of business hours.</summary>
    Ack,

    /// <summary>Not resolved within <see cref="Sla.SlaPolicy.ResolveTimeout"/> of detection.</summary>
    Resolve,
}

/// <summary>A clock came due and had an effect.</summary>
public abstract record ClockFired : IncidentOutcome
{
    public override bool Changed => true;
}

/// <summary>The person on call is reminded before the ack deadline.</summary>
public sealed record Reminded(string OnCall, Instant EscalatesAt) : ClockFired;

/// <summary>
/// An SLA breach (PRODUCT §4): <paramref name="Paged"/> are the secondary owner and the managers, <paramref name="Told"/>
/// the downstream team's leads. <paramref name="Limit"/> is the SLA figure that was broken.
/// </summary>
public sealed record Escalated(Breach Why, Duration Limit, IReadOnlyList<string> Paged, IReadOnlyList<string> Told) : ClockFired;

/// <summary>The downstream stakeholders are told the data is late by more than <paramref name="Delay"/>.</summary>
public sealed record StakeholdersTold(Duration Late, Duration Delay, IReadOnlyList<string> Leads) : ClockFired;

/// <summary>The person on call is prompted to contact the pipeline's external contacts (late source data).</summary>
public sealed record ExternalContactPrompted(string OnCall, Duration Delay, IReadOnlyList<ExternalContact> Contacts) : ClockFired;

/// <summary>A clock came due after the incident had moved on: it closes without effect.</summary>
public sealed record ClockMoot(ClockKind Kind) : IncidentOutcome
{
    public override bool Changed => false;
}
