using System.Globalization;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Host.Api;

/// <summary>Parses ISO 8601 query values, collecting a plain message for each one that is wrong.</summary>
internal sealed class Query
{
    private readonly List<string> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyList<string> Errors => _errors;

    public void Fail(string message) => _errors.Add(message);

    public LocalDate? Date(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail($"'{name}' is required: an ISO 8601 date such as 2026-12-25.");
            return null;
        }

        var result = LocalDatePattern.Iso.Parse(value.Trim());
        if (result.Success)
        {
            return WithinSchedule(name, value, result.Value) ? result.Value : null;
        }

        Fail($"'{name}' is '{value}', which is not an ISO 8601 date such as 2026-12-25.");
        return null;
    }

    public Instant? InstantOrNow(string name, string? value, Instant now) =>
        string.IsNullOrWhiteSpace(value) ? now : Instant(name, value);

    public Instant? Instant(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail($"'{name}' is required: an ISO 8601 instant such as 2026-12-25T09:30:00Z.");
            return null;
        }

        // An unencoded '+' in a query string arrives as a space; "10:00:00 01:00" can only have meant "+01:00".
        var text = value.Trim().Replace(' ', '+');
        foreach (var pattern in InstantPatterns)
        {
            var result = pattern.Parse(text);
            if (result.Success)
            {
                var instant = result.Value.ToInstant();
                return WithinSchedule(name, value, instant.InUtc().Date) ? instant : null;
            }
        }

        Fail($"'{name}' is '{value}', which is not an ISO 8601 instant such as 2026-12-25T09:30:00Z or 2026-12-25T09:30:00-06:00.");
        return null;
    }

    public int? Year(string name, string? value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 9999)
        {
            return year;
        }

        Fail(string.IsNullOrWhiteSpace(value) ? $"'{name}' is required: a year such as 2027." : $"'{name}' is '{value}', which is not a year such as 2027.");
        return null;
    }

    /// <summary>Every date and instant a request names is one of the schedule, which answers for <see cref="ShiftCalendar.Dates"/>.</summary>
    private bool WithinSchedule(string name, string value, LocalDate date)
    {
        if (ShiftCalendar.Dates.Contains(date))
        {
            return true;
        }

        Fail($"'{name}' is '{value}', outside the dates the schedule answers for ({ShiftCalendar.Dates.Start:uuuu-MM-dd} to {ShiftCalendar.Dates.End:uuuu-MM-dd}).");
        return false;
    }

    private static readonly OffsetDateTimePattern[] InstantPatterns =
    [
        OffsetDateTimePattern.ExtendedIso,
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
    ];
}
