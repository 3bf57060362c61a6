using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Testing;
using PipelineBot.Testing.Airflow;

namespace PipelineBot.Infrastructure.Tests.Airflow;

// Real HTTP to a fake Airflow that checks every request against the official spec of its version. After every test the
// fakes must have seen no request outside the spec (DisposeAsync), whatever else the test checks.
public sealed class AirflowClientTests : IAsyncLifetime
{
    private const string Dag = "profit_daily";
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);
    private static readonly Instant LoadDate = Instant.FromUtc(2026, 11, 20, 0, 0);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly List<FakeAirflow> _fakes = [];
    private readonly List<IDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _owned.ForEach(o => o.Dispose());
        foreach (var fake in _fakes)
        {
            await fake.DisposeAsync();
        }

        Assert.All(_fakes, f => Assert.Empty(f.Violations));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Trigger_SendsTheRunIdConfAndLogicalDate_AndAnswersTheQueuedRun(int version)
    {
        var (airflow, client) = await StartAsync(version);
        airflow.AddDag(Dag);
        var conf = new JsonObject { ["load_date"] = "2026-11-20", ["batch_id"] = "b-17", ["spark_adaptive_execution"] = true };

        var run = await client.TriggerAsync(Dag, "pipelinebot__inc-42__rerun-1", LoadDate, conf, CancellationToken.None);

        Assert.Equal(new DagRun(Dag, "pipelinebot__inc-42__rerun-1", DagRun.Queued, LoadDate, null, null), run);
        Assert.False(run.IsFinished);
        var sent = Api(airflow).Single(r => r.Method == "POST");
        Assert.Equal($"{airflow.ApiBase}/dags/{Dag}/dagRuns", sent.Path);
        Assert.Equal("pipelinebot__inc-42__rerun-1", (string?)sent.Body!["dag_run_id"]);
        Assert.True(JsonNode.DeepEquals(conf, sent.Body["conf"]));
        Assert.Equal(LoadDate, Instant.FromDateTimeOffset(DateTimeOffset.Parse((string)sent.Body["logical_date"]!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(JsonNode.DeepEquals(conf, airflow.Run(Dag, run.DagRunId)!.Conf));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Trigger_WithoutALogicalDate_LetsAirflowChoose(int version)
    {
        var (airflow, client) = await StartAsync(version);
        airflow.AddDag(Dag);

        var run = await client.TriggerAsync(Dag, "pipelinebot__inc-43__rerun-1", null, [], CancellationToken.None);

        var body = Api(airflow).Single(r => r.Method == "POST").Body!.AsObject();
        // Airflow 3 requires the key (null allowed); Airflow 2 fills in "now" only when the key is absent.
        Assert.Equal(version == 3, body.ContainsKey("logical_date"));
        Assert.Null(body["logical_date"]);
        Assert.Equal(version == 3 ? null : Instant.FromDateTimeOffset(Start), run.LogicalDate);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Trigger_OfARunIdThatExists_AnswersTheExistingRun_SoARetryIsHarmless(int version)
    {
        var (airflow, client) = await StartAsync(version);
        airflow.AddDag(Dag);
        var first = await client.TriggerAsync(Dag, "pipelinebot__inc-44__rerun-1", LoadDate, new JsonObject { ["batch_id"] = "b-1" }, CancellationToken.None);
        await client.GetRunAsync(Dag, first.DagRunId, CancellationToken.None);

        var again = await client.TriggerAsync(Dag, "pipelinebot__inc-44__rerun-1", LoadDate, new JsonObject { ["batch_id"] = "b-1" }, CancellationToken.None);

        Assert.Equal(first.DagRunId, again.DagRunId);
        Assert.Equal(DagRun.Running, again.State);
        Assert.Equal([200, 200, 409, 200], Api(airflow).Select(r => r.Status));
        Assert.Equal("b-1", (string?)airflow.Run(Dag, first.DagRunId)!.Conf["batch_id"]);
    }

    [Fact]
    public async Task Trigger_OnAirflow2_ForALogicalDateAnotherRunHas_FailsReadably()
    {
        var (airflow, client) = await StartAsync(2);
        airflow.Seed(Dag, "scheduled__2026-11-20T00:00:00+00:00", DagRun.Success, LoadDate);

        var error = await Assert.ThrowsAsync<AirflowException>(() =>
            client.TriggerAsync(Dag, "pipelinebot__inc-45__rerun-1", LoadDate, [], CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains("409", error.Message, StringComparison.Ordinal);
        Assert.Contains("logical date", error.Message, StringComparison.Ordinal);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Trigger_OfADagAirflowDoesNotKnow_FailsReadably(int version)
    {
        var (_, client) = await StartAsync(version);

        var error = await Assert.ThrowsAsync<AirflowException>(() =>
            client.TriggerAsync("etl_date_control_update_dag", "pipelinebot__inc-46__precondition", null, [], CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains("etl_date_control_update_dag", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ClearFailedTasks_ClearsForReal_NotADryRun_AndQueuesTheRunAgain(int version)
    {
        var (airflow, client) = await StartAsync(version);
        airflow.Seed(Dag, "scheduled__2026-11-20", DagRun.Failed, LoadDate, ["load_sales", "aggregate_profit"]);

        var cleared = await client.ClearFailedTasksAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);

        Assert.Equal(["load_sales", "aggregate_profit"], cleared);
        var sent = Api(airflow).Single(r => r.Method == "POST");
        Assert.Equal($"{airflow.ApiBase}/dags/{Dag}/clearTaskInstances", sent.Path);
        Assert.False((bool)sent.Body!["dry_run"]!);
        Assert.Equal("scheduled__2026-11-20", (string?)sent.Body["dag_run_id"]);
        Assert.True((bool)sent.Body["only_failed"]!);
        Assert.True((bool)sent.Body["reset_dag_runs"]!);
        var run = airflow.Run(Dag, "scheduled__2026-11-20")!;
        Assert.Equal(DagRun.Queued, run.State);
        Assert.Empty(run.FailedTasks);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task GetRun_FollowsATriggeredRun_FromQueued_ThroughRunning_ToTheStateTheTestSets(int version)
    {
        var (airflow, client) = await StartAsync(version);
        airflow.AddDag(Dag);
        var run = await client.TriggerAsync(Dag, "pipelinebot__inc-47__rerun-1", LoadDate, [], CancellationToken.None);

        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            seen.Add((await client.GetRunAsync(Dag, run.DagRunId, CancellationToken.None))!.State);
        }

        _time.Advance(TimeSpan.FromMinutes(20));
        airflow.Finish(Dag, run.DagRunId, DagRun.Success);
        var done = (await client.GetRunAsync(Dag, run.DagRunId, CancellationToken.None))!;

        Assert.Equal([DagRun.Queued, DagRun.Running, DagRun.Running], seen);
        Assert.True(done.IsFinished);
        Assert.True(done.Succeeded);
        Assert.Equal(Instant.FromDateTimeOffset(Start), done.StartDate);
        Assert.Equal(Instant.FromDateTimeOffset(Start.AddMinutes(20)), done.EndDate);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task GetRun_AfterAClear_SeesTheRunQueued_Running_ThenFailedAgain(int version)
    {
        var (airflow, client) = await StartAsync(version);
        airflow.Seed(Dag, "scheduled__2026-11-20", DagRun.Failed, LoadDate, ["load_sales"]);
        airflow.AutoFinish(Dag, DagRun.Failed);
        await client.ClearFailedTasksAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);

        var seen = new List<DagRun>();
        for (var i = 0; i < 3; i++)
        {
            seen.Add((await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None))!);
        }

        Assert.Equal([DagRun.Queued, DagRun.Running, DagRun.Failed], seen.Select(r => r.State));
        Assert.False(seen[^1].Succeeded);
        Assert.Equal(["load_sales"], airflow.Run(Dag, "scheduled__2026-11-20")!.FailedTasks);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task GetRun_OfARunAirflowDoesNotHave_IsNull(int version)
    {
        var (airflow, client) = await StartAsync(version);
        airflow.AddDag(Dag);

        Assert.Null(await client.GetRunAsync(Dag, "pipelinebot__never-triggered", CancellationToken.None));
        Assert.Null(await client.GetRunAsync("no_such_dag", "pipelinebot__never-triggered", CancellationToken.None));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RecentRuns_ComeNewestFirst_AndNoMoreThanAsked(int version)
    {
        var (airflow, client) = await StartAsync(version);
        airflow.Seed(Dag, "scheduled__2026-11-17", DagRun.Success, Instant.FromUtc(2026, 11, 17, 0, 0));
        airflow.Seed(Dag, "scheduled__2026-11-19", DagRun.Failed, Instant.FromUtc(2026, 11, 19, 0, 0), ["load_sales"]);
        airflow.Seed(Dag, "scheduled__2026-11-18", DagRun.Success, Instant.FromUtc(2026, 11, 18, 0, 0));

        var runs = await client.RecentRunsAsync(Dag, 2, CancellationToken.None);

        Assert.Equal(["scheduled__2026-11-19", "scheduled__2026-11-18"], runs.Select(r => r.DagRunId));
        Assert.Equal([DagRun.Failed, DagRun.Success], runs.Select(r => r.State));
        Assert.Contains("limit=2", Api(airflow).Single().Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Airflow3Token_IsFetchedOnce_AndCarriedByEveryCall()
    {
        var (airflow, client) = await StartAsync(3);
        airflow.Seed(Dag, "scheduled__2026-11-20", DagRun.Running, LoadDate);

        await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);
        await client.RecentRunsAsync(Dag, 5, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None)));

        Assert.Equal(1, airflow.TokensIssued);
        var calls = Api(airflow);
        Assert.Equal(7, calls.Count);
        Assert.Single(calls.Select(r => r.Authorization).Distinct());
        Assert.StartsWith("Bearer ey", calls[0].Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Airflow3Token_RefusedByAirflow_IsFetchedAgainOnce_AndTheCallGoesThrough()
    {
        var (airflow, client) = await StartAsync(3);
        airflow.Seed(Dag, "scheduled__2026-11-20", DagRun.Running, LoadDate);
        await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);
        airflow.RevokeTokens();

        var run = await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);

        Assert.NotNull(run);
        Assert.Equal(2, airflow.TokensIssued);
        Assert.Equal([201, 200, 401, 201, 200], airflow.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Airflow3Token_IsRenewedShortlyBeforeItsExpiry_WithoutWaitingForARefusal()
    {
        var (airflow, client) = await StartAsync(3);
        airflow.TokenLifetime = TimeSpan.FromHours(1);
        airflow.Seed(Dag, "scheduled__2026-11-20", DagRun.Running, LoadDate);

        await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(58));
        await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);
        var beforeRenewal = airflow.TokensIssued;
        _time.Advance(TimeSpan.FromMinutes(1.5));
        await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);

        Assert.Equal(1, beforeRenewal);
        Assert.Equal(2, airflow.TokensIssued);
        Assert.DoesNotContain(airflow.Requests, r => r.Status == 401);
    }

    [Fact]
    public async Task Airflow3Token_WithoutAnExpiry_IsKeptForAWhile_ThenFetchedAgain()
    {
        var (airflow, client) = await StartAsync(3);
        airflow.TokenLifetime = null;
        airflow.Seed(Dag, "scheduled__2026-11-20", DagRun.Running, LoadDate);

        await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);
        _time.Advance(AirflowClient.UndatedTokenLifetime - TimeSpan.FromSeconds(1));
        await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);
        var beforeRenewal = airflow.TokensIssued;
        _time.Advance(TimeSpan.FromSeconds(2));
        await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);

        Assert.Equal(1, beforeRenewal);
        Assert.Equal(2, airflow.TokensIssued);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AWrongPassword_IsAReadableAirflowException_NamingTheSettings(int version)
    {
        var (airflow, _) = await StartAsync(version);
        var client = Client(airflow, password: "not-the-password");
        airflow.AddDag(Dag);

        var error = await Assert.ThrowsAsync<AirflowException>(() =>
            client.TriggerAsync(Dag, "pipelinebot__inc-48__rerun-1", null, [], CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("PipelineBot:Airflow:Password", error.Message, StringComparison.Ordinal);
        if (version == 3)
        {
            Assert.Contains("Invalid credentials", error.Message, StringComparison.Ordinal);
        }

        // Refused credentials are not tried again and again.
        Assert.Single(airflow.Requests);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AnAirflowThatIsDown_IsAReadableAirflowException_AndTheNextCallWorks(int version)
    {
        var (airflow, client) = await StartAsync(version);
        airflow.Seed(Dag, "scheduled__2026-11-20", DagRun.Running, LoadDate);
        airflow.FailNext(1, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<AirflowException>(() => client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None));
        var run = await client.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Equal(DagRun.Running, run!.State);
    }

    [Fact]
    public async Task AnUnconfiguredClient_SaysWhichSettingsToSet()
    {
        using var http = new HttpClient();
        using var client = new AirflowClient(http, Options.Create(new AirflowOptions()), _time);

        var error = await Assert.ThrowsAsync<AirflowException>(() => client.TriggerAsync(Dag, "r", null, [], CancellationToken.None));

        Assert.Equal(AirflowOptions.WhatToSet, error.Message);
        foreach (var key in new[] { "BaseUrl", "Username", "Password", "ApiVersion" })
        {
            Assert.Contains($"PipelineBot:Airflow:{key}", AirflowOptions.WhatToSet, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AddAirflowClient_GivesTheAppOneClient_WhoseTokenOutlivesAResolution()
    {
        var airflow = await FakeAirflow.StartAsync(3, _time);
        _fakes.Add(airflow);
        airflow.Seed(Dag, "scheduled__2026-11-20", DagRun.Running, LoadDate);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.Configure<AirflowOptions>(o =>
        {
            o.BaseUrl = airflow.BaseUrl;
            o.Username = FakeAirflow.Username;
            o.Password = FakeAirflow.Password;
            o.ApiVersion = 3;
        });
        services.AddAirflowClient();
        await using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<AirflowClient>();
        await first.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);
        var second = provider.GetRequiredService<AirflowClient>();
        await second.GetRunAsync(Dag, "scheduled__2026-11-20", CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(1, airflow.TokensIssued);
    }

    /// <summary>The calls of the REST API proper, without the Airflow 3 sign-ins.</summary>
    private static List<AirflowRequest> Api(FakeAirflow airflow) =>
        [.. airflow.Requests.Where(r => r.Path.StartsWith(airflow.ApiBase + "/", StringComparison.Ordinal))];

    private async Task<(FakeAirflow Airflow, AirflowClient Client)> StartAsync(int version)
    {
        var airflow = await FakeAirflow.StartAsync(version, _time);
        _fakes.Add(airflow);
        return (airflow, Client(airflow));
    }

    private AirflowClient Client(FakeAirflow airflow, string password = FakeAirflow.Password)
    {
        var http = new HttpClient();
        var client = new AirflowClient(
            http,
            Options.Create(new AirflowOptions { BaseUrl = airflow.BaseUrl, Username = FakeAirflow.Username, Password = password, ApiVersion = airflow.AirflowVersion }),
            _time);
        _owned.Add(client);
        _owned.Add(http);
        return client;
    }
}
