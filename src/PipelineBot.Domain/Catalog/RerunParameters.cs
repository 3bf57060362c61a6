namespace PipelineBot.Domain.Catalog;

/// <summary>The parameters a runbook may let a rerun set (PRODUCT §4); each is passed to the orchestrator by this name.</summary>
public static class RerunParameters
{
    public const string LoadDate = "load_date";
    public const string BatchId = "batch_id";
    public const string Environment = "environment";

    /// <summary>Spark 3 adaptive query execution: the runbook's answer to Aggregate Growth running out of memory.</summary>
    public const string SparkAdaptiveExecution = "spark_adaptive_execution";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        LoadDate, BatchId, Environment, SparkAdaptiveExecution,
    };
}
