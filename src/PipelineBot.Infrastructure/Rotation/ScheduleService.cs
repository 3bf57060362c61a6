using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Rotation;

/// <summary>A holiday of a year and who holds its shift; unpublished holidays are the planner's preview of years not yet published.</summary>
public sealed record HolidayView(string Name, int Year, LocalDate Date, string? MemberId, bool Published);

/// <summary>
/// Answers who is on call and when, from the configured rotation, the stored holiday plan and the overrides. The stored
/// part is cached and reloaded after any committed change to it (<see cref="StoreChanges"/>: this instance's at once,
/// another's when its PostgreSQL notification arrives); <see cref="MaxAge"/> bounds how stale it can be where nothing
/// tells this instance of another's changes (two processes on one SQLite file).
/// </summary>
public sealed class ScheduleService(
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    ShiftCalendar shifts,
    RosterTimeline roster,
    HolidayCalendar holidayCalendar,
    HolidaySettings holidaySettings,
    StoreChanges changes,
    TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly HolidayPlanner _planner = new(holidayCalendar, roster, holidaySettings.RuleYears);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _snapshot;

    public DateTimeZone Zone => shifts.Zone;

    /// <summary>Who is on call at an instant, until when, and who is next: the one answer the API, the incidents and the conversation give.</summary>
    public async Task<OnCall> OnCallAtAsync(Instant at, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);

        // Observance can move next year's holiday into this one (New Year's Day on Dec 31), and a stretch can run into
        // next year, so plan a year further.
        return snapshot.Through(shifts.DateOf(at).Year + 1).Schedule.OnCallAt(at);
    }

    /// <summary>The shifts from the start of <paramref name="from"/> to the end of <paramref name="to"/>, tiling that time.</summary>
    public async Task<IReadOnlyList<Shift>> ShiftsAsync(LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        return [.. snapshot.Through(to.Year + 1).Schedule.Between(from, to)];
    }

    public async Task<IReadOnlyList<HolidayView>> HolidaysAsync(int year, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        var plan = snapshot.Through(year).Plan;
        return
        [
            .. holidayCalendar.InstancesIn(year).Select(i => new HolidayView(
                i.Name, i.Year, i.Date, plan.HolderOf(i.Name, i.Year), snapshot.Published.AssignmentOf(i.Name, i.Year) is not null)),
        ];
    }

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } fresh && IsFresh(fresh))
        {
            return fresh;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } loaded && IsFresh(loaded))
            {
                return loaded;
            }

            // Read the version first: a change saved while loading makes the next request load again.
            var version = changes.Version(ChangeTopics.Schedule);
            var startedAt = time.GetTimestamp();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var holidays = await db.HolidayAssignments.AsNoTracking().ToListAsync(cancellationToken);
            var overrides = await db.Overrides.AsNoTracking().Where(o => o.CancelledAt == null).ToListAsync(cancellationToken);
            _snapshot = new Snapshot(
                shifts,
                roster,
                _planner,
                version,
                startedAt,
                HolidayPlan.FromHistory(holidays.Select(h => h.ToDomain())),
                [.. overrides.Select(o => o.ToDomain())]);
            return _snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private bool IsFresh(Snapshot snapshot) =>
        snapshot.Version == changes.Version(ChangeTopics.Schedule) && time.GetElapsedTime(snapshot.LoadedAt) < MaxAge;

    /// <summary>
    /// The stored plan and overrides at one moment, with the plan extended in memory to the years asked about: the
    /// planner is deterministic and never moves a published holiday, so the preview is what publishing will later store.
    /// </summary>
    private sealed class Snapshot(ShiftCalendar shifts, RosterTimeline roster, HolidayPlanner planner, long version, long loadedAt, HolidayPlan published, IReadOnlyList<Override> overrides)
    {
        private Extension? _extension;

        public long Version { get; } = version;

        public long LoadedAt { get; } = loadedAt;

        public HolidayPlan Published { get; } = published;

        public Extension Through(int year)
        {
            var current = _extension;
            if (current is not null && current.ThroughYear >= year)
            {
                return current;
            }

            // Extend a few years past the one asked for, so that walking forward year by year does not re-plan each time.
            var firstYear = roster.Start.Year;
            var throughYear = Math.Max(year, (current?.ThroughYear ?? firstYear) + 5);
            var plan = planner.Plan(Published, firstYear, throughYear).Plan;
            var extended = new Extension(throughYear, plan, new OnCallSchedule(shifts, roster, plan.Assignments, overrides));
            _extension = extended;
            return extended;
        }
    }

    private sealed record Extension(int ThroughYear, HolidayPlan Plan, OnCallSchedule Schedule);
}
