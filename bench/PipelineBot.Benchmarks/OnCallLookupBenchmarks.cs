using BenchmarkDotNet.Attributes;
using NodaTime;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Benchmarks;

/// <summary>Who is on call at an instant, from a schedule snapshot: the question every "who's on call" asks.</summary>
[MemoryDiagnoser]
public class OnCallLookupBenchmarks
{
    private OnCallSchedule _plain = null!;
    private OnCallSchedule _withOverrides = null!;
    private Instant[] _instants = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var zone = DateTimeZoneProviders.Tzdb["America/Chicago"];
        var start = new LocalDate(2026, 1, 5);
        var roster = RosterTimeline.Create(start, [.. Enumerable.Range(0, 12).Select(i => $"member-{i}")], [new MemberLeft(new LocalDate(2027, 6, 1), "member-3", "member-12")]);
        var calendar = new HolidayCalendar(Workloads.Holidays(7));
        var plan = new HolidayPlanner(calendar, roster).Plan(HolidayPlan.Empty, 2026, 2035).Plan;
        var shifts = new ShiftCalendar(zone);
        _plain = new OnCallSchedule(shifts, roster, plan.Assignments, []);
        var overrides = Enumerable.Range(0, 20).Select(i =>
        {
            var from = shifts.SpanOf(start.PlusDays(37 * i)).Start + Duration.FromHours(8);
            return new Override(i, new Interval(from, from + Duration.FromHours(12)), "member-1", "cover", "manager", from);
        });
        _withOverrides = new OnCallSchedule(shifts, roster, plan.Assignments, overrides);

        // Instants spread over ten years, so lookups land on rotation days, holidays and DST days alike.
        var random = new Random(42);
        var first = shifts.SpanOf(start).Start;
        _instants = [.. Enumerable.Range(0, 4096).Select(_ => first + Duration.FromSeconds(random.NextInt64(0, 10L * 365 * 86400)))];
    }

    [Benchmark(Baseline = true)]
    public Shift OnCallAt() => _plain.At(_instants[_next++ & 4095]);

    [Benchmark]
    public Shift OnCallAtWith20Overrides() => _withOverrides.At(_instants[_next++ & 4095]);

    /// <summary>What "who's on call" answers: the person, their whole stretch and who is next (walks the days around).</summary>
    [Benchmark]
    public OnCall StretchAndNextWith20Overrides() => _withOverrides.OnCallAt(_instants[_next++ & 4095]);
}
