using NodaTime;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Tests.Rotation;

public class HandoffTests
{
    private static readonly Instant Monday = Instant.FromUtc(2026, 3, 9, 5, 0);

    private static OnCall Stretch(string member, Instant from, Instant until, string? next) =>
        new(new Shift(new Interval(from, from + Duration.FromHours(24)), new LocalDate(2026, 3, 9), member, ShiftKind.Rotation, null), from, until,
            next is null ? null : new Duty(next, new Interval(until, until + Duration.FromDays(7)), ShiftKind.Rotation, null));

    [Fact]
    public void A_stretch_that_follows_someone_else_began_with_a_handoff_to_its_person()
    {
        var current = Stretch("miles", Monday, Monday + Duration.FromDays(7), "jackson");
        var before = Stretch("jasmine", Monday - Duration.FromDays(7) + Duration.FromHours(1), Monday, "miles");

        Assert.Equal(new Handoff(Monday, "jasmine", "miles"), Handoff.Began(current, before));
        Assert.Null(Handoff.Began(current, current));
    }

    [Fact]
    public void The_next_handoff_is_at_the_stretchs_end_and_its_reminder_an_hour_before()
    {
        var next = Handoff.Ending(Stretch("jasmine", Monday - Duration.FromDays(7), Monday, "miles"))!;

        Assert.Equal(new Handoff(Monday, "jasmine", "miles"), next);
        Assert.Equal(Monday - Duration.FromHours(1), next.RemindAt);
        Assert.Null(Handoff.Ending(Stretch("jasmine", Monday, Monday + Duration.FromDays(7), null)));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(59, true)]
    [InlineData(60, false)]
    [InlineData(60 * 24 * 3, false)]
    public void A_handoff_is_news_for_an_hour(int minutesAfter, bool fresh) =>
        Assert.Equal(fresh, new Handoff(Monday, "jasmine", "miles").IsFresh(Monday + Duration.FromMinutes(minutesAfter)));
}
