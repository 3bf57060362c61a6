using NodaTime;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Domain.Incidents;

/// <summary>What someone asked a rerun to set; every value is optional and only the pipeline's runbook parameters are accepted.</summary>
public sealed record RerunRequest(LocalDate? LoadDate = null, string? BatchId = null, string? Environment = null, bool AdaptiveExecution = false)
{
    public bool SetsParameters => LoadDate is not null || BatchId is not null || Environment is not null || AdaptiveExecution;
}

/// <summary>How a rerun goes through the orchestrator: clear the failed tasks of a run, or trigger a new run with parameters.</summary>
public enum RerunMode
{
    ClearFailedTasks,
    TriggerNewRun,
}

/// <summary>
/// A rerun the rules allow. Invariant: a pipeline with preconditions has a <see cref="LoadDate"/>, because each
/// precondition DAG runs for that date first (seed 000: etl_date_control_update_dag before each Canonical load run).
/// </summary>
/// <param name="SourceRunId">For <see cref="RerunMode.ClearFailedTasks"/>: the run whose failed tasks are cleared.</param>
/// <param name="Parameters">The run's <c>conf</c>: only parameters of the pipeline's runbook, by <see cref="RerunParameters"/> name.</param>
public sealed record RerunPlan(
    RerunMode Mode,
    string DagId,
    string? SourceRunId,
    LocalDate? LoadDate,
    IReadOnlyDictionary<string, object> Parameters,
    IReadOnlyList<string> Preconditions);

/// <summary>The answer of <see cref="RerunRules.Plan"/>: a plan, or the reason there is none.</summary>
public sealed record RerunDecision(RerunPlan? Plan, string? Refusal)
{
    public static RerunDecision Refuse(string reason) => new(null, reason);
}

/// <summary>Who may rerun a pipeline, and how a rerun is made (PRODUCT §1 runbook preconditions, §4 rerun).</summary>
public static class RerunRules
{
    /// <summary>Null when <paramref name="member"/> may rerun <paramref name="pipeline"/>: the person on call, its owners and operators.</summary>
    public static string? WhyNotAllowed(Member member, Pipeline pipeline, string? onCallId)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return Responders.Includes(member, pipeline, onCallId)
            ? null
            : $"reruns of {pipeline.Name} are for the person on call, its owners and operators (the Service Implementation Team)";
    }

    /// <summary>
    /// The plan for a rerun. Without new parameters the failed tasks of <paramref name="failedRunId"/> are cleared, so
    /// the run picks up where it stopped; with parameters, or with no failed run to clear (late data), a new run is
    /// triggered. <paramref name="defaultLoadDate"/> is the load date of the incident's run, used when none is given.
    /// </summary>
    public static RerunDecision Plan(Pipeline pipeline, RerunRequest request, string? failedRunId, LocalDate? defaultLoadDate)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(request);
        if (pipeline.Orchestrator is not { } orchestrator)
        {
            return RerunDecision.Refuse($"{pipeline.Name} has no Airflow DAG in the catalog, so I can't rerun it");
        }

        var allowed = orchestrator.RerunParameters;
        var asked = new List<(string Name, bool Given)>
        {
            (RerunParameters.LoadDate, request.LoadDate is not null),
            (RerunParameters.BatchId, request.BatchId is not null),
            (RerunParameters.Environment, request.Environment is not null),
            (RerunParameters.SparkAdaptiveExecution, request.AdaptiveExecution),
        };
        if (asked.FirstOrDefault(a => a.Given && !allowed.Contains(a.Name)) is { Name: { } refused })
        {
            return RerunDecision.Refuse(allowed.Count == 0
                ? $"{pipeline.Name}'s runbook has no rerun parameters, so '{refused}' can't be set"
                : $"{pipeline.Name}'s runbook lets a rerun set {string.Join(", ", allowed)}, not '{refused}'");
        }

        var loadDate = request.LoadDate ?? defaultLoadDate;
        if (pipeline.Preconditions.Count > 0 && loadDate is null)
        {
            return RerunDecision.Refuse(
                $"{pipeline.Name} is a load run: {string.Join(" and ", pipeline.Preconditions)} must run for its load date first, and I don't know the load date. Give it, e.g. \"rerun {pipeline.Id} for 2026-11-20\"");
        }

        var parameters = new SortedDictionary<string, object>(StringComparer.Ordinal);
        if (loadDate is { } date && allowed.Contains(RerunParameters.LoadDate))
        {
            parameters[RerunParameters.LoadDate] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.BatchId is { } batch)
        {
            parameters[RerunParameters.BatchId] = batch;
        }

        if (request.Environment is { } environment)
        {
            parameters[RerunParameters.Environment] = environment;
        }

        if (request.AdaptiveExecution)
        {
            parameters[RerunParameters.SparkAdaptiveExecution] = true;
        }

        var clear = !request.SetsParameters && failedRunId is not null;
        return new RerunDecision(
            new RerunPlan(
                clear ? RerunMode.ClearFailedTasks : RerunMode.TriggerNewRun,
                orchestrator.DagId,
                clear ? failedRunId : null,
                loadDate,
                parameters,
                pipeline.Preconditions),
            null);
    }
}
