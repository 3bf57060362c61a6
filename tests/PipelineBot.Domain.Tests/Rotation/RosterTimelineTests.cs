using NodaTime;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Tests.Rotation;

public class RosterTimelineTests
{
    private static readonly LocalDate Start = new(2026, 1, 5);
    private static readonly string[] Team = ["jasmine", "miles", "jackson", "hudson"];

    private static RosterTimeline Timeline(params RosterChange[] changes) => RosterTimeline.Create(Start, Team, changes);

    private static string[] Holders(RosterTimeline timeline, LocalDate from, int weeks) =>
        [.. Enumerable.Range(0, weeks).Select(w => timeline.MemberFor(from.PlusDays(7 * w)))];

    [Fact]
    public void Rotation_GivesEachMemberSevenConsecutiveDaysInRosterOrder()
    {
        var timeline = Timeline();

        for (var day = 0; day < 7; day++)
        {
            Assert.Equal("jasmine", timeline.MemberFor(Start.PlusDays(day)));
        }

        Assert.Equal(["jasmine", "miles", "jackson", "hudson", "jasmine"], Holders(timeline, Start, 5));
    }

    [Fact]
    public void Rotation_BeforeItsStart_ContinuesTheSameCycleBackwards()
    {
        var timeline = Timeline();

        Assert.Equal("hudson", timeline.MemberFor(Start.PlusDays(-1)));
        Assert.Equal("hudson", timeline.MemberFor(Start.PlusDays(-7)));
        Assert.Equal("jackson", timeline.MemberFor(Start.PlusDays(-8)));
    }

    [Fact]
    public void Replacement_TakesTheLeaversSlot_AndNobodyElsesWeekMoves()
    {
        var leaving = Start.PlusDays(30);
        var before = Timeline();
        var after = Timeline(new MemberLeft(leaving, "miles", "riley"));

        for (var date = Start; date < Start.PlusDays(400); date = date.PlusDays(1))
        {
            var expected = before.MemberFor(date) == "miles" && date >= leaving ? "riley" : before.MemberFor(date);
            Assert.Equal(expected, after.MemberFor(date));
        }

        Assert.False(after.IsActive("miles", leaving));
        Assert.True(after.IsActive("riley", leaving));
        Assert.Equal(leaving, after.JoinedOn("riley"));
    }

    [Fact]
    public void Leaver_WithoutReplacement_CurrentHolderKeepsTheWeek_AndTheOthersCloseRanks()
    {
        // 2026-01-14 is in miles's week (01-12 .. 01-18); jackson leaves then.
        var timeline = Timeline(new MemberLeft(new LocalDate(2026, 1, 14), "jackson", null));

        Assert.Equal("miles", timeline.MemberFor(new LocalDate(2026, 1, 18)));
        Assert.Equal(["hudson", "jasmine", "miles", "hudson"], Holders(timeline, new LocalDate(2026, 1, 19), 4));
    }

    [Fact]
    public void Leaver_WhoHoldsTheCurrentWeek_HandsItToTheNextMemberOnTheLeavingDay()
    {
        var leaving = new LocalDate(2026, 1, 14);
        var timeline = Timeline(new MemberLeft(leaving, "miles", null));

        Assert.Equal("miles", timeline.MemberFor(leaving.PlusDays(-1)));
        Assert.Equal(Enumerable.Repeat("jackson", 7), Enumerable.Range(0, 7).Select(d => timeline.MemberFor(leaving.PlusDays(d))));
        Assert.Equal(["hudson", "jasmine", "jackson"], Holders(timeline, leaving.PlusDays(7), 3));
    }

    [Fact]
    public void Joiner_TakesTheirTurnAfterEveryoneElse()
    {
        var timeline = Timeline(new MemberJoined(new LocalDate(2026, 1, 14), "riley"));

        Assert.Equal("miles", timeline.MemberFor(new LocalDate(2026, 1, 18)));
        Assert.Equal(["jackson", "hudson", "jasmine", "riley", "miles"], Holders(timeline, new LocalDate(2026, 1, 19), 5));
    }

    [Fact]
    public void Roster_ThatWouldBecomeEmpty_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => RosterTimeline.Create(Start, ["solo"], [new MemberLeft(Start.PlusDays(3), "solo", null)]));
        Assert.Contains("cannot be empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replacement_AlreadyOnTheRoster_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Timeline(new MemberLeft(Start.PlusDays(3), "miles", "hudson")));
        Assert.Contains("already on the rotation", error.Message, StringComparison.Ordinal);
    }
}
