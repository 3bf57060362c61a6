using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Operations;
using static PipelineBot.Domain.Tests.Incidents.IncidentScenario;

namespace PipelineBot.Domain.Tests.Operations;

public class OperationTests
{
    private static readonly LocalDate Today = new(2026, 12, 4);

    private static readonly Catalog.Catalog WithSetup = new(
        TeamCatalog.Members, TeamCatalog.Pipelines, TeamCatalog.DownstreamTeams, TeamCatalog.ExternalContacts,
        [new SetupDag("ddl_execution_dag_multidb", "DDL"), new SetupDag("airflow_variable_sync", "variables"), new SetupDag(Operation.DateControlDag, "date control")]);

    [Fact]
    public void PlanBackfill_ClearsThePipelineThenEveryPipelineDownstream_NearestFirst_OverTheSameDates()
    {
        var sales = TeamCatalog.FindPipeline("sales")!;

        var (steps, refusal) = Operation.PlanBackfill(TeamCatalog, sales, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 7), Today);

        Assert.Null(refusal);
        Assert.Equal(["sales_dag", "profit_dag", "unit-profit_dag"], steps!.Select(s => s.DagId));
        Assert.All(steps!, s => Assert.Equal((new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 7)), (s.From!.Value, s.To!.Value)));
    }

    [Theory]
    [InlineData(2026, 11, 3, 2026, 11, 3, null)]
    [InlineData(2026, 11, 4, 2026, 12, 4, null)]
    [InlineData(2026, 11, 3, 2026, 12, 3, null)]
    [InlineData(2026, 11, 2, 2026, 12, 3, "32 days is more than one backfill clears (at most 31)")]
    [InlineData(2026, 11, 7, 2026, 11, 1, "ends (2026-11-01) before it starts (2026-11-07)")]
    [InlineData(2026, 12, 1, 2026, 12, 5, "2026-12-05 is in the future")]
    public void PlanBackfill_TakesAtMostAMonthOfDaysPast_ExactlyThirtyOneIncluded(int y1, int m1, int d1, int y2, int m2, int d2, string? refused)
    {
        var (steps, refusal) = Operation.PlanBackfill(TeamCatalog, Profit, new LocalDate(y1, m1, d1), new LocalDate(y2, m2, d2), Today);

        if (refused is null)
        {
            Assert.Null(refusal);
            Assert.NotEmpty(steps!);
        }
        else
        {
            Assert.Null(steps);
            Assert.Contains(refused, refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PlanRebuild_RunsTheSetupDagsInCatalogOrder_TheDateControlOneForTheLoadDate()
    {
        var steps = Operation.PlanRebuild(WithSetup, new LocalDate(2026, 12, 4));

        Assert.Equal(["ddl_execution_dag_multidb", "airflow_variable_sync", Operation.DateControlDag], steps.Select(s => s.DagId));
        Assert.Equal([0, 0, 1], steps.Select(s => s.Conf.Count));
        Assert.Equal("2026-12-04", steps[2].Conf[RerunParameters.LoadDate]);
    }

    [Fact]
    public void Steps_RunOneAtATime_InOrder_OnlyAfterConfirm_AndAFailureStopsTheRest()
    {
        var operation = new Operation(7, OperationKind.Rebuild, null, OperationState.Proposed, Operation.PlanRebuild(WithSetup, Today));
        Assert.Null(operation.Next());

        Assert.True(operation.Confirm());
        Assert.False(operation.Confirm());
        Assert.Equal(new StartStep(0, "pipelinebot__rebuild_7_1"), operation.Next());
        operation.Started(0, ["pipelinebot__rebuild_7_1"], "triggered");
        Assert.Equal(new WatchStep(0), operation.Next());
        operation.Observed(0, [RunStanding.Going], "running");
        Assert.Equal(new WatchStep(0), operation.Next());
        operation.Observed(0, [RunStanding.Succeeded], "1 of 1 run(s) succeeded");
        Assert.Equal(new StartStep(1, "pipelinebot__rebuild_7_2"), operation.Next());
        operation.Started(1, ["pipelinebot__rebuild_7_2"], "triggered");
        operation.Observed(1, [RunStanding.Failed], "failed");

        Assert.Equal(OperationState.Failed, operation.State);
        Assert.Null(operation.Next());
        Assert.Equal([StepState.Succeeded, StepState.Failed, StepState.Pending], operation.Steps.Select(s => s.State));
        Assert.False(operation.Cancel());
    }

    [Fact]
    public void A_backfill_step_waits_for_every_run_it_cleared_and_one_with_nothing_to_clear_is_done_at_once()
    {
        var (steps, _) = Operation.PlanBackfill(TeamCatalog, Profit, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 2), Today);
        var operation = new Operation(3, OperationKind.Backfill, "profit", OperationState.Proposed, steps!);
        operation.Confirm();

        operation.Started(0, ["r1", "r2"], "cleared");
        operation.Observed(0, [RunStanding.Succeeded, RunStanding.Going], "1 of 2");
        Assert.Equal(new WatchStep(0), operation.Next());
        operation.Observed(0, [RunStanding.Succeeded, RunStanding.Succeeded], "2 of 2");
        operation.Started(1, [], "nothing to clear");

        Assert.Equal(OperationState.Succeeded, operation.State);
    }

    [Theory]
    [InlineData("sit-operator", Roles.Operator, true)]
    [InlineData("de-manager", Roles.Manager, true)]
    [InlineData("miles", Roles.Member, false)]
    [InlineData("tech-ba", Roles.TechBa, false)]
    public void Rebuilds_AreForOperatorsAndManagers(string who, string role, bool allowed) =>
        Assert.Equal(allowed, Operation.WhyNotAllowedToRebuild(new Member(who, who, $"{who}@example.com", new HashSet<string> { role }, "UTC")) is null);
}
