using NodaTime;

using PipelineBot.Domain.Sla;

namespace PipelineBot.Domain.Catalog;

/// <summary>How often a pipeline's runs are scheduled (seed 002: "daily batch unless specified").</summary>
public enum RunCadence
{
    Daily,

    /// <summary>Each business day: the days of the business hours, less the holidays the team does not work.</summary>
    BusinessDays,

    /// <summary>Once a week, on <see cref="RunSchedule.Day"/>.</summary>
    Weekly,
}

/// <summary>
/// The logical dates a pipeline is scheduled to run for, which the SLA review counts its availability against.
/// Invariant: <see cref="Day"/> is a day of the week exactly when the cadence is weekly.
/// </summary>
public sealed record RunSchedule
{
    private RunSchedule(RunCadence cadence, IsoDayOfWeek day)
    {
        Cadence = cadence;
        Day = day;
    }

    public static RunSchedule Daily { get; } = new(RunCadence.Daily, IsoDayOfWeek.None);

    public static RunSchedule BusinessDays { get; } = new(RunCadence.BusinessDays, IsoDayOfWeek.None);

    public RunCadence Cadence { get; }

    public IsoDayOfWeek Day { get; }

    public static RunSchedule Weekly(IsoDayOfWeek day) =>
        day is IsoDayOfWeek.None ? throw new ArgumentOutOfRangeException(nameof(day), "A weekly schedule needs its day.") : new(RunCadence.Weekly, day);

    /// <summary>Reads <c>daily</c>, <c>business days</c> or <c>weekly on Monday</c> (also <c>business-days</c>, <c>weekly:Monday</c>); null otherwise.</summary>
    public static RunSchedule? Parse(string text)
    {
        var words = text.Trim().ToLowerInvariant().Replace('-', ' ').Replace(':', ' ')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w != "on").ToArray();
        return words switch
        {
            ["daily"] => Daily,
            ["business", "days"] => BusinessDays,
            ["weekly", var day] => DayOf(day) is { } d ? Weekly(d) : null,
            _ => null,
        };
    }

    /// <summary>Whether a run is scheduled for <paramref name="date"/>.</summary>
    public bool IsScheduled(LocalDate date, BusinessHours hours) => Cadence switch
    {
        RunCadence.Daily => true,
        RunCadence.BusinessDays => hours.IsBusinessDay(date),
        _ => date.DayOfWeek == Day,
    };

    public override string ToString() => Cadence switch
    {
        RunCadence.Daily => "daily",
        RunCadence.BusinessDays => "business days",
        _ => $"weekly on {Day}",
    };

    private static IsoDayOfWeek? DayOf(string word) =>
        Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).Select(d => (IsoDayOfWeek?)d)
            .FirstOrDefault(d => d.ToString()!.StartsWith(word, StringComparison.OrdinalIgnoreCase) && word.Length >= 3);
}
