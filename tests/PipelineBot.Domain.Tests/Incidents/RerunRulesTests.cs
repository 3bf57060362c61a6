using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;

namespace PipelineBot.Domain.Tests.Incidents;

public class RerunRulesTests
{
    private static readonly LocalDate LoadDate = new(2026, 11, 20);

    private static readonly Pipeline Profit = Pipeline("profit", [RerunParameters.LoadDate, RerunParameters.BatchId, RerunParameters.Environment]);

    private static readonly Pipeline AggregateGrowth = Pipeline("aggregate-growth", [RerunParameters.LoadDate, RerunParameters.SparkAdaptiveExecution]);

    private static readonly Pipeline Ldz = Pipeline("ldz", [RerunParameters.LoadDate, RerunParameters.BatchId], ["etl_date_control_update_dag"]);

    private static Pipeline Pipeline(string id, IReadOnlyList<string> parameters, IReadOnlyList<string>? preconditions = null) => new(
        id, id, [], "", "miles", "jasmine", null, [], new Orchestration($"{id}_dag", parameters), [], [], [], [], preconditions ?? []);

    private static Member Member(string id, params string[] roles) => new(id, id, $"{id}@example.com", roles.ToHashSet(), "UTC");

    [Theory]
    [InlineData("miles", "member", true)]
    [InlineData("jasmine", "member", true)]
    [InlineData("hudson", "member", true)]
    [InlineData("sit-operator", "operator", true)]
    [InlineData("jackson", "member", false)]
    [InlineData("de-manager", "manager", false)]
    [InlineData("profit-lead", "lead", false)]
    public void Reruns_AreForTheOnCallPerson_TheOwners_AndOperators(string who, string role, bool allowed)
    {
        var reason = RerunRules.WhyNotAllowed(Member(who, role), Profit, onCallId: "hudson");

        Assert.Equal(allowed, reason is null);
        if (!allowed)
        {
            Assert.Contains("on call, its owners and operators", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rerun_WithoutParameters_ClearsTheFailedTasksOfTheRun()
    {
        var plan = RerunRules.Plan(Profit, new RerunRequest(), "scheduled__2026-11-20", LoadDate).Plan!;

        Assert.Equal(RerunMode.ClearFailedTasks, plan.Mode);
        Assert.Equal("scheduled__2026-11-20", plan.SourceRunId);
        Assert.Empty(plan.Preconditions);
    }

    [Fact]
    public void Rerun_WithParameters_TriggersANewRun_WithThemAsConf()
    {
        var plan = RerunRules.Plan(Profit, new RerunRequest(new LocalDate(2026, 11, 19), "42", "prod"), "run-1", LoadDate).Plan!;

        Assert.Equal(RerunMode.TriggerNewRun, plan.Mode);
        Assert.Null(plan.SourceRunId);
        Assert.Equal("2026-11-19", plan.Parameters[RerunParameters.LoadDate]);
        Assert.Equal("42", plan.Parameters[RerunParameters.BatchId]);
        Assert.Equal("prod", plan.Parameters[RerunParameters.Environment]);
    }

    [Fact]
    public void AdaptiveExecution_IsOfferedOnlyWhereTheRunbookHasIt()
    {
        var growth = RerunRules.Plan(AggregateGrowth, new RerunRequest(AdaptiveExecution: true), "run-1", LoadDate);
        var profit = RerunRules.Plan(Profit, new RerunRequest(AdaptiveExecution: true), "run-1", LoadDate);

        Assert.Equal(true, growth.Plan!.Parameters[RerunParameters.SparkAdaptiveExecution]);
        Assert.Null(profit.Plan);
        Assert.Contains("not 'spark_adaptive_execution'", profit.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void ACanonicalLoad_RunsItsDateControlFirst_ForTheLoadDate()
    {
        var plan = RerunRules.Plan(Ldz, new RerunRequest(), "run-1", LoadDate).Plan!;

        Assert.Equal(["etl_date_control_update_dag"], plan.Preconditions);
        Assert.Equal(LoadDate, plan.LoadDate);
    }

    [Fact]
    public void ACanonicalLoad_WithoutALoadDate_IsRefused_WithTheReason()
    {
        var decision = RerunRules.Plan(Ldz, new RerunRequest(), null, null);

        Assert.Null(decision.Plan);
        Assert.Contains("etl_date_control_update_dag must run for its load date first", decision.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void LateData_HasNoRunToClear_SoANewRunIsTriggered()
    {
        var plan = RerunRules.Plan(Profit, new RerunRequest(), failedRunId: null, LoadDate).Plan!;

        Assert.Equal(RerunMode.TriggerNewRun, plan.Mode);
        Assert.Equal("2026-11-20", plan.Parameters[RerunParameters.LoadDate]);
    }

    [Theory]
    [InlineData("INC-12", 12)]
    [InlineData("inc12", 12)]
    [InlineData("#7", 7)]
    [InlineData("7", 7)]
    public void IncidentIds_ReadTheWaysPeopleWriteThem(string text, long id)
    {
        Assert.True(IncidentNames.TryParseId(text, out var parsed));
        Assert.Equal(id, parsed);
        Assert.Equal($"INC-{id}", IncidentNames.Id(parsed));
    }

    [Theory]
    [InlineData("INC-")]
    [InlineData("INC-0")]
    [InlineData("twelve")]
    [InlineData("2026-11-20")]
    public void IncidentIds_RefuseWhatIsNotOne(string text) => Assert.False(IncidentNames.TryParseId(text, out _));
}
