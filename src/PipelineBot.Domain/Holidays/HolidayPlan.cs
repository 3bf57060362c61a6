using System.Collections.Immutable;

using NodaTime;

namespace PipelineBot.Domain.Holidays;

/// <summary>
/// Who holds which holiday in which year, published and imported alike. Invariant: one holder per (holiday name, year),
/// names compared case-insensitively, and one holiday per date; changes return a new plan, so a published plan never
/// moves under anyone who holds a reference to it.
/// </summary>
public sealed class HolidayPlan
{
    private static readonly SlotComparer Slots = new();

    private readonly ImmutableDictionary<(string Name, int Year), HolidayAssignment> _bySlot;
    private readonly ImmutableDictionary<LocalDate, HolidayAssignment> _byDate;

    private HolidayPlan(ImmutableDictionary<(string Name, int Year), HolidayAssignment> bySlot, ImmutableDictionary<LocalDate, HolidayAssignment> byDate)
    {
        _bySlot = bySlot;
        _byDate = byDate;
    }

    public static HolidayPlan Empty { get; } = new(ImmutableDictionary.Create<(string Name, int Year), HolidayAssignment>(Slots), ImmutableDictionary<LocalDate, HolidayAssignment>.Empty);

    public IReadOnlyCollection<HolidayAssignment> Assignments => [.. _bySlot.Values.OrderBy(a => a.Date)];

    public int Count => _bySlot.Count;

    /// <summary>
    /// A plan from assignments imported from before the bot (their holders may be former staff): rule 1 sees them, and
    /// they weigh on the even spread only for people still on the rotation.
    /// </summary>
    public static HolidayPlan FromHistory(IEnumerable<HolidayAssignment> history) => Empty.With(history);

    public string? HolderOf(string holidayName, int year) => _bySlot.TryGetValue((holidayName, year), out var held) ? held.MemberId : null;

    public HolidayAssignment? AssignmentOf(string holidayName, int year) => _bySlot.GetValueOrDefault((holidayName, year));

    public HolidayAssignment? On(LocalDate date) => _byDate.GetValueOrDefault(date);

    public IReadOnlyList<HolidayAssignment> Of(string memberId) =>
        [.. _bySlot.Values.Where(a => a.MemberId == memberId).OrderBy(a => a.Date)];

    /// <summary>
    /// Rule 1: true when <paramref name="memberId"/> holds <paramref name="holidayName"/> in another year less than
    /// <paramref name="ruleYears"/> years before or after <paramref name="year"/>. The (name, year) slot itself is not
    /// looked at, so the question can be asked about the slot's current holder.
    /// </summary>
    public bool ViolatesFourYearRule(string memberId, string holidayName, int year, int ruleYears) =>
        FourYearConflict(memberId, holidayName, year, ruleYears) is not null;

    /// <summary>The nearest other year's assignment of the same holiday to the same member that rule 1 forbids, if any.</summary>
    public HolidayAssignment? FourYearConflict(string memberId, string holidayName, int year, int ruleYears)
    {
        for (var distance = 1; distance < ruleYears; distance++)
        {
            foreach (var other in (ReadOnlySpan<int>)[year - distance, year + distance])
            {
                if (_bySlot.TryGetValue((holidayName, other), out var held) && held.MemberId == memberId)
                {
                    return held;
                }
            }
        }

        return null;
    }

    /// <summary>The plan with the assignment in its slot, replacing whoever held that slot.</summary>
    public HolidayPlan With(HolidayAssignment assignment) => With([assignment]);

    public HolidayPlan With(IEnumerable<HolidayAssignment> assignments)
    {
        var bySlot = _bySlot.ToBuilder();
        var byDate = _byDate.ToBuilder();
        foreach (var assignment in assignments)
        {
            if (bySlot.TryGetValue((assignment.Holiday, assignment.Year), out var replaced))
            {
                byDate.Remove(replaced.Date);
            }

            if (byDate.TryGetValue(assignment.Date, out var clash))
            {
                throw new ArgumentException($"{assignment.Holiday} {assignment.Year} and {clash.Holiday} {clash.Year} both fall on {assignment.Date:uuuu-MM-dd}; a date has one holiday.", nameof(assignments));
            }

            bySlot[(assignment.Holiday, assignment.Year)] = assignment;
            byDate[assignment.Date] = assignment;
        }

        return new HolidayPlan(bySlot.ToImmutable(), byDate.ToImmutable());
    }

    public HolidayPlan Without(string holidayName, int year) =>
        _bySlot.TryGetValue((holidayName, year), out var held)
            ? new HolidayPlan(_bySlot.Remove((holidayName, year)), _byDate.Remove(held.Date))
            : this;

    public HolidayPlan Without(IEnumerable<HolidayInstance> instances) =>
        instances.Aggregate(this, (plan, instance) => plan.Without(instance.Name, instance.Year));

    private sealed class SlotComparer : IEqualityComparer<(string Name, int Year)>
    {
        public bool Equals((string Name, int Year) x, (string Name, int Year) y) =>
            x.Year == y.Year && StringComparer.OrdinalIgnoreCase.Equals(x.Name, y.Name);

        public int GetHashCode((string Name, int Year) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name), obj.Year);
    }
}
