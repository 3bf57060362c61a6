using BenchmarkDotNet.Attributes;
using NodaTime;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Benchmarks;

/// <summary>Planning ten years of holidays from nothing: 200 people and 12 holidays (the target: under 50 ms).</summary>
[MemoryDiagnoser]
public class HolidayPlanningBenchmarks
{
    private HolidayPlanner _planner = null!;

    [Params(4, 200)]
    public int People { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var roster = RosterTimeline.Create(new LocalDate(2026, 1, 5), [.. Enumerable.Range(0, People).Select(i => $"member-{i}")], []);
        _planner = new HolidayPlanner(new HolidayCalendar(Workloads.Holidays(12)), roster);
    }

    [Benchmark]
    public int PlanTenYears() => _planner.Plan(HolidayPlan.Empty, 2026, 2035).Added.Count;
}
