using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Rotation;

/// <summary>A holiday of a year and who holds its shift; unpublished holidays are the planner's preview of years not yet published.</summary>
public sealed record HolidayView(string Name, int Year, LocalDate Date, string? MemberId, bool Published);

/// <summary>Answers who is on call and when, from the configured rotation, the stored holiday plan and the overrides.</summary>
public sealed class ScheduleService(IDbContextFactory<PipelineBotDbContext> dbFactory, BotSettings settings)
{
    private readonly HolidayPlanner _planner = new(settings.HolidayCalendar, settings.RosterTimeline, settings.HolidaySettings.RuleYears);

    public DateTimeZone Zone => settings.ShiftCalendar.Zone;

    public async Task<Shift> OnCallAtAsync(Instant at, CancellationToken cancellationToken)
    {
        var date = settings.ShiftCalendar.DateOf(at);
        var schedule = await SnapshotAsync(date, date, cancellationToken);
        return schedule.At(at);
    }

    /// <summary>The shifts from the start of <paramref name="from"/> to the end of <paramref name="to"/>, tiling that time.</summary>
    public async Task<IReadOnlyList<Shift>> ShiftsAsync(LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        var schedule = await SnapshotAsync(from, to, cancellationToken);
        return [.. schedule.Between(from, to)];
    }

    public async Task<IReadOnlyList<HolidayView>> HolidaysAsync(int year, CancellationToken cancellationToken)
    {
        var (published, plan) = await PlanThroughAsync(year, cancellationToken);
        return
        [
            .. settings.HolidayCalendar.InstancesIn(year).Select(i => new HolidayView(
                i.Name, i.Year, i.Date, plan.HolderOf(i.Name, i.Year), published.AssignmentOf(i.Name, i.Year) is not null)),
        ];
    }

    private async Task<OnCallSchedule> SnapshotAsync(LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        // Observance can move next year's holiday into this one (New Year's Day on Dec 31), so plan a year further.
        var (_, plan) = await PlanThroughAsync(to.Year + 1, cancellationToken);
        var start = settings.ShiftCalendar.SpanOf(from).Start.ToUnixTimeTicks();
        var end = settings.ShiftCalendar.SpanOf(to).End.ToUnixTimeTicks();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var overrides = await db.Overrides.AsNoTracking()
            .Where(o => o.CancelledAt == null && o.Start < end && o.End > start)
            .ToListAsync(cancellationToken);

        return new OnCallSchedule(
            settings.ShiftCalendar,
            settings.RosterTimeline,
            plan.Assignments.Where(a => a.Date >= from && a.Date <= to),
            overrides.Select(o => o.ToDomain()));
    }

    /// <summary>
    /// The published plan, and the plan as it would be published through <paramref name="year"/>: the planner is
    /// deterministic and never moves a published holiday, so the preview is what publishing will later store.
    /// </summary>
    private async Task<(HolidayPlan Published, HolidayPlan Plan)> PlanThroughAsync(int year, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.HolidayAssignments.AsNoTracking().ToListAsync(cancellationToken);
        var published = HolidayPlan.FromHistory(rows.Select(r => r.ToDomain()));
        var firstYear = settings.RosterTimeline.Start.Year;
        return year < firstYear ? (published, published) : (published, _planner.Plan(published, firstYear, year).Plan);
    }
}
