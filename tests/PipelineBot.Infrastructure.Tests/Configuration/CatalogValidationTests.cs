using static PipelineBot.Infrastructure.Tests.Configuration.SampleConfiguration;

namespace PipelineBot.Infrastructure.Tests.Configuration;

// Indices into the shipped file: Members 0 jasmine, 1 miles, 2 jackson, 3 hudson, 4 de-manager, 5 profit-lead;
// Pipelines 0 profit, 1 unit-level-profit, 3 growth, 8 ldz; DownstreamTeams 0 profit.
public sealed class CatalogValidationTests
{
    [Fact]
    public void UnknownOwner_IsNamedWithTheNearestMember() =>
        AssertProblem(
            "PipelineBot:Pipelines:3:PrimaryOwner: unknown member 'mils' (did you mean 'miles'?)",
            With(("PipelineBot:Pipelines:3:PrimaryOwner", "mils")));

    [Fact]
    public void DuplicateMemberId_NamesBothKeys() =>
        AssertProblem(
            "PipelineBot:Members:2:Id: duplicate id 'miles' (also PipelineBot:Members:1:Id)",
            With(("PipelineBot:Members:2:Id", "miles")));

    [Fact]
    public void UnknownRole_IsNamedWithTheNearestRole() =>
        AssertProblem(
            "PipelineBot:Members:0:Roles:0: unknown role 'memebr' (did you mean 'member'?)",
            With(("PipelineBot:Members:0:Roles:0", "memebr")));

    [Fact]
    public void EmptyRequiredValue_IsReported() =>
        AssertProblem("PipelineBot:Members:1:Name: missing or empty", With(("PipelineBot:Members:1:Name", "")));

    [Fact]
    public void MissingRequiredValue_IsReported() =>
        AssertProblem("PipelineBot:Pipelines:0:SecondaryOwner: missing or empty", Without("PipelineBot:Pipelines:0:SecondaryOwner"));

    [Fact]
    public void MalformedEmail_IsReported() =>
        AssertProblem(
            "PipelineBot:Members:0:Email: 'jasmine.glancy@' is not an email address",
            With(("PipelineBot:Members:0:Email", "jasmine.glancy@")));

    [Fact]
    public void DuplicateEmail_IsReportedWhateverItsCase() =>
        AssertProblemStartsWith(
            "PipelineBot:Members:1:Email: duplicate email 'Jasmine.Glancy@example.com' (also PipelineBot:Members:0:Email)",
            With(("PipelineBot:Members:1:Email", "Jasmine.Glancy@example.com")));

    [Fact]
    public void MemberTimeZone_MustBeIana() =>
        AssertProblemStartsWith(
            "PipelineBot:Members:0:TimeZone: 'Europe/Londn' is not an IANA time zone id (did you mean 'Europe/London'",
            With(("PipelineBot:Members:0:TimeZone", "Europe/Londn")));

    [Fact]
    public void UnknownUpstream_IsNamedWithTheNearestPipeline() =>
        AssertProblem(
            "PipelineBot:Pipelines:1:Upstream:0: unknown pipeline 'proft' (did you mean 'profit'?)",
            With(("PipelineBot:Pipelines:1:Upstream:0", "proft")));

    [Fact]
    public void UpstreamCycle_IsReportedOnceAtItsFirstPipeline()
    {
        var problems = Problems(With(("PipelineBot:Pipelines:0:Upstream:0", "unit-level-profit"))).Problems;

        Assert.Equal(
            ["PipelineBot:Pipelines:0:Upstream: upstream cycle 'profit' → 'unit-level-profit' → 'profit': each takes its data from the next"],
            problems);
    }

    [Fact]
    public void UnknownDownstreamTeam_IsReported() =>
        AssertProblem(
            "PipelineBot:Pipelines:3:DownstreamTeam: unknown downstream team 'growht' (did you mean 'growth'?)",
            With(("PipelineBot:Pipelines:3:DownstreamTeam", "growht")));

    [Fact]
    public void UnknownLead_IsReported() =>
        AssertProblem(
            "PipelineBot:DownstreamTeams:0:Leads:0: unknown member 'profit-led' (did you mean 'profit-lead'?)",
            With(("PipelineBot:DownstreamTeams:0:Leads:0", "profit-led")));

    [Fact]
    public void Lead_WithoutTheLeadRole_IsReported() =>
        AssertProblem(
            "PipelineBot:DownstreamTeams:0:Leads:0: 'miles' lacks the 'lead' role",
            With(("PipelineBot:DownstreamTeams:0:Leads:0", "miles")));

    [Fact]
    public void UnknownExternalContact_IsReported() =>
        AssertProblem(
            "PipelineBot:Pipelines:1:ExternalContacts:0: unknown external contact 'ray-charly' (did you mean 'ray-charley'?)",
            With(("PipelineBot:Pipelines:1:ExternalContacts:0", "ray-charly")));

    [Fact]
    public void UnknownPreconditionDag_IsReported() =>
        AssertProblem(
            "PipelineBot:Pipelines:8:Preconditions:0: unknown DAG 'etl_date_control_update' (did you mean 'etl_date_control_update_dag'?)",
            With(("PipelineBot:Pipelines:8:Preconditions:0", "etl_date_control_update")));

    [Fact]
    public void UnknownRerunParameter_IsReported() =>
        AssertProblem(
            "PipelineBot:Pipelines:0:Orchestrator:RerunParameters:0: unknown rerun parameter 'loaddate' (did you mean 'load_date'?)",
            With(("PipelineBot:Pipelines:0:Orchestrator:RerunParameters:0", "loaddate")));

    [Fact]
    public void AliasNamingTwoPipelines_IsReported() =>
        AssertProblem(
            "PipelineBot:Pipelines:3:Aliases:0: 'agg profit' already names pipeline 'aggregate-profit' (PipelineBot:Pipelines:2:Aliases:0)",
            With(("PipelineBot:Pipelines:3:Aliases:0", "agg profit")));

    [Fact]
    public void EmptyMembersSection_IsReported() =>
        AssertProblem("PipelineBot:Members: no members: the section is missing or empty", Without("PipelineBot:Members"));

    [Fact]
    public void EmptyPipelinesSection_IsReported() =>
        AssertProblem("PipelineBot:Pipelines: no pipelines: the section is missing or empty", Without("PipelineBot:Pipelines"));

    [Fact]
    public void MissingPipelineBotSection_ReportsEverySectionTheLoaderNeeds()
    {
        var problems = Problems(Without("PipelineBot")).Problems;

        Assert.Contains("PipelineBot:Members: no members: the section is missing or empty", problems);
        Assert.Contains("PipelineBot:Rotation:Roster: the rotation needs at least one member: the roster is missing or empty", problems);
        Assert.Contains("PipelineBot:Sla: the section is missing", problems);
        Assert.Contains("PipelineBot:BusinessHours: the section is missing", problems);
    }

    [Fact]
    public void EveryProblem_IsListedInOneException()
    {
        var exception = Problems(With(
            ("PipelineBot:Pipelines:3:PrimaryOwner", "mils"),
            ("PipelineBot:Rotation:TimeZone", "Mars/Olympus"),
            ("PipelineBot:Holidays:Rules:1:Kind", "Lunar")));

        Assert.Equal(3, exception.Problems.Count);
        Assert.All(exception.Problems, p => Assert.Contains(p, exception.Message, StringComparison.Ordinal));
        Assert.StartsWith("The PipelineBot configuration has 3 problems:", exception.Message, StringComparison.Ordinal);
    }
}
