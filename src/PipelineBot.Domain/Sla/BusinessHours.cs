using NodaTime;

namespace PipelineBot.Domain.Sla;

/// <summary>
/// The hours in which the ack clock runs. Invariant: <see cref="Start"/> comes before <see cref="End"/> on every open
/// day, where an <see cref="End"/> of <see cref="LocalTime.Midnight"/> stands for 24:00, the end of the day: an end can
/// never be the midnight that starts the day, so the value is free to mean the one that ends it.
/// </summary>
public sealed record BusinessHours(DateTimeZone Zone, IReadOnlySet<IsoDayOfWeek> Days, LocalTime Start, LocalTime End)
{
    public bool EndsAtEndOfDay => End == LocalTime.Midnight;

    /// <summary>Open every hour of every day, so the ack clock starts the moment an alert arrives.</summary>
    public bool AlwaysOpen => Days.Count == 7 && Start == LocalTime.Midnight && EndsAtEndOfDay;
}
