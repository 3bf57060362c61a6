using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;

namespace PipelineBot.Testing.Airflow;

// The operations the fake carries out, by the spec's operationId. Anything it does not model is answered 501, never
// quietly approximated, so a test cannot pass on an answer Airflow would not give.
public sealed partial class FakeAirflow
{
    private static readonly string[] Airflow2Orderable = ["id", "state", "dag_id", "execution_date", "dag_run_id", "start_date", "end_date", "external_trigger", "conf"];
    private static readonly string[] Airflow3Orderable = ["id", "state", "dag_id", "run_id", "logical_date", "run_after", "start_date", "end_date", "updated_at", "conf", "duration", "dag_run_id"];
    private static readonly string[] ListingQuery = ["limit", "offset", "order_by", "state"];
    private static readonly string[] WideningFlags = ["include_upstream", "include_downstream", "include_future", "include_past", "only_running", "include_subdags", "include_parentdag", "run_on_latest_version", "prevent_running_task"];

    private Reply Perform(SpecOperation operation, Incoming request) => operation.OperationId switch
    {
        "post_dag_run" or "trigger_dag_run" => Trigger(operation.PathValues["dag_id"], (JsonObject)JsonNode.Parse(request.Body)!),
        "get_dag_run" => GetRun(operation.PathValues["dag_id"], operation.PathValues["dag_run_id"]),
        "get_dag_runs" => ListRuns(operation.PathValues["dag_id"], request),
        "post_clear_task_instances" => ClearTasks(operation.PathValues["dag_id"], (JsonObject)JsonNode.Parse(request.Body)!),
        "get_task_instance" => GetTaskInstance(operation.PathValues["dag_id"], operation.PathValues["dag_run_id"], operation.PathValues["task_id"]),
        "get_log" => GetLog(operation, request),
        _ => NotModelled($"the fake Airflow does not implement {operation.OperationId}"),
    };

    private Reply Trigger(string dagId, JsonObject body)
    {
        if (!_dags.TryGetValue(dagId, out var runs))
        {
            return Error(404, "DAG not found", $"DAG with dag_id: '{dagId}' not found");
        }

        var now = Now;
        var logicalDate = body["logical_date"] is JsonValue date ? Instant.FromDateTimeOffset(DateTimeOffset.Parse(date.GetValue<string>(), CultureInfo.InvariantCulture)) : (Instant?)null;
        if (AirflowVersion == 2)
        {
            logicalDate ??= now;
        }

        var runId = body["dag_run_id"] is JsonValue id ? id.GetValue<string>() : $"manual__{AirflowShapes.Time(AirflowVersion, logicalDate ?? now)}";
        if (runs.ContainsKey(runId))
        {
            return Error(409, "Conflict", $"DAGRun with DAG ID: '{dagId}' and DAGRun ID: '{runId}' already exists");
        }

        // Airflow 2 also keeps one run per logical date; Airflow 3 dropped that rule.
        if (AirflowVersion == 2 && runs.Values.Any(r => r.LogicalDate == logicalDate))
        {
            return Error(409, "Conflict", $"DAGRun with DAG ID: '{dagId}' and DAGRun logical date: '{AirflowShapes.Time(AirflowVersion, logicalDate!.Value)}' already exists");
        }

        var run = new FakeRun(++_lastRunId, dagId, runId, "manual", logicalDate, now, body["conf"]?.DeepClone() as JsonObject ?? []);
        runs.Add(runId, run);
        return new Reply(200, AirflowShapes.Run(AirflowVersion, run, Username));
    }

    private Reply GetRun(string dagId, string runId)
    {
        if (FindRun(dagId, runId) is not { } run)
        {
            return Error(404, "DAGRun not found", $"DAGRun with DAG ID: '{dagId}' and DagRun ID: '{runId}' not found");
        }

        var reply = new Reply(200, AirflowShapes.Run(AirflowVersion, run, Username));
        run.Step(_autoFinish.GetValueOrDefault(dagId), Now);
        return reply;
    }

