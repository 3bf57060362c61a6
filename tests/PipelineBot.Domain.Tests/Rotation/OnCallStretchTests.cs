using FsCheck;
using FsCheck.Fluent;

using NodaTime;

using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using Interval = NodaTime.Interval;

namespace PipelineBot.Domain.Tests.Rotation;

/// <summary>"Who is on call, until when, and who is next": <see cref="OnCallSchedule.OnCallAt"/>.</summary>
public class OnCallStretchTests
{
    private static readonly DateTimeZone Chicago = DateTimeZoneProviders.Tzdb["America/Chicago"];

    // Weeks from Monday 2026-01-05: the week of Dec 21 is Jackson's (week 50), the week of Dec 28 Hudson's.
    private static readonly RosterTimeline Roster = RosterTimeline.Create(new LocalDate(2026, 1, 5), ["jasmine", "miles", "jackson", "hudson"], []);

    private static OnCallSchedule Schedule(string christmasHolder, params Override[] overrides) =>
        new(new ShiftCalendar(Chicago), Roster, [new HolidayAssignment("Christmas Day", 2026, new LocalDate(2026, 12, 25), christmasHolder)], overrides);

    private static Instant Local(int month, int day, int hour = 0) => new LocalDateTime(2026, month, day, hour, 0).InZoneLeniently(Chicago).ToInstant();

    [Fact]
    public void A_rotation_week_that_runs_into_the_same_persons_holiday_is_one_stretch()
    {
        var onCall = Schedule("jackson").OnCallAt(Local(12, 23, 12));

        Assert.Equal("jackson", onCall.MemberId);
        Assert.Equal(ShiftKind.Rotation, onCall.Shift.Kind);
        Assert.Equal(Local(12, 21), onCall.From);
        Assert.Equal(Local(12, 28), onCall.Until);
        Assert.Equal(new Duty("hudson", new Interval(Local(12, 28), new LocalDate(2027, 1, 4).AtStartOfDayInZone(Chicago).ToInstant()), ShiftKind.Rotation, null), onCall.Next);
    }

    [Fact]
    public void Someone_elses_holiday_shift_ends_the_stretch_and_is_next()
    {
        var schedule = Schedule("miles");

        var before = schedule.OnCallAt(Local(12, 23, 12));
        var during = schedule.OnCallAt(Local(12, 25, 10));

        Assert.Equal(("jackson", Local(12, 21), Local(12, 25)), (before.MemberId, before.From, before.Until));
        Assert.Equal(new Duty("miles", new Interval(Local(12, 25), Local(12, 26)), ShiftKind.Holiday, "Christmas Day"), before.Next);
        Assert.Equal(("miles", ShiftKind.Holiday, Local(12, 25), Local(12, 26)), (during.MemberId, during.Shift.Kind, during.From, during.Until));
        Assert.Equal(("jackson", Local(12, 26), Local(12, 28)), (during.Next!.MemberId, during.Next.Span.Start, during.Next.Span.End));
    }

    [Fact]
    public void An_override_is_its_own_stretch_and_the_rotation_resumes_after_it()
    {
        var cover = new Override(1, new Interval(Local(12, 23, 8), Local(12, 23, 20)), "hudson", "cover", "de-manager", Local(1, 1));

        var onCall = Schedule("jackson", cover).OnCallAt(Local(12, 23, 12));

        Assert.Equal(("hudson", ShiftKind.Override, Local(12, 23, 8), Local(12, 23, 20)), (onCall.MemberId, onCall.Shift.Kind, onCall.From, onCall.Until));
        Assert.Equal(("jackson", Local(12, 23, 20), Local(12, 28)), (onCall.Next!.MemberId, onCall.Next.Span.Start, onCall.Next.Span.End));
    }

    [Fact]
    public void A_roster_of_one_is_followed_only_so_far_and_has_nobody_next()
    {
        var alone = new OnCallSchedule(new ShiftCalendar(Chicago), RosterTimeline.Create(new LocalDate(2026, 1, 5), ["jasmine"], []), [], []);

        var onCall = alone.OnCallAt(Local(6, 1, 12));

        Assert.Null(onCall.Next);
        Assert.Equal(Local(6, 1) + Duration.FromDays(OnCallSchedule.LongestStretchDays + 1), onCall.Until);
    }

    /// <summary>Any hour of two years, with random overrides: the stretch agrees with <see cref="OnCallSchedule.At"/> at every edge.</summary>
    [Fact]
    public void The_stretch_is_the_longest_unbroken_run_of_the_person_in_force_and_next_starts_where_it_ends()
    {
        var overrides =
            from count in Gen.Choose(0, 3)
            from covers in Gen.ListOf(
                from startHour in Gen.Choose(0, 2 * 365 * 24)
                from hours in Gen.Choose(1, 72)
                from member in Gen.Elements("jasmine", "miles", "jackson", "hudson")
                select (startHour, hours, member), count)
            select covers;
        var scenarios = (from hour in Gen.Choose(0, 2 * 365 * 24) from covers in overrides select (hour, covers)).ToArbitrary();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(scenarios, s =>
        {
            var origin = Local(1, 5);
            var schedule = Schedule("miles", [.. s.covers.Select((c, i) => new Override(
                i + 1, new Interval(origin + Duration.FromHours(c.startHour), origin + Duration.FromHours(c.startHour + c.hours)), c.member, "cover", "de-manager", origin + Duration.FromMinutes(i)))]);
            var at = origin + Duration.FromHours(s.hour);
            var tick = Duration.Epsilon;

            var onCall = schedule.OnCallAt(at);

            Assert.Equal(schedule.At(at), onCall.Shift);
            Assert.True(onCall.From <= at && at < onCall.Until);
            Assert.Equal(onCall.MemberId, schedule.At(onCall.From).MemberId);
            Assert.Equal(onCall.MemberId, schedule.At(onCall.Until - tick).MemberId);
            Assert.NotEqual(onCall.MemberId, schedule.At(onCall.From - tick).MemberId);
            Assert.NotNull(onCall.Next);
            Assert.Equal(onCall.Until, onCall.Next.Span.Start);
            Assert.NotEqual(onCall.MemberId, onCall.Next.MemberId);
            Assert.Equal(onCall.Next.MemberId, schedule.At(onCall.Until).MemberId);
            Assert.Equal(onCall.Next.MemberId, schedule.At(onCall.Next.Span.End - tick).MemberId);
            Assert.NotEqual(onCall.Next.MemberId, schedule.At(onCall.Next.Span.End).MemberId);
        }));
    }
}
