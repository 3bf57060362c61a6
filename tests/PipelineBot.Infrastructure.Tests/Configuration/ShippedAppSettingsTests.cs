using Microsoft.Extensions.DependencyInjection;

using NodaTime;

using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Infrastructure.Tests.Configuration;

public sealed class ShippedAppSettingsTests
{
    private static readonly ServiceProvider Services = SampleConfiguration.Services(SampleConfiguration.Shipped());

    private static Catalog Catalog => Get<Catalog>();

    [Fact]
    public void Rotation_IsTheFourTeamMembersOfTheSeedInOrder()
    {
        Assert.Equal(["jasmine", "miles", "jackson", "hudson"], Get<RosterTimeline>().EveryMember);
        Assert.Equal(new LocalDate(2026, 1, 5), Get<RosterTimeline>().Start);
        Assert.Equal(7, Get<RosterTimeline>().RotationDays);
        Assert.Equal("miles", Get<RosterTimeline>().MemberFor(new LocalDate(2026, 1, 12)));
        Assert.Equal(DateTimeZone.Utc.Id, Get<ShiftCalendar>().Zone.Id);
    }

    [Fact]
    public void Members_OfTheRotationHaveTheMemberRoleAndPlaceholdersDoNot()
    {
        Assert.Equal(["jasmine", "miles", "jackson", "hudson"], Catalog.WithRole(Roles.Member).Select(m => m.Id));
        Assert.Equal("Team leader", Catalog.Member("hudson").Title);
        Assert.Equal("jasmine", Catalog.FindMemberByEmail("Jasmine.Glancy@example.com")?.Id);
        Assert.All(Catalog.Members, m => Assert.Equal("UTC", m.TimeZone));
        foreach (var role in new[] { Roles.Manager, Roles.Lead, Roles.Operator, Roles.TechBa, Roles.EtlDeveloper })
        {
            Assert.NotEmpty(Catalog.WithRole(role));
        }
    }

    [Theory]
    [InlineData("profit", "miles", "jasmine", "profit")]
    [InlineData("unit-level-profit", "jasmine", "jackson", "profit")]
    [InlineData("aggregate-profit", "miles", "hudson", "profit")]
    [InlineData("growth", "jackson", "hudson", "growth")]
    [InlineData("aggregate-growth", "hudson", "miles", null)]
    [InlineData("daily-growth", "jackson", "jasmine", "growth")]
    [InlineData("engagement", "jasmine", "jackson", "price")]
    [InlineData("aggregate-engagement", "hudson", "miles", null)]
    public void Pipelines_HaveTheSeedsOwnersAndDownstreamTeam(string id, string primary, string secondary, string? team)
    {
        var pipeline = Catalog.FindPipeline(id);

        Assert.NotNull(pipeline);
        Assert.Equal((primary, secondary, team), (pipeline.PrimaryOwner, pipeline.SecondaryOwner, pipeline.DownstreamTeam));
    }

    [Fact]
    public void ProfitsNoHeaderProcedure_ListsTheFifteenColumnAliases()
    {
        var procedure = Assert.Single(Catalog.FindPipeline("profit")!.StandardProcedures);

        Assert.Contains("no header row", procedure.Text, StringComparison.Ordinal);
        Assert.Equal(15, procedure.Items.Count);
        Assert.Equal("transaction_id", procedure.Items[0]);
        Assert.Equal("currency", procedure.Items[^1]);
    }

    [Theory]
    [InlineData("unit-level-profit", "profit")]
    [InlineData("aggregate-profit", "profit")]
    [InlineData("daily-growth", "growth")]
    [InlineData("aggregate-engagement", "engagement")]
    [InlineData("rdv", "ldz")]
    [InlineData("interface-layer", "rdv")]
    [InlineData("customer-360", "interface-layer")]
    [InlineData("campaign-360", "interface-layer")]
    [InlineData("flowchart-360", "interface-layer")]
    [InlineData("ml-writeback", "customer-360")]
    public void Upstream_LinksFollowTheSeeds(string pipeline, string upstream) =>
        Assert.Equal([upstream], Catalog.FindPipeline(pipeline)!.Upstream);

    [Fact]
    public void AggregateGrowth_HasNoUpstreamBecauseTheSeedNamesNone() =>
        Assert.Empty(Catalog.FindPipeline("aggregate-growth")!.Upstream);

