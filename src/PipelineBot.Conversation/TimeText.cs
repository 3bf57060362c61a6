using NodaTime;
using NodaTime.Text;

namespace PipelineBot.Conversation;

/// <summary>Instants and dates as the asking person reads them: in their zone, with the weekday, and the zone named.</summary>
internal static class TimeText
{
    private static readonly LocalDateTimePattern Moment = LocalDateTimePattern.CreateWithInvariantCulture("ddd uuuu'-'MM'-'dd HH':'mm");
    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("ddd uuuu'-'MM'-'dd");

    /// <summary>"Mon 2026-11-23 00:00 Europe/Berlin".</summary>
    public static string Format(Instant instant, DateTimeZone zone) => $"{Local(instant, zone)} {zone.Id}";

    /// <summary>"Mon 2026-11-23 00:00", for lists whose heading names the zone once.</summary>
    public static string Local(Instant instant, DateTimeZone zone) => Moment.Format(instant.InZone(zone).LocalDateTime);

    /// <summary>"Fri 2026-12-25".</summary>
    public static string Format(LocalDate date) => Day.Format(date);
}
