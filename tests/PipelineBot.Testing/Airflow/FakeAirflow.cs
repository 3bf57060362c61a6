using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace PipelineBot.Testing.Airflow;

/// <summary>
/// An Airflow webserver as a small Kestrel app on a free loopback port: Airflow 2 (<c>/api/v1</c>, basic auth) or
/// Airflow 3 (<c>/api/v2</c>, bearer JWT from <c>POST /auth/token</c>), after the official OpenAPI spec in
/// <c>tests/fixtures/airflow</c>. Every request is checked against that spec (path, method, query, body); one that does
/// not conform is answered 400 and recorded in <see cref="Violations"/>, so a test that asserts it empty proves the
/// client speaks the spec. 400 rather than Airflow's 404/405/422, so that no client can take a malformed request for a
/// missing run. The fake's own answers are checked against the spec's response schemas too.
/// DAG runs live in memory: a test adds DAGs, seeds runs and scripts how they end (see <see cref="FakeRun"/>).
/// </summary>
public sealed partial class FakeAirflow : IAsyncDisposable
{
    public const string Username = "pipelinebot";
    public const string Password = "fake-airflow-password";

    // The simple auth manager's LoginBody (airflow-core .../auth/managers/simple/openapi): not in the public API spec.
    private static readonly JsonNode LoginBody = JsonNode.Parse("""
        {
          "type": "object",
          "properties": { "username": { "type": "string" }, "password": { "type": "string" } },
          "required": ["username", "password"],
          "additionalProperties": false
        }
        """)!;

