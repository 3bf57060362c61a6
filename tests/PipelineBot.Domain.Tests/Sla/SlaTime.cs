using NodaTime;
using NodaTime.Text;

using PipelineBot.Domain.Sla;

namespace PipelineBot.Domain.Tests.Sla;

/// <summary>Business hours, policies and instants written the way people say them: "2026-03-06 16:55" in a named zone.</summary>
internal static class SlaTime
{
    public static readonly IsoDayOfWeek[] Weekdays =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];

    public static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    public static BusinessHours Hours(string zone, string start, string end, params IsoDayOfWeek[] days) =>
        new(Zone(zone), new HashSet<IsoDayOfWeek>(days.Length == 0 ? Weekdays : days), Time(start), end == "24:00" ? LocalTime.Midnight : Time(end));

    public static BusinessHours AlwaysOpen(string zone) => Hours(zone, "00:00", "24:00", Enum.GetValues<IsoDayOfWeek>()[1..]);

    public static LocalTime Time(string text) => LocalTimePattern.CreateWithInvariantCulture("HH':'mm").Parse(text).Value;

    /// <summary>A local time that the zone shows once; throws on a skipped or repeated one, which a test must spell out with an offset.</summary>
    public static Instant At(string zone, string local) =>
        Zone(zone).AtStrictly(LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm").Parse(local).Value).ToInstant();

    /// <summary>An instant given with its UTC offset, for the hour a fall-back repeats: "2026-10-25 02:30 +02".</summary>
    public static Instant AtOffset(string text) =>
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm o<+HH>").Parse(text).Value.ToInstant();

    public static SlaPolicy Policy(string deadline = "08:00", string deadlineZone = "UTC", decimal maxDroppedPercent = 0.1m) => new(
        Duration.FromMinutes(15),
        Duration.FromMinutes(5),
        Duration.FromHours(3),
        Time(deadline),
        Zone(deadlineZone),
        Duration.FromHours(1),
        Duration.FromDays(2),
        maxDroppedPercent,
        99.5m);
}
