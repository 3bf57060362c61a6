using FsCheck;
using FsCheck.Fluent;

using NodaTime;

using PipelineBot.Domain.Sla;

namespace PipelineBot.Domain.Tests.Sla;

/// <summary>Business hours, a start near one of the zone's clock changes, and two amounts of business time.</summary>
public sealed record ClockScenario(BusinessHours Hours, Instant Start, Duration A, Duration B)
{
    public override string ToString() =>
        $"{Hours.Zone.Id} {string.Join(",", Hours.Days.Order())} {Hours.Start:HH:mm}-{(Hours.EndsAtEndOfDay ? "24:00" : Hours.End.ToString("HH:mm", null))}, "
        + $"start {Start.InZone(Hours.Zone)}, a {A}, b {B}";
}

public sealed class BusinessHoursProperties
{
    private static readonly string[] Zones =
        ["UTC", "Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns"];

    /// <summary>Times around which zones change their clocks (midnight, the small hours) weigh as much as any quarter hour.</summary>
    private static readonly Gen<int> Minute = Gen.OneOf(
        Gen.Choose(0, 95).Select(q => q * 15),
        Gen.Elements(0, 30, 60, 90, 120, 135, 150, 180, 1410, 1440));

    private static readonly Gen<BusinessHours> AnyHours =
        from zone in Gen.Elements(Zones)
        from mask in Gen.Frequency((1, Gen.Constant(127)), (5, Gen.Choose(1, 127)))
        from pair in Gen.Two(Minute).Where(p => p.Item1 != p.Item2)
        from allDay in Gen.Frequency((1, Gen.Constant(true)), (6, Gen.Constant(false)))
        let start = allDay ? 0 : Math.Min(pair.Item1, pair.Item2)
        let end = allDay ? 1440 : Math.Max(pair.Item1, pair.Item2)
        select new BusinessHours(
            DateTimeZoneProviders.Tzdb[zone],
            new HashSet<IsoDayOfWeek>(Enumerable.Range(1, 7).Where(d => (mask & (1 << (d - 1))) != 0).Select(d => (IsoDayOfWeek)d)),
            LocalTime.FromMinutesSinceMidnight(start),
            end == 1440 ? LocalTime.Midnight : LocalTime.FromMinutesSinceMidnight(end));

    private static Gen<Instant> NearAClockChange(DateTimeZone zone) =>
        from year in Gen.Choose(2020, 2030)
        from pick in Gen.Choose(0, 1000)
        from offset in Gen.Choose(-4 * 24 * 60, 4 * 24 * 60)
        let changes = zone.GetZoneIntervals(Instant.FromUtc(year, 1, 1, 0, 0), Instant.FromUtc(year + 1, 1, 1, 0, 0)).Skip(1).Select(i => i.Start).ToList()
        let around = changes.Count == 0 ? Instant.FromUtc(year, 1 + (pick % 12), 15, 0, 0) : changes[pick % changes.Count]
        select around + Duration.FromMinutes(offset);

    private static readonly Gen<Duration> BusinessTime = Gen.Frequency(
        (6, Gen.Choose(0, 3 * 24 * 60).Select(m => Duration.FromMinutes(m))),
        (1, Gen.Choose(0, 40 * 24 * 60).Select(m => Duration.FromMinutes(m))),
        (1, Gen.Constant(Duration.Zero)));

    private static readonly Arbitrary<ClockScenario> Scenarios =
        (from hours in AnyHours
         from start in NearAClockChange(hours.Zone)
         from a in BusinessTime
         from b in BusinessTime
         select new ClockScenario(hours, start, a, b)).ToArbitrary();

    private static Config Quick(int maxTest) => Config.QuickThrowOnFailure.WithMaxTest(maxTest);