    private readonly Lock _gate = new();
    private readonly OpenApiSpec _spec;
    private readonly TimeProvider _time;
    private readonly FakeAirflowTokens _tokens;
    private readonly Dictionary<string, Dictionary<string, FakeRun>> _dags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _autoFinish = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Dag, string Run, string Task), (int TryNumber, string Text)> _logs = [];
    private readonly List<AirflowRequest> _requests = [];
    private readonly List<string> _violations = [];
    private readonly Queue<Reply> _failures = new();
    private WebApplication? _app;
    private int _lastRunId;
    private TimeSpan? _tokenLifetime = TimeSpan.FromDays(1);

    private FakeAirflow(int airflowVersion, TimeProvider time)
    {
        AirflowVersion = airflowVersion;
        _time = time;
        _tokens = new FakeAirflowTokens(time);
        _spec = OpenApiSpec.Load(RepositoryFiles.Fixture(airflowVersion == 3 ? "airflow/v3/v2-rest-api-generated.yaml" : "airflow/v2.10.0/v1.yaml"));
    }

    /// <summary>2 or 3.</summary>
    public int AirflowVersion { get; }

    /// <summary>The webserver root, like <c>http://127.0.0.1:54321</c>: what <c>PipelineBot:Airflow:BaseUrl</c> is set to.</summary>
    public string BaseUrl { get; private set; } = "";

    public string ApiBase => AirflowVersion == 3 ? "/api/v2" : "/api/v1";

    /// <summary>The bot's settings for this fake, as <c>Key=Value</c> overrides.</summary>
    public string[] Settings =>
    [
        $"PipelineBot:Airflow:BaseUrl={BaseUrl}",
        $"PipelineBot:Airflow:Username={Username}",
        $"PipelineBot:Airflow:Password={Password}",
        $"PipelineBot:Airflow:ApiVersion={AirflowVersion}",
    ];

    /// <summary>How long the Airflow 3 tokens issued from now on live (Airflow's default: a day); null issues tokens without <c>exp</c>.</summary>
    public TimeSpan? TokenLifetime
    {
        get
        {
            lock (_gate)
            {
                return _tokenLifetime;
            }
        }

        set
        {
            lock (_gate)
            {
                _tokenLifetime = value;
            }
        }
    }

    public int TokensIssued
    {
        get
        {
            lock (_gate)
            {
                return _tokens.Issued;
            }
        }
    }

    public IReadOnlyList<AirflowRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Each request that did not conform to the spec (and any answer of the fake's that did not), with why.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    private Instant Now => Instant.FromDateTimeOffset(_time.GetUtcNow());

    public static async Task<FakeAirflow> StartAsync(int airflowVersion, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(airflowVersion, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(airflowVersion, 3);
        var fake = new FakeAirflow(airflowVersion, time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake._app = app;
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>A DAG Airflow knows; triggering one it does not know answers 404, as Airflow does.</summary>
    public void AddDag(string dagId)
    {
        lock (_gate)
        {
            _dags.TryAdd(dagId, new Dictionary<string, FakeRun>(StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// A scheduled run already in Airflow (its DAG added too), in <paramref name="state"/>, with the tasks that failed in
    /// it and all its <paramref name="tasks"/> (by default only the failed ones), which a clear over a date range clears.
    /// </summary>
    public void Seed(string dagId, string runId, string state, Instant? logicalDate = null, IReadOnlyList<string>? failedTasks = null, IReadOnlyList<string>? tasks = null)
    {
        RequireState(state, "queued", "running", "success", "failed");
        lock (_gate)
        {
            _dags.TryAdd(dagId, new Dictionary<string, FakeRun>(StringComparer.Ordinal));
            var now = Now;
            var run = new FakeRun(++_lastRunId, dagId, runId, "scheduled", logicalDate ?? now, logicalDate ?? now, []);
            run.Start(state, now);
            run.FailedTasks.AddRange(failedTasks ?? []);
            run.Tasks.AddRange(tasks ?? failedTasks ?? []);
            _dags[dagId].Add(runId, run);
        }
    }

    /// <summary>The log of a task's try in a run: the task instance answers with that try number, and its log with <paramref name="text"/>.</summary>
    public void SetLog(string dagId, string runId, string taskId, int tryNumber, string text)
    {
        lock (_gate)
        {
            _logs[(dagId, runId, taskId)] = (tryNumber, text);
        }
    }

    /// <summary>Ends a run now: the next read reports <paramref name="state"/> (success or failed).</summary>
    public void Finish(string dagId, string runId, string state)
    {
        RequireState(state, "success", "failed");
        lock (_gate)
        {
            var run = FindRun(dagId, runId) ?? throw new InvalidOperationException($"The fake Airflow has no run {runId} of {dagId}.");
            run.End(state, Now);
        }
    }

    /// <summary>Every run of the DAG, once seen running, ends in <paramref name="state"/> at the next read.</summary>
    public void AutoFinish(string dagId, string state)
    {
        RequireState(state, "success", "failed");
        lock (_gate)
        {
            _autoFinish[dagId] = state;
        }
    }

    public FakeRunView? Run(string dagId, string runId)
    {
        lock (_gate)
        {
            return FindRun(dagId, runId)?.View();
        }
    }

    /// <summary>The next <paramref name="count"/> requests (of any kind) are answered <paramref name="status"/>, with a Retry-After when given.</summary>
    public void FailNext(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _failures.Enqueue(new Reply((int)status, AirflowShapes.Problem(AirflowVersion, (int)status, status.ToString(), "failure injected by the test"), retryAfter));
            }
        }
    }

    /// <summary>Every token issued so far stops working, as when the API server restarts with a new JWT secret.</summary>
    public void RevokeTokens()
    {
        lock (_gate)
        {
            _tokens.Rotate();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var request = new Incoming(
            http.Request.Method,
            rawTarget.Split('?', 2)[0],
            http.Request.QueryString.Value ?? "",
            http.Request.Query,
            http.Request.ContentType,
            await reader.ReadToEndAsync(http.RequestAborted),
            http.Request.Headers.Authorization.ToString());
        Reply reply;
        lock (_gate)
        {
            try
            {
                reply = Answer(request);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A fault of the fake must fail the test that met it, not pass as an answer the client copes with.
                _violations.Add($"{request.Method} {request.RawPath}{request.QueryString}: the fake failed: {e}");
                reply = Error(500, "Internal Server Error", e.Message);
            }

            _requests.Add(new AirflowRequest(request.Method, request.RawPath, request.QueryString, ParseOrNull(request.Body), request.Authorization, reply.Status));
        }

        http.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (reply.Body is not null)
        {
            // Airflow 2 sends its errors as RFC 7807 problems.
            http.Response.ContentType = AirflowVersion == 2 && reply.Status >= 400 ? "application/problem+json" : "application/json";
            await http.Response.WriteAsync(reply.Body.ToJsonString(), http.RequestAborted);
        }
    }

    private Reply Answer(Incoming request)
    {
        if (AirflowVersion == 3 && request.RawPath == "/auth/token")
        {
            return SignIn(request);
        }

        var (operation, problem) = _spec.Find(request.Method, request.RawPath);
        var problems = operation is null ? [problem!] : _spec.CheckRequest(operation, request.Query, request.ContentType, request.Body);
        if (problems.Count > 0)
        {
            return Refuse(request, problems);
        }

        if (_failures.TryDequeue(out var failure))
        {
            return failure;
        }

        var reply = Authenticated(request.Authorization)
            ? Perform(operation!, request)
            : Error(401, "Unauthorized", AirflowVersion == 3 ? "Invalid or missing JWT token" : "Invalid or missing basic auth credentials");
        // 400 and 501 are the fake refusing a request, not answers of Airflow's to hold to the spec.
        if (reply.Status is not (400 or 501))
        {
            _violations.AddRange(_spec.CheckResponse(operation!, reply.Status, reply.Body).Select(p => $"the fake's own {reply.Status} answer to {operation!.OperationId}: {p}"));
        }

        return reply;
    }

    private Reply SignIn(Incoming request)
    {
        if (request.Method == "GET")
        {
            return new Reply(403, new JsonObject { ["detail"] = "GET /auth/token works only when simple_auth_manager_all_admins is on" });
        }

        if (request.Method != "POST")
        {
            return Refuse(request, [$"{request.Method} is not an operation of /auth/token"]);
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Refuse(request, [$"the fake reads a JSON login body, not '{request.ContentType}'"]);
        }

        JsonNode? login;
        try
        {
            login = JsonNode.Parse(request.Body);
        }
        catch (JsonException e)
        {
            return Refuse(request, [$"the body is not JSON: {e.Message}"]);
        }

        var problems = _spec.CheckValue(login, LoginBody, inRequest: true);
        if (problems.Count > 0)
        {
            return Refuse(request, problems);
        }

        if (_failures.TryDequeue(out var failure))
        {
            return failure;
        }

        return login!["username"]!.GetValue<string>() == Username && login["password"]!.GetValue<string>() == Password
            ? new Reply(201, new JsonObject { ["access_token"] = _tokens.Issue(Username, _tokenLifetime) })
            : new Reply(401, new JsonObject { ["detail"] = "Invalid credentials" });
    }

    private bool Authenticated(string authorization)
    {
        if (AirflowVersion == 3)
        {
            return authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.Accepts(authorization["Bearer ".Length..]);
        }

        if (!authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..])) == $"{Username}:{Password}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private Reply Refuse(Incoming request, IReadOnlyList<string> problems)
    {
        _violations.AddRange(problems.Select(p => $"{request.Method} {request.RawPath}{request.QueryString}: {p}"));
        return Error(400, "Bad Request", string.Join("; ", problems));
    }

    private Reply Error(int status, string title, string detail) => new(status, AirflowShapes.Problem(AirflowVersion, status, title, detail));

    private FakeRun? FindRun(string dagId, string runId) =>
        _dags.TryGetValue(dagId, out var runs) && runs.TryGetValue(runId, out var run) ? run : null;

    private static void RequireState(string state, params string[] allowed)
    {
        if (!allowed.Contains(state))
        {
            throw new ArgumentException($"'{state}' is not one of {string.Join(", ", allowed)}.", nameof(state));
        }
    }

    private static JsonNode? ParseOrNull(string text)
    {
        try
        {
            return text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Incoming(string Method, string RawPath, string QueryString, IQueryCollection Query, string? ContentType, string Body, string Authorization);

    private sealed record Reply(int Status, JsonNode? Body, TimeSpan? RetryAfter = null);
}