    [Fact]
    public void RayCharley_IsTheContactOfThePipelinesWhoseProceduresNameHim()
    {
        var ray = Assert.Single(Catalog.ExternalContacts);

        Assert.Equal(("ray-charley", "Ray Charley", "Sales"), (ray.Id, ray.Name, ray.Organization));
        Assert.Equal(["aggregate-profit", "unit-level-profit"], Catalog.Pipelines.Where(p => p.ExternalContacts.Contains("ray-charley")).Select(p => p.Id).Order());
    }

    [Fact]
    public void CanonicalLoads_RequireTheDateControlDagFirst()
    {
        var canonical = Catalog.Pipelines.Where(p => p.Flow == "canonical").ToList();

        Assert.Equal(7, canonical.Count);
        Assert.All(canonical, p => Assert.Equal(["etl_date_control_update_dag"], p.Preconditions));
        Assert.Contains(Catalog.SetupDags, d => d.DagId == "etl_date_control_update_dag");
        Assert.Equal(3, Catalog.SetupDags.Count);
    }

    [Fact]
    public void AggregateGrowthsRerun_OffersSparkAdaptiveExecution() =>
        Assert.Contains(RerunParameters.SparkAdaptiveExecution, Catalog.FindPipeline("aggregate-growth")!.Orchestrator!.RerunParameters);

    [Fact]
    public void Sla_IsTheSeedsFigures()
    {
        var sla = Get<SlaPolicy>();

        Assert.Equal(Duration.FromMinutes(15), sla.AckTimeout);
        Assert.Equal(Duration.FromMinutes(5), sla.ReminderBefore);
        Assert.Equal(Duration.FromHours(3), sla.ResolveTimeout);
        Assert.Equal(new LocalTime(8, 0), sla.DataDeadline);
        Assert.Equal(DateTimeZone.Utc.Id, sla.DataDeadlineZone.Id);
        Assert.Equal(Duration.FromHours(1), sla.StakeholderDelay);
        Assert.Equal(Duration.FromDays(2), sla.ExternalContactDelay);
        Assert.Equal(0.1m, sla.MaxDroppedPercent);
        Assert.Equal(99.5m, sla.AvailabilityPercent);
    }

    [Fact]
    public void BusinessHours_AreWeekdaysNineToFive()
    {
        var hours = Get<BusinessHours>();

        Assert.Equal([IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday], hours.Days.Order());
        Assert.Equal((new LocalTime(9, 0), new LocalTime(17, 0)), (hours.Start, hours.End));
        Assert.False(hours.AlwaysOpen);
    }

    [Fact]
    public void HolidayRules_ExerciseEveryKind()
    {
        var calendar = Get<HolidayCalendar>();

        Assert.Equal(Enum.GetValues<HolidayRuleKind>(), calendar.Rules.Select(r => r.Kind).Distinct().Order());
        Assert.Equal(new LocalDate(2026, 7, 3), calendar.Find("Independence Day")!.DateIn(2026));
        Assert.Equal(new LocalDate(2026, 11, 26), calendar.Find("Thanksgiving")!.DateIn(2026));
        Assert.Equal(new LocalDate(2026, 4, 3), calendar.Find("Good Friday")!.DateIn(2026));
        Assert.Contains("xmas", calendar.Find("Christmas Day")!.Aliases);
        Assert.Equal(new HolidaySettings(4, 2, []).RuleYears, Get<HolidaySettings>().RuleYears);
        Assert.Equal(2, Get<HolidaySettings>().PublishYearsAhead);
        Assert.Empty(Get<HolidaySettings>().History);
    }

    [Fact]
    public void TradeOffers_LastSevenDaysAndStorageIsSqlite()
    {
        Assert.Equal(Duration.FromDays(7), Get<TradeSettings>().OfferLifetime);
        Assert.Equal(new StorageSettings(StorageProvider.Sqlite, "Data Source=pipelinebot.db"), Get<StorageSettings>());
    }

    [Fact]
    public void StorageSettings_KeepTheConnectionStringOutOfTheirText() =>
        Assert.DoesNotContain("pipelinebot.db", Get<StorageSettings>().ToString(), StringComparison.Ordinal);

    private static T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();
}