    [Fact]
    public void Add_IsMonotonicInTheDuration_AndStrictlySoForMoreTime() =>
        Check.One(Quick(500), Prop.ForAll(Scenarios, s =>
        {
            var (shorter, longer) = s.A <= s.B ? (s.A, s.B) : (s.B, s.A);
            var early = s.Hours.Add(s.Start, shorter);
            var late = s.Hours.Add(s.Start, longer);

            Assert.True(shorter == longer ? early == late : early < late, $"{s}: {early} then {late}");
        }));

    [Fact]
    public void OpenTimeBetween_TheStartAndAdd_IsTheTimeAdded() =>
        Check.One(Quick(500), Prop.ForAll(Scenarios, s =>
            Assert.Equal(s.A, s.Hours.OpenTimeBetween(s.Start, s.Hours.Add(s.Start, s.A)))));

    [Fact]
    public void Add_InTwoSteps_IsAddingTheSum() =>
        Check.One(Quick(500), Prop.ForAll(Scenarios, s =>
        {
            // A second step of zero would move a result at closing on to the next opening: that is ClockStart's job.
            var b = s.B == Duration.Zero ? Duration.FromMinutes(1) : s.B;

            Assert.Equal(s.Hours.Add(s.Start, s.A + b), s.Hours.Add(s.Hours.Add(s.Start, s.A), b));
        }));

    [Fact]
    public void Add_EndsWhereTheHoursAreOpen_OrAtAClosing() =>
        Check.One(Quick(500), Prop.ForAll(Scenarios, s =>
        {
            var due = s.Hours.Add(s.Start, s.A);

            Assert.True(s.A == Duration.Zero ? s.Hours.IsOpen(due) : s.Hours.IsOpen(due - Duration.Epsilon), $"{s}: due {due}");
            Assert.True(due >= s.Start);
        }));

    [Fact]
    public void ClockStart_IsOpen_NotBeforeTheAlert_AndIdempotent() =>
        Check.One(Quick(500), Prop.ForAll(Scenarios, s =>
        {
            var start = s.Hours.ClockStart(s.Start);

            Assert.Equal(start, s.Hours.ClockStart(start));
            Assert.True(s.Hours.IsOpen(start), $"{s}: clock starts at closed {start}");
            Assert.True(start >= s.Start);
            Assert.Equal(Duration.Zero, s.Hours.OpenTimeBetween(s.Start, start));
            Assert.Equal(s.Hours.IsOpen(s.Start), start == s.Start);
        }));

    [Fact]
    public void OpenTimeBetween_CountsTheMinutesIsOpenSays() =>
        Check.One(Quick(150), Prop.ForAll(Scenarios, s =>
        {
            // Every opening and closing falls on a whole minute here, so sampling each minute counts exactly.
            var span = Duration.FromMinutes((long)s.A.TotalMinutes % (3 * 24 * 60));
            var open = Enumerable.Range(0, (int)span.TotalMinutes).Count(m => s.Hours.IsOpen(s.Start + Duration.FromMinutes(m)));

            Assert.Equal(Duration.FromMinutes(open), s.Hours.OpenTimeBetween(s.Start, s.Start + span));
        }));

    [Fact]
    public void IsOpen_OnADayWithoutAClockChange_ReadsTheWallClock() =>
        Check.One(Quick(1000), Prop.ForAll(Scenarios, s =>
        {
            var local = s.Start.InZone(s.Hours.Zone);
            var day = s.Hours.Zone.GetZoneInterval(s.Start);
            var dayStart = s.Hours.Zone.AtStartOfDay(local.Date).ToInstant();
            var nextDayStart = s.Hours.Zone.AtStartOfDay(local.Date.PlusDays(1)).ToInstant();
            if (!day.Contains(dayStart) || !day.Contains(nextDayStart))
            {
                return;
            }

            var time = local.TimeOfDay;
            var readsOpen = s.Hours.Days.Contains(local.DayOfWeek) && time >= s.Hours.Start && (s.Hours.EndsAtEndOfDay || time < s.Hours.End);
            Assert.Equal(readsOpen, s.Hours.IsOpen(s.Start));
        }));
}