    private Reply ListRuns(string dagId, Incoming request)
    {
        if (dagId == "~" || request.Query.Keys.Except(ListingQuery).Any())
        {
            return NotModelled($"the fake lists the runs of one DAG by {string.Join(", ", ListingQuery)} only");
        }

        if (!_dags.TryGetValue(dagId, out var runs))
        {
            // Airflow 2 filters by the id and finds nothing; Airflow 3 checks the DAG first.
            if (AirflowVersion == 3)
            {
                return Error(404, "DAG not found", $"The Dag with ID: `{dagId}` was not found");
            }

            runs = [];
        }

        var states = request.Query["state"].ToArray();
        var chosen = runs.Values.Where(r => states.Length == 0 || states.Contains(r.State)).ToList();
        var order = request.Query["order_by"].Count > 0 ? request.Query["order_by"].ToArray() : ["id"];
        IOrderedEnumerable<FakeRun>? sorted = null;
        foreach (var term in order)
        {
            var attribute = term!.TrimStart('-');
            var allowed = AirflowVersion == 3 ? Airflow3Orderable : Airflow2Orderable;
            if (!allowed.Contains(attribute))
            {
                return Refuse(request, [$"Airflow does not order DAG runs by '{attribute}' (it allows {string.Join(", ", allowed)})"]);
            }

            if (SortKey(attribute) is not { } key)
            {
                return NotModelled($"the fake does not order by {attribute}");
            }

            var descending = term.StartsWith('-');
            sorted = sorted is null
                ? (descending ? chosen.OrderByDescending(key, NullsLast.Instance) : chosen.OrderBy(key, NullsLast.Instance))
                : (descending ? sorted.ThenByDescending(key, NullsLast.Instance) : sorted.ThenBy(key, NullsLast.Instance));
        }

        var offset = int.Parse(request.Query["offset"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var limit = int.Parse(request.Query["limit"].FirstOrDefault() ?? (AirflowVersion == 3 ? "50" : "100"), CultureInfo.InvariantCulture);
        var page = sorted!.ThenBy(r => r.Id).Skip(offset).Take(limit);
        return new Reply(200, new JsonObject
        {
            ["dag_runs"] = new JsonArray([.. page.Select(r => AirflowShapes.Run(AirflowVersion, r, Username))]),
            ["total_entries"] = chosen.Count,
        });
    }

    private Reply ClearTasks(string dagId, JsonObject body)
    {
        if (!_dags.ContainsKey(dagId))
        {
            return Error(404, "DAG not found", $"DAG with dag_id: '{dagId}' not found");
        }

        if (body["dag_run_id"] is null && body["start_date"] is JsonValue start && body["end_date"] is JsonValue end)
        {
            return ClearRange(dagId, body, At(start), At(end));
        }

        if (body["dag_run_id"] is not JsonValue id
            || !Flag(body, "only_failed", true)
            || !Flag(body, "reset_dag_runs", true)
            || body["task_ids"] is not null || body["start_date"] is not null || body["end_date"] is not null
            || WideningFlags.Any(f => Flag(body, f, false)))
        {
            return NotModelled("the fake clears the failed tasks of one run (dag_run_id, only_failed, reset_dag_runs), or every task over a range of logical dates, and nothing wider");
        }

        var runId = id.GetValue<string>();
        if (FindRun(dagId, runId) is not { } run)
        {
            return Error(404, "DAGRun not found", $"Dag Run id {runId} not found in dag {dagId}");
        }

        // dry_run defaults to true in both versions: a client that leaves it out clears nothing.
        var dryRun = Flag(body, "dry_run", true);
        var tasks = run.FailedTasks.ToList();
        if (!dryRun && tasks.Count > 0)
        {
            run.Clear(Now);
        }

        var cleared = new JsonArray([.. tasks.Select(t => AirflowShapes.ClearedTask(AirflowVersion, run, t, dryRun))]);
        return new Reply(200, AirflowVersion == 3
            ? new JsonObject { ["task_instances"] = cleared, ["total_entries"] = tasks.Count }
            : new JsonObject { ["task_instances"] = cleared });
    }

    /// <summary>A backfill's clear: every task of the runs whose logical date lies from start to end, both included.</summary>
    private Reply ClearRange(string dagId, JsonObject body, Instant start, Instant end)
    {
        if (Flag(body, "only_failed", true) || !Flag(body, "reset_dag_runs", true) || body["task_ids"] is not null || WideningFlags.Any(f => Flag(body, f, false)))
        {
            return NotModelled("the fake clears a range of logical dates with only_failed false, reset_dag_runs and nothing wider");
        }

        var dryRun = Flag(body, "dry_run", true);
        var runs = _dags[dagId].Values.Where(r => r.LogicalDate is { } at && at >= start && at <= end).OrderBy(r => r.LogicalDate).ToList();
        var cleared = new JsonArray();
        foreach (var run in runs)
        {
            foreach (var task in run.Tasks)
            {
                cleared.Add(AirflowShapes.ClearedTask(AirflowVersion, run, task, dryRun));
            }

            if (!dryRun && run.Tasks.Count > 0)
            {
                run.Clear(Now, all: true);
            }
        }

        return new Reply(200, AirflowVersion == 3
            ? new JsonObject { ["task_instances"] = cleared, ["total_entries"] = cleared.Count }
            : new JsonObject { ["task_instances"] = cleared });
    }

    private static Instant At(JsonValue value) => Instant.FromDateTimeOffset(DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture));

    private Reply GetTaskInstance(string dagId, string runId, string taskId)
    {
        if (FindRun(dagId, runId) is not { } run || !run.FailedTasks.Contains(taskId) && !_logs.ContainsKey((dagId, runId, taskId)))
        {
            return Error(404, "Task instance not found", $"Task Instance not found for dag_id={dagId}, run_id={runId}, task_id={taskId}");
        }

        var tries = _logs.TryGetValue((dagId, runId, taskId), out var log) ? log.TryNumber : 1;
        return new Reply(200, AirflowShapes.TaskInstance(AirflowVersion, run, taskId, tries));
    }

    private Reply GetLog(SpecOperation operation, Incoming request)
    {
        var (dagId, runId, taskId) = (operation.PathValues["dag_id"], operation.PathValues["dag_run_id"], operation.PathValues["task_id"]);
        var tryText = operation.PathValues[AirflowVersion == 3 ? "try_number" : "task_try_number"];
        if (request.Query["full_content"] != "true" || request.Query.Keys.Except(["full_content"]).Any())
        {
            return NotModelled("the fake gives a try's whole log (full_content=true) and nothing else");
        }

        if (!_logs.TryGetValue((dagId, runId, taskId), out var log) || log.TryNumber.ToString(CultureInfo.InvariantCulture) != tryText)
        {
            return Error(404, "Log not found", $"TaskInstance not found or try {tryText} has no log");
        }

        return new Reply(200, AirflowShapes.Log(AirflowVersion, log.Text, Now));
    }

    private Reply NotModelled(string detail) => Error(501, "Not Implemented", detail);

    private static bool Flag(JsonObject body, string name, bool absent) =>
        body[name] is JsonValue v && v.TryGetValue(out bool set) ? set : absent;

    private static Func<FakeRun, IComparable?>? SortKey(string attribute) => attribute switch
    {
        "id" => r => r.Id,
        "state" => r => r.State,
        "dag_id" => r => r.DagId,
        "dag_run_id" or "run_id" => r => r.RunId,
        "execution_date" or "logical_date" => r => r.LogicalDate,
        "run_after" => r => r.RunAfter,
        "start_date" => r => r.StartDate,
        "end_date" => r => r.EndDate,
        _ => null,
    };

    /// <summary>The database's order: no value sorts after every value (PostgreSQL's default, Airflow's usual database).</summary>
    private sealed class NullsLast : IComparer<IComparable?>
    {
        public static readonly NullsLast Instance = new();

        public int Compare(IComparable? x, IComparable? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => x.CompareTo(y),
        };
    }
}
