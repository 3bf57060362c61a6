using NodaTime;

namespace PipelineBot.Domain.Incidents;

/// <summary>The SLA clocks an incident can run (PRODUCT §4, seed 003).</summary>
public enum ClockKind
{
    /// <summary>Reminds the person on call shortly before the ack deadline.</summary>
    AckReminder,

    /// <summary>Escalates an incident nobody acknowledged in time.</summary>
    AckDeadline,

    /// <summary>Escalates an incident not resolved in time, acknowledged or not.</summary>
    ResolveDeadline,

    /// <summary>Tells the downstream stakeholders that data is late.</summary>
    Stakeholders,

    /// <summary>Prompts the person on call to contact the pipeline's external contact about source data.</summary>
    ExternalContact,
}

/// <summary>
/// One SLA clock of an incident. Invariant: it closes once, either fired (its effect happened) or moot (the incident
/// had moved on), and a closed clock never opens again.
/// </summary>
/// <param name="Id">The stored id; 0 for a clock not stored yet.</param>
public sealed class IncidentClock(ClockKind kind, Instant dueAt, long id = 0, Instant? closedAt = null, bool fired = false)
{
    public long Id => id;

    public ClockKind Kind => kind;

    public Instant DueAt => dueAt;

    public Instant? ClosedAt { get; private set; } = closedAt;

    /// <summary>Whether the clock's effect happened when it closed (false: it was moot).</summary>
    public bool Fired { get; private set; } = closedAt is not null && fired;

    public bool IsOpen => ClosedAt is null;

    /// <summary>The names clocks are stored under.</summary>
    public static string NameOf(ClockKind kind) => kind switch
    {
        ClockKind.AckReminder => "ack-reminder",
        ClockKind.AckDeadline => "ack-deadline",
        ClockKind.ResolveDeadline => "resolve-deadline",
        ClockKind.Stakeholders => "stakeholders",
        _ => "external-contact",
    };

    public static ClockKind? KindOf(string name) => Enum.GetValues<ClockKind>().Cast<ClockKind?>().FirstOrDefault(k => NameOf(k!.Value) == name);

    internal void Close(Instant at, bool fired)
    {
        if (IsOpen)
        {
            ClosedAt = at;
            Fired = fired;
        }
    }

    /// <summary>Whether this clock guards the acknowledgement: it has nothing left to do once someone acknowledged.</summary>
    internal bool GuardsAck => Kind is ClockKind.AckReminder or ClockKind.AckDeadline;
}
