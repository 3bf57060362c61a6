using NodaTime;

namespace PipelineBot.Domain.Holidays;

/// <summary>
/// What happens to a leaver's holidays (PRODUCT §2, seed 003: "new team members inherit the freed holidays"). Only the
/// leaver's holidays on or after the leaving date are touched; past ones stay as history for rule 1.
/// </summary>
public static class Turnover
{
    /// <summary>The leaver's holidays from <paramref name="from"/> on, given to the replacement; apply them with <see cref="HolidayPlan.With(IEnumerable{HolidayAssignment})"/>.</summary>
    public static IReadOnlyList<HolidayAssignment> Inherit(HolidayPlan plan, string leaverId, string replacementId, LocalDate from) =>
        [.. FutureOf(plan, leaverId, from).Select(a => a with { MemberId = replacementId })];

    /// <summary>The leaver's holidays from <paramref name="from"/> on, for <see cref="HolidayPlanner.Replan"/> when nobody replaces them.</summary>
    public static IReadOnlyList<HolidayInstance> Free(HolidayPlan plan, string leaverId, LocalDate from) =>
        [.. FutureOf(plan, leaverId, from).Select(a => new HolidayInstance(a.Holiday, a.Year, a.Date))];

    private static IEnumerable<HolidayAssignment> FutureOf(HolidayPlan plan, string leaverId, LocalDate from) =>
        plan.Of(leaverId).Where(a => a.Date >= from);
}
