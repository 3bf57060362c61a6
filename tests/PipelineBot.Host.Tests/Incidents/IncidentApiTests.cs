using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary><c>GET /api/incidents</c> and <c>GET /api/incidents/{id}</c>: filtering, lookup by either form of id, and timelines.</summary>
public class IncidentApiTests
{
    [Fact]
    public async Task Open_lists_only_unresolved_incidents_and_all_lists_the_resolved_one_too_newest_first()
    {
        await using var bot = await IncidentBot.StartAsync();
        using var profit = await bot.PostAlertAsync(IncidentBot.Alert("profit", "p1"));
        using var growth = await bot.PostAlertAsync(IncidentBot.Alert("growth", "g1"));

        // The orchestrator reports the failed run succeeded after a retry: that resolves its incident.
        using var succeeded = await bot.PostRunAsync(new JsonObject { ["pipeline"] = "profit", ["runId"] = "p1", ["state"] = "succeeded" });

        Assert.Equal(HttpStatusCode.OK, succeeded.StatusCode);
        Assert.Equal<string>(["INC-2"], Ids(await bot.IncidentsAsync("open")));
        Assert.Equal<string>(["INC-2"], Ids(await bot.IncidentsAsync(state: null)));
        var all = await bot.IncidentsAsync("all");
        Assert.Equal<string>(["INC-2", "INC-1"], Ids(all));
        var resolved = all[1]!;
        Assert.Equal(("resolved", "pipelinebot"), (IncidentBot.Text(resolved["state"]), IncidentBot.Text(resolved["resolvedBy"])));
        Assert.Contains("run p1 of Profit succeeded", IncidentBot.Text(resolved["resolution"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_other_than_open_or_all_is_400_naming_the_allowed_values()
    {
        await using var bot = await IncidentBot.StartAsync();

        using var response = await bot.Client.GetAsync(new Uri("/api/incidents?state=closed", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = IncidentBot.Text(Assert.Single((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray()));
        Assert.Equal("'state' is 'closed'; it must be \"open\" (the default) or \"all\".", error);
    }

    [Fact]
    public async Task An_incident_is_found_by_its_name_or_its_number_and_an_unknown_one_is_404()
    {
        await using var bot = await IncidentBot.StartAsync();
        using var alert = await bot.PostAlertAsync(IncidentBot.Alert());

        var byName = await bot.IncidentAsync("INC-1");
        var byNumber = await bot.IncidentAsync("1");
        var lowerCase = await bot.IncidentAsync("inc-1");
        using var unknown = await bot.Client.GetAsync(new Uri("/api/incidents/INC-2", UriKind.Relative));
        using var nonsense = await bot.Client.GetAsync(new Uri("/api/incidents/banana", UriKind.Relative));

        Assert.Equal(byName.ToJsonString(), byNumber.ToJsonString());
        Assert.Equal(byName.ToJsonString(), lowerCase.ToJsonString());
        Assert.Equal(1, byName["number"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("INC-2", IncidentBot.Text((await unknown.Content.ReadFromJsonAsync<JsonObject>())!["detail"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, nonsense.StatusCode);
    }

    [Fact]
    public async Task The_timeline_says_who_did_what_when_and_an_acknowledgement_in_Teams_shows_the_member_and_the_time()
    {
        await using var bot = await IncidentBot.StartAsync();
        using var alert = await bot.PostAlertAsync(IncidentBot.Alert());
        var opened = Assert.Single((await bot.IncidentAsync("INC-1"))["timeline"]!.AsArray())!;
        Assert.Equal(("2026-11-23T10:00:00Z", "pipelinebot", "opened"), (IncidentBot.Text(opened["at"]), IncidentBot.Text(opened["actor"]), IncidentBot.Text(opened["action"])));
        Assert.StartsWith("INC-1 opened: Profit run scheduled__2026-11-22T00:00:00+00:00: failed.", IncidentBot.Text(opened["detail"]), StringComparison.Ordinal);

        bot.Server.Time.Advance(TimeSpan.FromMinutes(3));
        using var ack = await bot.TeamsMessageAsync("jasmine", "ack INC-1");

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var incident = await bot.IncidentAsync("INC-1");
        Assert.Equal(("acknowledged", "jasmine", "2026-11-23T10:03:00Z"),
            (IncidentBot.Text(incident["state"]), IncidentBot.Text(incident["acknowledgedBy"]), IncidentBot.Text(incident["acknowledgedAt"])));
        var acknowledged = Assert.Single(incident["timeline"]!.AsArray(), e => IncidentBot.Text(e!["action"]) == "acknowledged")!;
        Assert.Equal(("2026-11-23T10:03:00Z", "jasmine", "Jasmine Glancy acknowledged INC-1"),
            (IncidentBot.Text(acknowledged["at"]), IncidentBot.Text(acknowledged["actor"]), IncidentBot.Text(acknowledged["detail"])));
        var reply = bot.Connector.Activities.Last(a => a.Method == "POST");
        Assert.StartsWith("INC-1 acknowledged by Jasmine Glancy", IncidentBot.Text(reply.Body!["text"]), StringComparison.Ordinal);
    }

    private static List<string> Ids(JsonArray incidents) => [.. incidents.Select(i => IncidentBot.Text(i!["id"])!)];
}
