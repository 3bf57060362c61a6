using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NodaTime;

namespace PipelineBot.Infrastructure.Airflow;

/// <summary>
/// Airflow's stable REST API as the bot needs it: trigger a run, clear a run's failed tasks, and read runs. Speaks
/// Airflow 2 (<c>/api/v1</c>, basic auth) or Airflow 3 (<c>/api/v2</c>, bearer JWT) after
/// <see cref="AirflowOptions.ApiVersion"/>. Anything Airflow refuses, other than the answers handled below, is an
/// <see cref="AirflowException"/> saying what Airflow said. Keep one instance: it holds the Airflow 3 token.
/// </summary>
public sealed class AirflowClient : IDisposable
{
    /// <summary>How long an Airflow 3 token that carries no <c>exp</c> is used before the client signs in again.</summary>
    public static readonly TimeSpan UndatedTokenLifetime = TimeSpan.FromMinutes(5);

    private readonly IOptions<AirflowOptions> _options;
    private readonly IAirflowApi _api;
    private readonly AirflowSignIn _signIn;

    public AirflowClient(HttpClient http, IOptions<AirflowOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);

        // Aimed at the webserver root once, as a typed client is; settings that are unset or wrong are told at the
        // first call instead (Settings), and no call is made.
        if (Uri.TryCreate(options.Value.BaseUrl, UriKind.Absolute, out var root))
        {
            http.BaseAddress = root;
        }

