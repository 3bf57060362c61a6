using NodaTime;
using NodaTime.TimeZones;

namespace PipelineBot.Domain.Sla;

/// <summary>
/// The one rule the SLA code uses to turn a local time into an instant: the first instant at which the zone's clock
/// reads that time or later. A time the clock shows twice (autumn) is its earlier showing; a time the clock skips
/// (spring) is the first instant after the gap, not the lenient resolver's shifted time, because "opens at 02:30" or
/// "data by 02:30" on a day that jumps from 02:00 to 03:00 has come due at 03:00.
/// </summary>
internal static class WallClock
{
    private static readonly ZoneLocalMappingResolver FirstReadingResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    public static Instant FirstReading(DateTimeZone zone, LocalDateTime local) => zone.ResolveLocal(local, FirstReadingResolver).ToInstant();
}
