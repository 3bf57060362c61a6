using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;

namespace PipelineBot.Testing.Airflow;

/// <summary>The fake's answers in each version's shape: Airflow 2's DAGRun and RFC 7807 errors, Airflow 3's DAGRunResponse and <c>{detail}</c>.</summary>
internal static class AirflowShapes
{
    // Airflow 2 writes Python's isoformat of a UTC datetime; Airflow 3 writes "Z".
    private static readonly InstantPattern Airflow2Time = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'+00:00'");

    public static string Time(int version, Instant instant) =>
        version == 3 ? InstantPattern.ExtendedIso.Format(instant) : Airflow2Time.Format(instant);

    public static JsonObject Run(int version, FakeRun run, string user)
    {
        var interval = Time(version, run.LogicalDate ?? run.RunAfter);
        if (version != 3)
        {
            return new JsonObject
            {
                ["dag_run_id"] = run.RunId,
                ["dag_id"] = run.DagId,
                ["logical_date"] = Time(version, run.LogicalDate),
                ["execution_date"] = Time(version, run.LogicalDate),
                ["start_date"] = Time(version, run.StartDate),
                ["end_date"] = Time(version, run.EndDate),
                ["data_interval_start"] = interval,
                ["data_interval_end"] = interval,
                ["last_scheduling_decision"] = null,
                ["run_type"] = run.RunType,
                ["state"] = run.State,
                ["external_trigger"] = run.RunType == "manual",
                ["conf"] = run.Conf.DeepClone(),
                ["note"] = null,
            };
        }

        return new JsonObject
        {
            ["dag_run_id"] = run.RunId,
            ["dag_id"] = run.DagId,
            ["logical_date"] = Time(version, run.LogicalDate),
            ["queued_at"] = Time(version, run.QueuedAt),
            ["start_date"] = Time(version, run.StartDate),
            ["end_date"] = Time(version, run.EndDate),
            ["duration"] = run is { StartDate: { } start, EndDate: { } end } ? (end - start).TotalSeconds : null,
            ["data_interval_start"] = interval,
            ["data_interval_end"] = interval,
            ["run_after"] = Time(version, run.RunAfter),
            ["last_scheduling_decision"] = null,
            ["run_type"] = run.RunType,
            ["state"] = run.State,
            ["triggered_by"] = run.RunType == "manual" ? "rest_api" : "timetable",
            ["triggering_user_name"] = run.RunType == "manual" ? user : null,
            ["conf"] = run.Conf.DeepClone(),
            ["note"] = null,
            ["dag_versions"] = new JsonArray(),
            ["bundle_version"] = null,
            ["dag_display_name"] = run.DagId,
            ["partition_key"] = null,
        };
    }

    /// <summary>A task instance a clear touched: Airflow 2's TaskInstanceReference, Airflow 3's full TaskInstanceResponse.</summary>
    public static JsonObject ClearedTask(int version, FakeRun run, string taskId, bool dryRun)
    {
        if (version != 3)
        {
            return new JsonObject
            {
                ["task_id"] = taskId,
                ["dag_id"] = run.DagId,
                ["execution_date"] = Time(version, run.LogicalDate),
                ["dag_run_id"] = run.RunId,
            };
        }

        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["task_id"] = taskId,
            ["dag_id"] = run.DagId,
            ["dag_run_id"] = run.RunId,
            ["map_index"] = -1,
            ["logical_date"] = Time(version, run.LogicalDate),
            ["run_after"] = Time(version, run.RunAfter),
            ["start_date"] = null,
            ["end_date"] = null,
            ["duration"] = null,
            // A dry run lists the tasks as they are; a real clear returns them cleared (no state).
            ["state"] = dryRun ? "failed" : null,
            ["try_number"] = 1,
            ["max_tries"] = 0,
            ["task_display_name"] = taskId,
            ["dag_display_name"] = run.DagId,
            ["hostname"] = null,
            ["unixname"] = null,
            ["pool"] = "default_pool",
            ["pool_slots"] = 1,
            ["queue"] = "default",
            ["priority_weight"] = 1,
            ["operator"] = "PythonOperator",
            ["operator_name"] = "PythonOperator",
            ["queued_when"] = null,
            ["scheduled_when"] = null,
            ["pid"] = null,
            ["executor"] = null,
            ["executor_config"] = "{}",
            ["note"] = null,
            ["rendered_map_index"] = null,
            ["rendered_fields"] = new JsonObject(),
            ["trigger"] = null,
            ["triggerer_job"] = null,
            ["dag_version"] = null,
        };
    }

    /// <summary>A failed task instance: Airflow 2's TaskInstance, Airflow 3's TaskInstanceResponse, at its try.</summary>
    public static JsonObject TaskInstance(int version, FakeRun run, string taskId, int tryNumber)
    {
        var instance = version == 3
            ? ClearedTask(version, run, taskId, dryRun: true)
            : new JsonObject
            {
                ["task_id"] = taskId,
                ["dag_id"] = run.DagId,
                ["dag_run_id"] = run.RunId,
                ["execution_date"] = Time(version, run.LogicalDate),
                ["state"] = "failed",
                ["max_tries"] = 0,
                ["operator"] = "PythonOperator",
            };
        instance["try_number"] = tryNumber;
        return instance;
    }

    /// <summary>A whole log: Airflow 2 sends it as one string, Airflow 3 as structured messages, one per line.</summary>
    public static JsonObject Log(int version, string text, Instant now) => version == 3
        ? new JsonObject
        {
            ["content"] = new JsonArray([.. text.Split('\n').Select(line => (JsonNode)new JsonObject { ["timestamp"] = Time(version, now), ["event"] = line })]),
            ["continuation_token"] = null,
        }
        : new JsonObject { ["content"] = text, ["continuation_token"] = "end-of-log" };

    public static JsonObject Problem(int version, int status, string title, string detail)
    {
        if (version == 3)
        {
            return new JsonObject { ["detail"] = detail };
        }

        var kind = status switch
        {
            400 => "BadRequest",
            401 => "Unauthenticated",
            403 => "PermissionDenied",
            404 => "NotFound",
            409 => "AlreadyExists",
            _ => "Unknown",
        };
        return new JsonObject
        {
            ["type"] = $"https://airflow.apache.org/docs/apache-airflow/2.10.0/stable-rest-api-ref.html#section/Errors/{kind}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
    }

    private static string? Time(int version, Instant? instant) => instant is { } i ? Time(version, i) : null;
}
