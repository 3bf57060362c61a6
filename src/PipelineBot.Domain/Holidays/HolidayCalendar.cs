using NodaTime;

namespace PipelineBot.Domain.Holidays;

/// <summary>One holiday in one year: the unit the planner assigns and people trade.</summary>
public sealed record HolidayInstance(string Name, int Year, LocalDate Date);

/// <summary>Who holds a holiday's shift. Held per (holiday name, year); the 4-year rule reads these.</summary>
public sealed record HolidayAssignment(string Holiday, int Year, LocalDate Date, string MemberId);

/// <summary>
/// The holidays that the configured rules yield. Invariant: no two rules land on the same date in any year the
/// calendar is asked about (the configuration loader checks a wide range of years), so a date has at most one holiday.
/// </summary>
public sealed class HolidayCalendar(IReadOnlyList<HolidayRule> rules)
{
    public IReadOnlyList<HolidayRule> Rules { get; } = rules;

    public IReadOnlyList<HolidayInstance> InstancesIn(int year) =>
        [.. Rules.Select(r => new HolidayInstance(r.Name, year, r.DateIn(year))).OrderBy(i => i.Date)];

    /// <summary>Holidays whose dates fall in [from, to], in date order; observance can move a holiday into the neighbouring year.</summary>
    public IEnumerable<HolidayInstance> Between(LocalDate from, LocalDate to) =>
        Enumerable.Range(from.Year - 1, to.Year - from.Year + 3)
            .SelectMany(InstancesIn)
            .Where(i => i.Date >= from && i.Date <= to)
            .OrderBy(i => i.Date);

    public HolidayRule? Find(string name) => Rules.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first date on which two rules land in [fromYear, toYear], with the two holidays, or null if there is none.</summary>
    public (LocalDate Date, string First, string Second)? FirstCollision(int fromYear, int toYear)
    {
        for (var year = fromYear; year <= toYear; year++)
        {
            var seen = new Dictionary<LocalDate, string>();
            foreach (var instance in InstancesIn(year).Concat(InstancesIn(year + 1)))
            {
                if (!seen.TryAdd(instance.Date, instance.Name))
                {
                    return (instance.Date, seen[instance.Date], instance.Name);
                }
            }
        }

        return null;
    }
}
