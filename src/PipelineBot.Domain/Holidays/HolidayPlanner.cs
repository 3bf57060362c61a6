using System.Diagnostics;

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
/// Rule 2 works on <b>load</b>: a baseline plus every holiday shift the person holds in the plan (imported history and
/// published years included). The baseline is 0 for the founding roster; a replacement (named by the leaver's
/// <see cref="MemberLeft.ReplacedBy"/>) starts from the leaver's load on the day they go; anyone else who joins starts from
/// the lowest load among the people on the rotation on their join date, so a newcomer shares holidays from the start
/// instead of taking every one until they catch up.
/// </para>
/// <para>
/// A year's open instances are planned as a whole, so that the year ends with loads as level as rule 1 allows: the highest
/// load among the people who can take one of them is as low as it can be, then as few people as possible sit at it, and so
/// on down. (The year is cut on the days people join, because a joiner's baseline is read on that day.) Within that, each
/// instance in date order goes to the best-ranked person who still lets the year end that level: the lowest load so far,
/// then the fewest times holding this holiday, then the longest since they last held it (never is longest), then the
/// longest since any holiday, then roster order. One person at a time, late in a year rule 1 could leave only people
/// already given an earlier holiday that year; planning the year whole gives that earlier holiday to someone else instead.
/// </para>
/// <para>
/// The bound this keeps: with a fixed roster of at least <c>ruleYears</c> people planned from nothing, at every year's end
/// the most and least loaded people are at most 1 apart. That is observed, not proved: a search of about 115,000 random
/// rosters of 4–40 people with 1–12 holidays over 20 years under the 4-year rule never found a gap of 2, where planning one
/// instance at a time reached 3. Imported history, published years and roster changes can force wider gaps.
/// </para>
/// <para>
/// Each year depends only on the plan before it (and published later years), so planning A..B and then B+1..C gives exactly
/// what planning A..C does. (Year first, because observance can move a holiday across New Year.)
/// </para>
/// </summary>
public sealed class HolidayPlanner(HolidayCalendar calendar, RosterTimeline roster, int ruleYears = 4, Func<string, string>? nameOf = null)
{
    private readonly Func<string, string> _nameOf = nameOf ?? (id => id);

    private readonly List<LocalDate> _joinDates =
        [.. roster.Changes.Where(c => c is MemberJoined or MemberLeft { ReplacedBy: not null }).Select(c => c.EffectiveFrom)];

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
        foreach (var stretch in Stretches(open))
        {
            var members = new Dictionary<string, int>(StringComparer.Ordinal);
            var blockers = new List<HolidayAssignment>[stretch.Count];
            var eligible = new List<string>[stretch.Count];
            for (var i = 0; i < stretch.Count; i++)
            {
                var blocked = blockers[i] = Blockers(plan, stretch[i]);
                eligible[i] = [.. roster.ActiveOn(stretch[i].Date).Where(m => !blocked.Exists(b => b.MemberId == m))];
                foreach (var member in eligible[i])
                {
                    members.TryAdd(member, members.Count);
                }
            }

            var ids = members.Keys.ToArray();
            var levels = new Leveling([.. eligible.Select(e => e.Select(m => members[m]).ToArray())], [.. ids.Select(ledger.Load)]);
            for (var i = 0; i < stretch.Count; i++)
            {
                var instance = stretch[i];
                if (eligible[i].Count == 0)
                {
                    problems.Add(new PlanProblem(instance, Explain(instance, roster.ActiveOn(instance.Date), blockers[i])));
                    continue;
                }

                var standings = eligible[i].Select(m => (members[m], ledger.StandingOf(m, instance))).ToList();
                var assignment = new HolidayAssignment(instance.Name, instance.Year, instance.Date, ids[levels.Give(i, Ranked(standings))]);
                plan = plan.With(assignment);
                ledger.Record(assignment);
                added.Add(assignment);
            }
        }