        _options = options;
        _api = AirflowApi.For(http);
        _signIn = new AirflowSignIn(_api, time);
    }

    public void Dispose() => _signIn.Dispose();

    /// <summary>
    /// Triggers a run of <paramref name="dagId"/> named <paramref name="dagRunId"/>. The caller derives the id from what
    /// the run is for, so a retry after a crash or a lost answer is harmless: when Airflow says the id exists, the
    /// existing run is the answer. <paramref name="logicalDate"/> null lets Airflow choose (Airflow 2: now).
    /// </summary>
    public async Task<DagRun> TriggerAsync(string dagId, string dagRunId, Instant? logicalDate, JsonObject conf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dagId);
        ArgumentException.ThrowIfNullOrEmpty(dagRunId);
        ArgumentNullException.ThrowIfNull(conf);
        var body = new JsonObject { ["dag_run_id"] = dagRunId };
        if (logicalDate is { } date)
        {
            body["logical_date"] = AirflowWire.Format(date);
        }
        else if (Settings().ApiVersion == 3)
        {
            // Airflow 3 requires the key (null allowed); Airflow 2 picks "now" only when the key is absent.
            body["logical_date"] = null;
        }

        body["conf"] = conf.DeepClone();
        var answer = await SendAsync((api, credentials) => _api.TriggerDagRunAsync(api, credentials, dagId, body, cancellationToken), cancellationToken);
        if (answer.Status == HttpStatusCode.Conflict)
        {
            // Airflow 2 also answers 409 when another run has the same logical date: then there is no run of this id,
            // and the conflict stands.
            return await GetRunAsync(dagId, dagRunId, cancellationToken) ?? throw answer.Failure();
        }

        return AirflowWire.Run(answer.Json(), answer);
    }

    /// <summary>
    /// Clears the failed (and upstream-failed) tasks of one run for real (the API's <c>dry_run</c> defaults to true) and
    /// puts the run back to queued, so Airflow runs those tasks again. Returns the ids of the tasks cleared.
    /// </summary>
    public async Task<IReadOnlyList<string>> ClearFailedTasksAsync(string dagId, string dagRunId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dagId);
        ArgumentException.ThrowIfNullOrEmpty(dagRunId);
        var body = new JsonObject
        {
            ["dry_run"] = false,
            ["dag_run_id"] = dagRunId,
            ["only_failed"] = true,
            ["reset_dag_runs"] = true,
        };
        var answer = await SendAsync((api, credentials) => _api.ClearTaskInstancesAsync(api, credentials, dagId, body, cancellationToken), cancellationToken);
        if (answer.Json()["task_instances"] is not JsonArray cleared)
        {
            throw answer.Unexpected("task_instances");
        }

        // A mapped task comes once per map index; the caller wants task ids.
        return [.. cleared.Select(t => t?["task_id"] is JsonValue v && v.TryGetValue(out string? id) ? id : throw answer.Unexpected("a task_id")).Distinct()];
    }

    /// <summary>
    /// Clears every task of the runs of <paramref name="dagId"/> whose logical date lies from <paramref name="start"/> to
    /// <paramref name="end"/> (both included), putting the runs back in the queue, or with <paramref name="dryRun"/> only
    /// lists what would be cleared. Returns the task instances as (run id, task id).
    /// </summary>
    public async Task<IReadOnlyList<(string RunId, string TaskId)>> ClearRangeAsync(string dagId, Instant start, Instant end, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dagId);
        var body = new JsonObject
        {
            ["dry_run"] = dryRun,
            ["start_date"] = AirflowWire.Format(start),
            ["end_date"] = AirflowWire.Format(end),
            ["only_failed"] = false,
            ["reset_dag_runs"] = true,
        };
        var answer = await SendAsync((api, credentials) => _api.ClearTaskInstancesAsync(api, credentials, dagId, body, cancellationToken), cancellationToken);
        if (answer.Json()["task_instances"] is not JsonArray instances)
        {
            throw answer.Unexpected("task_instances");
        }

        return [.. instances.Select(t => (Text(t?["dag_run_id"]) ?? throw answer.Unexpected("a dag_run_id"), Text(t?["task_id"]) ?? throw answer.Unexpected("a task_id")))];

        static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
    }

    /// <summary>The run as Airflow sees it now; null when Airflow knows no such run (or DAG).</summary>
    public async Task<DagRun?> GetRunAsync(string dagId, string dagRunId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dagId);
        ArgumentException.ThrowIfNullOrEmpty(dagRunId);
        var answer = await SendAsync((api, credentials) => _api.GetDagRunAsync(api, credentials, dagId, dagRunId, cancellationToken), cancellationToken);
        return answer.Status == HttpStatusCode.NotFound ? null : AirflowWire.Run(answer.Json(), answer);
    }

    /// <summary>
    /// The latest runs of <paramref name="dagId"/>, newest first, at most <paramref name="limit"/>: in the order Airflow's
    /// own grid shows them (Airflow 2 by logical date, Airflow 3 by <c>run_after</c>, as a run may have no logical date).
    /// </summary>
    public async Task<IReadOnlyList<DagRun>> RecentRunsAsync(string dagId, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dagId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var newestFirst = Settings().ApiVersion == 3 ? "-run_after" : "-execution_date";
        var answer = await SendAsync((api, credentials) => _api.GetDagRunsAsync(api, credentials, dagId, limit, newestFirst, cancellationToken), cancellationToken);
        if (answer.Json()["dag_runs"] is not JsonArray runs)
        {
            throw answer.Unexpected("dag_runs");
        }

        return [.. runs.Select(r => AirflowWire.Run(r, answer))];
    }

    /// <summary>
    /// The log of a task's latest try in a run (the one that failed, for a failed task), as lines; null when Airflow
    /// knows no such task instance.
    /// </summary>
    public async Task<TaskLog?> TaskLogAsync(string dagId, string dagRunId, string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dagId);
        ArgumentException.ThrowIfNullOrEmpty(dagRunId);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        var instance = await SendAsync((api, credentials) => _api.GetTaskInstanceAsync(api, credentials, dagId, dagRunId, taskId, cancellationToken), cancellationToken);
        if (instance.Status == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (instance.Json()["try_number"] is not JsonValue tryValue || !tryValue.TryGetValue(out int tryNumber))
        {
            throw instance.Unexpected("a try_number");
        }

        // A task that never ran has try 0 and no log; its first try is the one a log would be of.
        tryNumber = Math.Max(tryNumber, 1);
        var answer = await SendAsync((api, credentials) => _api.GetLogAsync(api, credentials, dagId, dagRunId, taskId, tryNumber, cancellationToken), cancellationToken);
        if (answer.Status == HttpStatusCode.NotFound)
        {
            return new TaskLog(tryNumber, []);
        }

        var lines = answer.Json()["content"] switch
        {
            JsonValue text when text.TryGetValue(out string? whole) => whole.Split('\n'),
            JsonArray messages => [.. messages.SelectMany(Lines)],
            _ => throw answer.Unexpected("the log's content"),
        };
        return new TaskLog(tryNumber, [.. lines.Select(l => l.TrimEnd('\r'))]);
    }

    /// <summary>An Airflow 3 log message: a line, or a structured message whose <c>event</c> is its text.</summary>
    private static IEnumerable<string> Lines(JsonNode? message) => message switch
    {
        JsonValue line when line.TryGetValue(out string? text) => text.Split('\n'),
        JsonObject structured => [$"{(structured["timestamp"] is JsonValue at ? $"[{at}] " : "")}{(structured["level"] is JsonValue level ? $"{level.ToString().ToUpperInvariant()} - " : "")}{structured["event"]}"],
        _ => [],
    };

    /// <summary>One call of the API of the configured version (<c>v1</c> or <c>v2</c>), with the credentials of the moment.</summary>
    private async Task<AirflowAnswer> SendAsync(Func<string, string, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        var settings = Settings();
        var api = settings.ApiVersion == 3 ? "v2" : "v1";
        for (var renewed = false; ; renewed = true)
        {
            var credentials = await _signIn.CredentialsAsync(settings, cancellationToken);
            var answer = await AirflowAnswer.ReadAsync(call(api, credentials.ToString()), cancellationToken);

            // A token can die before its exp (the API server restarted with a new secret): one fresh token, one more try.
            if (answer.Status == HttpStatusCode.Unauthorized && !renewed && _signIn.Forget(credentials))
            {
                continue;
            }

            return answer;
        }
    }

    private AirflowOptions Settings()
    {
        var settings = _options.Value;
        if (!settings.IsConfigured)
        {
            throw new AirflowException(AirflowOptions.WhatToSet);
        }

        var problems = AirflowOptions.Problems(settings);
        return problems.Count == 0 ? settings : throw new AirflowException(string.Join(" ", problems));
    }
}
