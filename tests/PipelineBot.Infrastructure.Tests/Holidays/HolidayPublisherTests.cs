using NodaTime;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Tests.Rotation;

namespace PipelineBot.Infrastructure.Tests.Holidays;

public class HolidayPublisherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);
    private static readonly LocalDate Leaving = new(2027, 3, 1);
    private static readonly string[] HeldBefore = ["jasmine", "miles"];

    private static readonly (string, string)[] Chicago =
    [
        ("PipelineBot:Rotation:TimeZone", "America/Chicago"),
        ("PipelineBot:Rotation:Start", "2026-01-05"),
    ];

    private static readonly (string, string)[] NewMember =
    [
        ("PipelineBot:Members:50:Id", "riley"),
        ("PipelineBot:Members:50:Name", "Riley Park"),
        ("PipelineBot:Members:50:Email", "riley.park@example.com"),
        ("PipelineBot:Members:50:Roles:0", "member"),
    ];

    private static async Task<Dictionary<(string, int), string>> PlanAsync(RotationStore store) =>
        (await store.ReadAsync(db => db.HolidayAssignments)).ToDictionary(h => (h.Holiday, h.Year), h => h.MemberId);

    [Fact]
    public async Task Publishing_PlansThroughTheYearsAhead_AndAgainAddsNothing()
    {
        using var store = await RotationStore.OpenAsync(Now, Chicago);
        var first = await PlanAsync(store);

        var again = await store.Publisher.PublishAsync(CancellationToken.None);

        Assert.Equal(3 * 7, first.Count);
        Assert.Equal(2028, first.Keys.Max(k => k.Item2));
        Assert.Equal(0, again.Planned);
        Assert.Equal(first, await PlanAsync(store));
    }

    [Fact]
    public async Task NewYear_PublishesOneMoreYear_WithoutMovingAnyPublishedHoliday()
    {
        using var store = await RotationStore.OpenAsync(Now, Chicago);
        var before = await PlanAsync(store);

        store.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var report = await store.Publisher.PublishAsync(CancellationToken.None);
        var after = await PlanAsync(store);

        Assert.Equal(7, report.Planned);
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
        Assert.Equal(2029, after.Keys.Max(k => k.Item2));
    }

    [Fact]
    public async Task History_FromBeforeTheBot_IsImported_AndTheFourYearRuleSeesIt()
    {
        using var store = await RotationStore.OpenAsync(Now, [.. Chicago,
            ("PipelineBot:Holidays:History:0:Holiday", "Christmas Day"), ("PipelineBot:Holidays:History:0:Year", "2025"), ("PipelineBot:Holidays:History:0:Member", "jasmine"),
            ("PipelineBot:Holidays:History:1:Holiday", "Christmas Day"), ("PipelineBot:Holidays:History:1:Year", "2024"), ("PipelineBot:Holidays:History:1:Member", "miles")]);

        var plan = await PlanAsync(store);

        Assert.Equal("jasmine", plan[("Christmas Day", 2025)]);
        Assert.DoesNotContain(plan[("Christmas Day", 2026)], HeldBefore);
        Assert.DoesNotContain(plan[("Christmas Day", 2027)], HeldBefore);
        Assert.NotEqual("jasmine", plan[("Christmas Day", 2028)]);
        Assert.Single(await store.ReadAsync(db => db.AuditEntries.Where(a => a.Action == "holiday-history-imported")));
    }

    [Fact]
    public async Task Replacement_InheritsTheLeaversFutureHolidays_AndNobodyElsesMove()
    {
        using var before = await RotationStore.OpenAsync(Now, Chicago);
        var original = await PlanAsync(before);

        using var store = await before.ReopenAsync([.. Chicago, .. NewMember,
            ("PipelineBot:Rotation:Changes:0:Member", "miles"), ("PipelineBot:Rotation:Changes:0:Leaves", "2027-03-01"), ("PipelineBot:Rotation:Changes:0:ReplacedBy", "riley")]);
        var rows = await store.ReadAsync(db => db.HolidayAssignments);

        Assert.Contains(rows, r => r.MemberId == "riley");
        foreach (var row in rows)
        {
            var was = original[(row.Holiday, row.Year)];
            var expected = was == "miles" && LocalDate.FromDateOnly(row.Date) >= Leaving ? "riley" : was;
            Assert.Equal(expected, row.MemberId);
        }

        Assert.Single(await store.ReadAsync(db => db.AuditEntries.Where(a => a.Action == "turnover-inherited")));
        Assert.Contains(await store.ReadAsync(db => db.Notices), n => n.Audience == "team" && n.Kind == NoticeKinds.TurnoverInherited && NoticeContent.From(n).Data["heir"]!.GetValue<string>() == "riley");

        var again = await store.Publisher.PublishAsync(CancellationToken.None);
        Assert.Equal(0, again.Reassigned);
        Assert.Single(await store.ReadAsync(db => db.AuditEntries.Where(a => a.Action == "turnover-inherited")));
    }

    [Fact]
    public async Task Leaver_WithoutReplacement_HasTheirFreedHolidaysReplanned_AndTheTeamIsTold()
    {
        // Five people, so that four remain and rule 1 can still be met for every freed holiday.
        (string, string)[] five = [.. Chicago, .. NewMember, ("PipelineBot:Rotation:Roster:4", "riley")];
        using var stayed = await RotationStore.OpenAsync(Now, five);
        var original = await PlanAsync(stayed);

        using var store = await stayed.ReopenAsync([.. five, ("PipelineBot:Rotation:Changes:0:Member", "miles"), ("PipelineBot:Rotation:Changes:0:Leaves", "2027-03-01")]);

        var rows = await store.ReadAsync(db => db.HolidayAssignments);

        Assert.DoesNotContain(rows, r => r.MemberId == "miles" && LocalDate.FromDateOnly(r.Date) >= Leaving);
        Assert.All(rows.Where(r => original[(r.Holiday, r.Year)] != "miles"), r => Assert.Equal(original[(r.Holiday, r.Year)], r.MemberId));
        Assert.Contains(rows, r => r.Source == "replanned");
        Assert.Contains(await store.ReadAsync(db => db.Notices), n => n.Audience == "team" && n.Kind == NoticeKinds.TurnoverReplanned && NoticeContent.From(n).Data["leaver"]!.GetValue<string>() == "miles");
    }
}
