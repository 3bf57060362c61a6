using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PipelineBot.Testing;
using PipelineBot.Testing.Airflow;

namespace PipelineBot.Infrastructure.Tests.Airflow;

// The fake's spec check is what makes "no violations" mean something, so it is tested failing: raw requests, with good
// credentials, that break the spec in one way each.
public sealed class FakeAirflowTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private readonly List<FakeAirflow> _fakes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var fake in _fakes)
        {
            await fake.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AConformingRequest_PassesTheCheck(int version)
    {
        var airflow = await StartAsync(version);
        airflow.AddDag("profit_daily");

        var status = await SendAsync(airflow, HttpMethod.Post, "/dags/profit_daily/dagRuns", """{ "dag_run_id": "r1", "logical_date": null, "conf": {} }""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(airflow.Violations);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AnUnknownPath_IsRefusedAndRecorded(int version)
    {
        var airflow = await StartAsync(version);

        var status = await SendAsync(airflow, HttpMethod.Get, "/dags/profit_daily/dagRunz/r1");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("no path of the spec matches", Assert.Single(airflow.Violations), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AMethodThePathDoesNotHave_IsRefusedAndRecorded(int version)
    {
        var airflow = await StartAsync(version);

        var status = await SendAsync(airflow, HttpMethod.Put, "/dags/profit_daily/dagRuns", """{ "dag_run_id": "r1" }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("PUT is not an operation of", Assert.Single(airflow.Violations), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "/api/v2/dags/profit_daily/dagRuns/r1")]
    [InlineData(3, "/api/v1/dags/profit_daily/dagRuns/r1")]
    public async Task TheOtherVersionsApi_IsRefused(int version, string path)
    {
        var airflow = await StartAsync(version);

        var status = await SendRawAsync(airflow, HttpMethod.Get, path, null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Single(airflow.Violations);
    }

    [Fact]
    public async Task AnExtraPropertyInAnAirflow3TriggerBody_IsRefused()
    {
        var airflow = await StartAsync(3);
        airflow.AddDag("profit_daily");

        var status = await SendAsync(airflow, HttpMethod.Post, "/dags/profit_daily/dagRuns", """{ "dag_run_id": "r1", "logical_date": null, "conf": {}, "wait": true }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("body.wait is not a property of this schema (additionalProperties: false)", Assert.Single(airflow.Violations), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAirflow3TriggerBody_WithoutTheLogicalDateKey_IsRefused()
    {
        var airflow = await StartAsync(3);
        airflow.AddDag("profit_daily");

        var status = await SendAsync(airflow, HttpMethod.Post, "/dags/profit_daily/dagRuns", """{ "dag_run_id": "r1", "conf": {} }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("body lacks the required property 'logical_date'", Assert.Single(airflow.Violations), StringComparison.Ordinal);
        Assert.Null(airflow.Run("profit_daily", "r1"));
    }

    [Fact]
    public async Task AReadOnlyPropertyInAnAirflow2TriggerBody_IsRefused()
    {
        var airflow = await StartAsync(2);
        airflow.AddDag("profit_daily");

        var status = await SendAsync(airflow, HttpMethod.Post, "/dags/profit_daily/dagRuns", """{ "dag_run_id": "r1", "state": "running" }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("body.state is read-only", Assert.Single(airflow.Violations), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AnUndeclaredQueryParameter_IsRefused(int version)
    {
        var airflow = await StartAsync(version);

        var status = await SendAsync(airflow, HttpMethod.Get, "/dags/profit_daily/dagRuns?limit=5&newest_first=true");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("query parameter 'newest_first' is not declared", Assert.Single(airflow.Violations), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ALogicalDateWithoutAnOffset_IsRefused(int version)
    {
        var airflow = await StartAsync(version);
        airflow.AddDag("profit_daily");

        var status = await SendAsync(airflow, HttpMethod.Post, "/dags/profit_daily/dagRuns", """{ "dag_run_id": "r1", "logical_date": "2026-11-20T00:00:00", "conf": {} }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("body.logical_date", Assert.Single(airflow.Violations), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AnOrderAirflowDoesNotAllow_IsRefused(int version)
    {
        var airflow = await StartAsync(version);
        airflow.AddDag("profit_daily");

        var status = await SendAsync(airflow, HttpMethod.Get, "/dags/profit_daily/dagRuns?order_by=-created");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("does not order DAG runs by 'created'", Assert.Single(airflow.Violations), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ARequestWithoutCredentials_IsAnswered401_AndIsNoViolation(int version)
    {
        var airflow = await StartAsync(version);
        airflow.Seed("profit_daily", "r1", "running");

        var status = await SendRawAsync(airflow, HttpMethod.Get, $"{airflow.ApiBase}/dags/profit_daily/dagRuns/r1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Empty(airflow.Violations);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AClearThatLeavesOutDryRun_IsADryRun_AndChangesNothing(int version)
    {
        var airflow = await StartAsync(version);
        airflow.Seed("profit_daily", "r1", "failed", failedTasks: ["load_sales"]);

        var status = await SendAsync(airflow, HttpMethod.Post, "/dags/profit_daily/clearTaskInstances", """{ "dag_run_id": "r1", "only_failed": true, "reset_dag_runs": true }""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("failed", airflow.Run("profit_daily", "r1")!.State);
        Assert.Equal(["load_sales"], airflow.Run("profit_daily", "r1")!.FailedTasks);
        Assert.Empty(airflow.Violations);
    }

    [Theory]
    [InlineData(2, "POST", "/api/v1/dags/d/dagRuns", """{ "conf": null }""", "body.conf is null")]
    [InlineData(3, "POST", "/api/v2/dags/d/dagRuns", """{ "logical_date": null, "conf": null }""", null)]
    [InlineData(3, "POST", "/api/v2/dags/d/dagRuns", """{ "logical_date": 20261120 }""", "body.logical_date matches none")]
    [InlineData(3, "POST", "/api/v2/dags/d/clearTaskInstances", """{ "dry_run": "false" }""", "body.dry_run")]
    [InlineData(2, "POST", "/api/v1/dags/d/clearTaskInstances", """{ "task_ids": [] }""", "fewer than 1")]
    [InlineData(3, "POST", "/api/v2/dags/d/clearTaskInstances", """{ "task_ids": [["load", 1]] }""", null)]
    [InlineData(3, "POST", "/api/v2/dags/d/clearTaskInstances", """{ "task_ids": [["load", 1, 2]] }""", "body.task_ids")]
    [InlineData(3, "POST", "/api/v2/dags/d/clearTaskInstances", "", "needs a body")]
    [InlineData(3, "GET", "/api/v2/dags/d/dagRuns?order_by=-run_after&order_by=id&state=failed", "", null)]
    [InlineData(2, "GET", "/api/v1/dags/d/dagRuns?order_by=a&order_by=b", "", "given 2 times")]
    [InlineData(3, "GET", "/api/v2/dags/d/dagRuns?limit=-1", "", "less than the minimum")]
    [InlineData(2, "GET", "/api/v1/dags/d/dagRuns?limit=many", "", "query.limit")]
    [InlineData(3, "GET", "/api/v2/dags/d/dagRuns/run%2Fwith%2Fslashes", "", null)]
    [InlineData(3, "GET", "/api/v2/dags/d/dagRuns/r1/wait", "", "'interval' is required")]
    public void TheChecker_JudgesARequestByTheSpec(int version, string method, string target, string body, string? expected)
    {
        var spec = OpenApiSpec.Load(RepositoryFiles.Fixture(version == 3 ? "airflow/v3/v2-rest-api-generated.yaml" : "airflow/v2.10.0/v1.yaml"));

        var problems = spec.Check(method, target, body.Length > 0 ? "application/json" : null, body);

        if (expected is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
        }
    }

    private async Task<FakeAirflow> StartAsync(int version)
    {
        var airflow = await FakeAirflow.StartAsync(version);
        _fakes.Add(airflow);
        return airflow;
    }

    /// <summary>A request under the fake's API base, with the credentials its version wants.</summary>
    private static async Task<HttpStatusCode> SendAsync(FakeAirflow airflow, HttpMethod method, string path, string? json = null)
    {
        var credentials = airflow.AirflowVersion == 3
            ? new AuthenticationHeaderValue("Bearer", await TokenAsync(airflow))
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeAirflow.Username}:{FakeAirflow.Password}")));
        return await SendRawAsync(airflow, method, airflow.ApiBase + path, json, credentials);
    }

    private static async Task<HttpStatusCode> SendRawAsync(FakeAirflow airflow, HttpMethod method, string path, string? json, AuthenticationHeaderValue? credentials = null)
    {
        using var request = new HttpRequestMessage(method, airflow.BaseUrl + path);
        request.Headers.Authorization = credentials;
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> TokenAsync(FakeAirflow airflow)
    {
        using var login = new StringContent($$"""{ "username": "{{FakeAirflow.Username}}", "password": "{{FakeAirflow.Password}}" }""", Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(airflow.BaseUrl + "/auth/token"), login);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
    }
}
