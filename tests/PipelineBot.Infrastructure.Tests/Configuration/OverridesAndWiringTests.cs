using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

using NodaTime;

using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;
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
        using var services = Services(With(
            ("PipelineBot:Rotation:TimeZone", "America/Chicago"),
            ("PipelineBot:Sla:AckTimeout", "00:30:00"),
            ("PipelineBot:Pipelines:0:SecondaryOwner", "hudson")));

        Assert.Equal("America/Chicago", services.GetRequiredService<ShiftCalendar>().Zone.Id);
        Assert.Equal(Duration.FromMinutes(30), services.GetRequiredService<SlaPolicy>().AckTimeout);
        Assert.Equal("hudson", services.GetRequiredService<Catalog>().FindPipeline("profit")!.SecondaryOwner);
    }

    [Fact]
    public void Members_WithoutATimeZone_TakeTheRotations()
    {
        var catalog = Load<Catalog>(With(
            ("PipelineBot:Rotation:TimeZone", "Europe/London"),
            ("PipelineBot:Members:1:TimeZone", "America/Los_Angeles")));

        Assert.Equal("Europe/London", catalog.Member("jasmine").TimeZone);
        Assert.Equal("America/Los_Angeles", catalog.Member("miles").TimeZone);
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

            Assert.Equal("Australia/Sydney", Load<ShiftCalendar>(configuration).Zone.Id);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{prefix}PipelineBot__Rotation__TimeZone", null);
        }
    }

    [Fact]
    public void AddBotOptions_RegistersEachConfiguredObjectAsASingleton()
    {
        using var services = Services(Shipped());

        AssertSingleton<Catalog>(services);
        AssertSingleton<ShiftCalendar>(services);
        AssertSingleton<RosterTimeline>(services);
        AssertSingleton<HolidayCalendar>(services);
        AssertSingleton<HolidaySettings>(services);
        AssertSingleton<TradeSettings>(services);
        AssertSingleton<SlaPolicy>(services);
        AssertSingleton<BusinessHours>(services);
        AssertSingleton<StorageSettings>(services);
    }

    [Fact]
    public async Task AHostWithABadCatalog_DoesNotStart_AndNamesTheKey()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBotOptions(With(("PipelineBot:Pipelines:0:PrimaryOwner", "nobody")));
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("PipelineBot:Pipelines:0:PrimaryOwner: unknown member 'nobody'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFeaturesOptions_AreChecked_AndAllTheirProblemsListedAtOnce()
    {
        var exception = Problems(With(
            ("PipelineBot:Pipelines:0:PrimaryOwner", "nobody"),
            ("PipelineBot:Rotation:Start", "soon"),
            ("PipelineBot:Holidays:RuleYears", "0"),
            ("PipelineBot:Trades:OfferLifetime", "7"),
            ("PipelineBot:Sla:AckTimeout", "0"),
            ("PipelineBot:BusinessHours:Days", "Weekdays"),
            ("PipelineBot:Storage:Provider", "Excel")));

        Assert.Equal(
            [
                "PipelineBot:Pipelines:0:PrimaryOwner",
                "PipelineBot:Rotation:Start",
                "PipelineBot:Holidays:RuleYears",
                "PipelineBot:Trades:OfferLifetime",
                "PipelineBot:Sla:AckTimeout",
                "PipelineBot:BusinessHours:Days",
                "PipelineBot:Storage:Provider",
            ],
            exception.Problems.Select(p => p[..p.IndexOf(": ", StringComparison.Ordinal)]));
    }

    private static void AssertSingleton<T>(IServiceProvider services)
        where T : class =>
        Assert.Same(services.GetRequiredService<T>(), services.GetRequiredService<T>());
}
