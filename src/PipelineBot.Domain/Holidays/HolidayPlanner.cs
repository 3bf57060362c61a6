using NodaTime;

using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Holidays;

/// <summary>A holiday the planner left unassigned, and why, in words for the team.</summary>
public sealed record PlanProblem(HolidayInstance Instance, string Reason);

/// <summary>The plan after planning, what was added to it, and what could not be.</summary>
public sealed record PlanResult(HolidayPlan Plan, IReadOnlyList<HolidayAssignment> Added, IReadOnlyList<PlanProblem> Problems);

/// <summary>
/// Gives holiday shifts to people (PRODUCT §2). Invariants: it only fills empty slots, so a published assignment never
/// moves (rule 3); it never gives a holiday to someone who holds the same holiday less than <c>ruleYears</c> years before
/// or after (rule 1), and says so when nobody is left (rule 4).
/// <para>
/// Rule 2 picks, among the people on the rotation on the holiday's date who rule 1 allows, the one with the lowest
/// <b>load</b>; ties go to the fewest times holding this holiday, then the longest since they last held it (never is
/// longest), then the longest since any holiday, then roster order. Load is a baseline plus every holiday shift the person
/// holds in the plan (imported history and published years included). The baseline is 0 for the founding roster; a
/// replacement (who takes the leaver's slot on the day they go) starts from the leaver's load on that day; anyone else who
/// joins starts from the lowest load among the people on the rotation on their join date, so a newcomer shares holidays
/// from the start instead of taking every one until they catch up.
/// </para>
/// <para>
/// Instances are filled year by year and in date order within a year, one at a time: planning A..B and then B+1..C gives
/// exactly what planning A..C does. (Year first, because observance can move a holiday across New Year.)
/// </para>
/// </summary>
public sealed class HolidayPlanner(HolidayCalendar calendar, RosterTimeline roster, int ruleYears = 4, Func<string, string>? nameOf = null)
{
    private readonly Func<string, string> _nameOf = nameOf ?? (id => id);

    public int RuleYears { get; } = ruleYears >= 1 ? ruleYears : throw new ArgumentOutOfRangeException(nameof(ruleYears));

