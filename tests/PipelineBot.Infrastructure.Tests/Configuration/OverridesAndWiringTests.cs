using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using NodaTime;

using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Configuration;

using static PipelineBot.Infrastructure.Tests.Configuration.SampleConfiguration;

namespace PipelineBot.Infrastructure.Tests.Configuration;

public sealed class OverridesAndWiringTests
{
    [Fact]
    public void Overrides_LaidOverTheFile_Win()
    {
        var settings = BotSettingsLoader.Load(With(
            ("PipelineBot:Rotation:TimeZone", "America/Chicago"),
            ("PipelineBot:Sla:AckTimeout", "00:30:00"),
            ("PipelineBot:Pipelines:0:SecondaryOwner", "hudson")));

        Assert.Equal("America/Chicago", settings.ShiftCalendar.Zone.Id);
        Assert.Equal(Duration.FromMinutes(30), settings.Sla.AckTimeout);
        Assert.Equal("hudson", settings.Catalog.FindPipeline("profit")!.SecondaryOwner);
    }

    [Fact]
    public void Members_WithoutATimeZone_TakeTheRotations()
    {
        var settings = BotSettingsLoader.Load(With(
            ("PipelineBot:Rotation:TimeZone", "Europe/London"),
            ("PipelineBot:Members:1:TimeZone", "America/Los_Angeles")));

        Assert.Equal("Europe/London", settings.Catalog.Member("jasmine").TimeZone);
        Assert.Equal("America/Los_Angeles", settings.Catalog.Member("miles").TimeZone);
    }

    [Fact]
    public void EnvironmentVariables_WithDoubleUnderscores_OverrideTheFile()
    {
        // A prefix of its own keeps this test's variables away from every other test and from the real environment.
        const string prefix = "PIPELINEBOT_CONFIGURATION_TEST_";
        Environment.SetEnvironmentVariable($"{prefix}PipelineBot__Rotation__TimeZone", "Australia/Sydney");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(AppSettingsPath)
                .AddEnvironmentVariables(prefix)
                .Build();

            Assert.Equal("Australia/Sydney", BotSettingsLoader.Load(configuration).ShiftCalendar.Zone.Id);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{prefix}PipelineBot__Rotation__TimeZone", null);
        }
    }

    [Fact]
    public void AddBotSettings_RegistersTheSettingsAndEachPartAsSingletons()
    {
        using var provider = new ServiceCollection().AddBotSettings(Shipped()).BuildServiceProvider();

        var settings = provider.GetRequiredService<BotSettings>();
        Assert.Same(settings.Catalog, provider.GetRequiredService<Catalog>());
        Assert.Same(settings.ShiftCalendar, provider.GetRequiredService<ShiftCalendar>());
        Assert.Same(settings.RosterTimeline, provider.GetRequiredService<RosterTimeline>());
        Assert.Same(settings.HolidayCalendar, provider.GetRequiredService<PipelineBot.Domain.Holidays.HolidayCalendar>());
        Assert.Same(settings.HolidaySettings, provider.GetRequiredService<HolidaySettings>());
        Assert.Same(settings.Trades, provider.GetRequiredService<TradeSettings>());
        Assert.Same(settings.Sla, provider.GetRequiredService<SlaPolicy>());
        Assert.Same(settings.BusinessHours, provider.GetRequiredService<BusinessHours>());
        Assert.Same(settings.Storage, provider.GetRequiredService<StorageSettings>());
    }

    [Fact]
    public void AddBotSettings_WithABadCatalog_FailsAtOnceRatherThanOnFirstUse() =>
        Assert.Throws<CatalogException>(() => new ServiceCollection().AddBotSettings(With(("PipelineBot:Pipelines:0:PrimaryOwner", "nobody"))));
}