        return new PlanResult(plan, added, problems);
    }

    /// <summary>
    /// Candidates best first, a tie in everything kept in roster order. Picked one at a time rather than sorted, because
    /// the first is nearly always taken.
    /// </summary>
    private static IEnumerable<int> Ranked(List<(int Member, Standing Standing)> standings)
    {
        while (standings.Count > 0)
        {
            var best = 0;
            for (var i = 1; i < standings.Count; i++)
            {
                if (standings[i].Standing.CompareTo(standings[best].Standing) < 0)
                {
                    best = i;
                }
            }

            yield return standings[best].Member;
            standings.RemoveAt(best);
        }
    }

    /// <summary>
    /// The open instances in the order they are planned: year by year, each year in one piece except that it is cut on the
    /// days people join, because a joiner's starting load is read from the others' loads on that day.
    /// </summary>
    private IEnumerable<List<HolidayInstance>> Stretches(IEnumerable<HolidayInstance> open)
    {
        foreach (var year in open.Distinct().GroupBy(i => i.Year).OrderBy(g => g.Key))
        {
            var stretch = new List<HolidayInstance>();
            foreach (var instance in year.OrderBy(i => i.Date))
            {
                if (stretch.Count > 0 && _joinDates.Exists(d => stretch[^1].Date < d && d <= instance.Date))
                {
                    yield return stretch;
                    stretch = [];
                }

                stretch.Add(instance);
            }

            yield return stretch;
        }
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
    /// The holders of one stretch of instances, kept so that the final loads are decreasingly minimal: the highest load is
    /// as low as it can be, then as few people as possible sit at it, and so on down. Among the ways of giving instances to
    /// eligible people those load vectors form an M-convex set, where that order is the same as the least sum of squared
    /// loads and where a vector is optimal exactly when no single move along an alternating path takes one shift from
    /// someone to someone at least two lower (Frank and Murota, "Discrete decreasing minimization", 2022). So an optimum is
    /// found by making such moves until none is left, and a candidate keeps the stretch optimal exactly when the least sum
    /// of squares reachable with the candidate fixed is still the optimum.
    /// </summary>
    private sealed class Leveling
    {
        private readonly int[][] _eligible;
        private readonly int[] _holder;
        private readonly bool[] _given;
        private readonly int[] _load;
        private readonly long _optimum;

        /// <param name="eligible">Per instance, the people rule 1 and the roster allow; an empty list is left to the caller.</param>
        /// <param name="loads">Per person, the load before this stretch.</param>
        public Leveling(int[][] eligible, int[] loads)
        {
            _eligible = eligible;
            _holder = new int[eligible.Length];
            _given = new bool[eligible.Length];
            _load = loads;
            for (var i = 0; i < eligible.Length; i++)
            {
                if (eligible[i].Length == 0)
                {
                    (_holder[i], _given[i]) = (-1, true);
                    continue;
                }

                _holder[i] = eligible[i].MinBy(m => _load[m]);
                _load[_holder[i]]++;
            }

            Level();
            _optimum = SumOfSquares();
        }

        /// <summary>Gives the instance to the first of <paramref name="ranked"/> that still lets the stretch end optimal.</summary>
        public int Give(int instance, IEnumerable<int> ranked)
        {
            // The current holder always qualifies, so the search stops at it at the latest.
            var holder = _holder[instance];
            _given[instance] = true;
            foreach (var candidate in ranked)
            {
                if (candidate == holder || TryMove(instance, holder, candidate))
                {
                    return candidate;
                }
            }

            throw new UnreachableException();
        }

        private bool TryMove(int instance, int holder, int candidate)
        {
            var holders = (int[])_holder.Clone();
            var loads = (int[])_load.Clone();
            (_holder[instance], _load[holder], _load[candidate]) = (candidate, _load[holder] - 1, _load[candidate] + 1);
            if (SumOfSquares() != _optimum)
            {
                Level();
            }

            if (SumOfSquares() == _optimum)
            {
                return true;
            }

            holders.CopyTo(_holder, 0);
            loads.CopyTo(_load, 0);
            return false;
        }

        private void Level()
        {
            while (MoveDownhill())
            {
            }
        }

        /// <summary>Moves one shift from someone to someone at least two lower along an alternating path, if there is one.</summary>
        private bool MoveDownhill()
        {
            var movable = new Dictionary<int, List<int>>();
            for (var i = 0; i < _holder.Length; i++)
            {
                if (!_given[i])
                {
                    (movable.TryGetValue(_holder[i], out var held) ? held : movable[_holder[i]] = []).Add(i);
                }
            }

            if (movable.Count == 0)
            {
                return false;
            }

            var lowest = _load.Min();
            var via = new int[_load.Length];
            var queue = new Queue<int>();
            foreach (var source in movable.Keys.OrderByDescending(m => _load[m]).ThenBy(m => m))
            {
                // Sources come highest first, so once one is within one of the lowest load, so are the rest.
                if (_load[source] - lowest < 2)
                {
                    return false;
                }

                Array.Fill(via, -1);
                queue.Clear();
                queue.Enqueue(source);
                while (queue.TryDequeue(out var member))
                {
                    foreach (var i in movable.GetValueOrDefault(member, []))
                    {
                        foreach (var next in _eligible[i])
                        {
                            if (next == source || via[next] >= 0)
                            {
                                continue;
                            }

                            via[next] = i;
                            if (_load[next] <= _load[source] - 2)
                            {
                                Shift(source, next, via);
                                return true;
                            }

                            queue.Enqueue(next);
                        }
                    }
                }
            }

            return false;
        }

        private void Shift(int source, int target, int[] via)
        {
            _load[source]--;
            _load[target]++;
            for (var member = target; member != source;)
            {
                var instance = via[member];
                (member, _holder[instance]) = (_holder[instance], member);
            }
        }

        private long SumOfSquares() => _load.Sum(l => (long)l * l);
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

        public int Load(string memberId) => Baseline(memberId) + Dates(memberId).Count;

        public Standing StandingOf(string memberId, HolidayInstance instance)
        {
            var years = Years(memberId, instance.Name);
            var dates = Dates(memberId);
            var lastYear = CountBefore(years, instance.Year) is var y and > 0 ? years[y - 1] : int.MinValue;
            var lastDate = CountBefore(dates, instance.Date) is var d and > 0 ? dates[d - 1] : LocalDate.MinIsoValue;
            return new Standing(Load(memberId), years.Count, lastYear, lastDate);
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
