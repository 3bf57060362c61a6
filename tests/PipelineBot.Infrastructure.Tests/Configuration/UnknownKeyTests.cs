using PipelineBot.Domain.Catalog;

namespace PipelineBot.Infrastructure.Tests.Configuration;

public class UnknownKeyTests
{
    [Theory]
    [InlineData("PipelineBot:Rotation:TimeZon", "PipelineBot:Rotation:TimeZon: unknown setting (did you mean 'TimeZone'?)")]
    [InlineData("PipelineBot:Pipelines:0:PrimaryOwnr", "PipelineBot:Pipelines:0:PrimaryOwnr: unknown setting (did you mean 'PrimaryOwner'?)")]
    [InlineData("PipelineBot:Holidays:Rules:2:Ofset", "PipelineBot:Holidays:Rules:2:Ofset: unknown setting (did you mean 'Offset'?)")]
    [InlineData("PipelineBot:Pipelines:0:Orchestrator:DagID2", "PipelineBot:Pipelines:0:Orchestrator:DagID2: unknown setting (did you mean 'DagId'?)")]
    [InlineData("PipelineBot:Storge:Provider", "PipelineBot:Storge: unknown setting (did you mean 'Storage'?)")]
    public void MisspeltKey_StopsTheStart_NamingTheKeyAndTheNearestKnownOne(string key, string expected) =>
        SampleConfiguration.AssertProblem(expected, SampleConfiguration.With((key, "x")));

    [Fact]
    public void ApiSection_IsLeftToTheHost()
    {
        var catalog = SampleConfiguration.Load<Catalog>(SampleConfiguration.With(("PipelineBot:Api:Token", "secret")));

        Assert.NotNull(catalog);
    }
}