    /// <summary>Fills every holiday of the years <paramref name="fromYear"/>..<paramref name="throughYear"/> that has no holder.</summary>
    public PlanResult Plan(HolidayPlan existing, int fromYear, int throughYear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughYear, fromYear);
        var open = Enumerable.Range(fromYear, throughYear - fromYear + 1)
            .SelectMany(calendar.InstancesIn)
            .Where(i => existing.HolderOf(i.Name, i.Year) is null);
        return Assign(existing, open);
    }

    /// <summary>
    /// Gives each freed instance a new holder under rules 1 and 2; whoever held a freed instance loses it, and nothing else
    /// in the plan changes.
    /// </summary>
    public PlanResult Replan(HolidayPlan plan, IReadOnlyCollection<HolidayInstance> freed) => Assign(plan.Without(freed), freed);

    private PlanResult Assign(HolidayPlan plan, IEnumerable<HolidayInstance> open)
    {
        var ledger = new Ledger(plan, roster);
        var added = new List<HolidayAssignment>();
        var problems = new List<PlanProblem>();
        foreach (var instance in open.OrderBy(i => i.Year).ThenBy(i => i.Date))
        {
            var blockers = Blockers(plan, instance);
            var active = roster.ActiveOn(instance.Date);
            string? chosen = null;
            var best = default(Standing);
            foreach (var member in active)
            {
                if (blockers.Exists(b => b.MemberId == member))
                {
                    continue;
                }

                var standing = ledger.StandingOf(member, instance);
                if (chosen is null || standing.CompareTo(best) < 0)
                {
                    (chosen, best) = (member, standing);
                }
            }

            if (chosen is null)
            {
                problems.Add(new PlanProblem(instance, Explain(instance, active, blockers)));
                continue;
            }

            var assignment = new HolidayAssignment(instance.Name, instance.Year, instance.Date, chosen);
            plan = plan.With(assignment);
            ledger.Record(assignment);
            added.Add(assignment);
        }

        return new PlanResult(plan, added, problems);
    }

    /// <summary>Whoever holds the same holiday in a year that rule 1 puts too close, nearest year first.</summary>
    private List<HolidayAssignment> Blockers(HolidayPlan plan, HolidayInstance instance)
    {
        var blockers = new List<HolidayAssignment>();
        for (var distance = 1; distance < RuleYears; distance++)
        {
            foreach (var year in (ReadOnlySpan<int>)[instance.Year - distance, instance.Year + distance])
            {
                if (plan.AssignmentOf(instance.Name, year) is { } held)
                {
                    blockers.Add(held);
                }
            }
        }

        return blockers;
    }

    private string Explain(HolidayInstance instance, IReadOnlyList<string> active, List<HolidayAssignment> blockers)
    {
        var held = blockers
            .Where(b => active.Contains(b.MemberId, StringComparer.Ordinal))
            .GroupBy(b => b.MemberId, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderByDescending(b => b.Year)
            .ToList();
        var parts = new List<string>();
        string? lastVerb = null;
        foreach (var b in held)
        {
            var verb = b.Year < instance.Year ? "held it in" : "holds it in";
            parts.Add(verb == lastVerb ? $"{_nameOf(b.MemberId)} in {b.Year}" : $"{_nameOf(b.MemberId)} {verb} {b.Year}");
            lastVerb = verb;
        }

        var who = string.Join(", ", parts);
        var what = $"{instance.Name} {instance.Year} cannot be planned";
        return active.Count < RuleYears
            ? $"{what}: only {active.Count} {(active.Count == 1 ? "person is" : "people are")} on the rotation and the {RuleYears}-year rule needs {RuleYears} ({who})."
            : $"{what}: everyone on the rotation holds {instance.Name} less than {RuleYears} years before or after {instance.Year} ({who}).";
    }

    /// <summary>How a candidate compares under rule 2; lower is chosen first.</summary>
    private readonly record struct Standing(int Load, int TimesHeld, int LastYearHeld, LocalDate LastAnyHoliday) : IComparable<Standing>
    {
        public int CompareTo(Standing other)
        {
            var byLoad = Load.CompareTo(other.Load);
            if (byLoad != 0)
            {
                return byLoad;
            }

            var byTimes = TimesHeld.CompareTo(other.TimesHeld);
            if (byTimes != 0)
            {
                return byTimes;
            }

            var byLastHeld = LastYearHeld.CompareTo(other.LastYearHeld);
            return byLastHeld != 0 ? byLastHeld : LastAnyHoliday.CompareTo(other.LastAnyHoliday);
        }
    }

    /// <summary>
    /// Per-member counters kept up to date as assignments are made, so choosing a holder costs a few lookups per candidate
    /// instead of a scan of the plan.
    /// </summary>
    private sealed class Ledger
    {
        private readonly RosterTimeline _roster;
        private static readonly List<int> Never = [];

        private readonly Dictionary<string, List<LocalDate>> _dates = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, List<int>>> _years = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _baselines = new(StringComparer.Ordinal);

        public Ledger(HolidayPlan plan, RosterTimeline roster)
        {
            _roster = roster;
            foreach (var assignment in plan.Assignments)
            {
                Record(assignment);
            }
        }

        public void Record(HolidayAssignment assignment)
        {
            InsertSorted(Dates(assignment.MemberId), assignment.Date);
            var byHoliday = _years.TryGetValue(assignment.MemberId, out var known) ? known : _years[assignment.MemberId] = new(StringComparer.OrdinalIgnoreCase);
            InsertSorted(byHoliday.TryGetValue(assignment.Holiday, out var years) ? years : byHoliday[assignment.Holiday] = [], assignment.Year);
        }

        public Standing StandingOf(string memberId, HolidayInstance instance)
        {
            var years = Years(memberId, instance.Name);
            var dates = Dates(memberId);
            var lastYear = CountBefore(years, instance.Year) is var y and > 0 ? years[y - 1] : int.MinValue;
            var lastDate = CountBefore(dates, instance.Date) is var d and > 0 ? dates[d - 1] : LocalDate.MinIsoValue;
            return new Standing(Baseline(memberId) + dates.Count, years.Count, lastYear, lastDate);
        }

        private int Baseline(string memberId)
        {
            if (_baselines.TryGetValue(memberId, out var known))
            {
                return known;
            }

            var joined = _roster.JoinedOn(memberId) ?? _roster.Start;
            var baseline = joined <= _roster.Start ? 0 : JoinerBaseline(memberId, joined);
            _baselines[memberId] = baseline;
            return baseline;
        }

        private int JoinerBaseline(string memberId, LocalDate joined)
        {
            if (_roster.Changes.OfType<MemberLeft>().FirstOrDefault(l => l.ReplacedBy == memberId) is { } replaced)
            {
                return LoadOn(replaced.MemberId, replaced.EffectiveFrom);
            }

            // Only people who joined earlier count, so that two people joining on one day do not wait for each other.
            var after = _roster.ActiveOn(joined);
            var loads = after.Where(m => m != memberId && _roster.JoinedOn(m) < joined).Select(m => LoadOn(m, joined)).ToList();
            return loads.Count == 0 ? 0 : loads.Min();
        }

        private int LoadOn(string memberId, LocalDate date) => Baseline(memberId) + CountBefore(Dates(memberId), date);

        private List<LocalDate> Dates(string memberId) =>
            _dates.TryGetValue(memberId, out var dates) ? dates : _dates[memberId] = [];

        private List<int> Years(string memberId, string holiday) =>
            _years.TryGetValue(memberId, out var byHoliday) && byHoliday.TryGetValue(holiday, out var years) ? years : Never;

        /// <summary>How many items of a sorted list are less than <paramref name="value"/>.</summary>
        private static int CountBefore<T>(List<T> sorted, T value)
            where T : IComparable<T>
        {
            var (low, high) = (0, sorted.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (sorted[middle].CompareTo(value) < 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        private static void InsertSorted<T>(List<T> sorted, T value)
            where T : IComparable<T> =>
            sorted.Insert(CountBefore(sorted, value), value);
    }
}
