using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PipelineBot.Host.Tests.Api;

/// <summary>Trades and overrides over HTTP: a bearer token proves the caller may write, the From header names who acts.</summary>
public class WriteApiTests
{
    private const string Token = "test-token-7f3a";
    private static readonly string[] Team = ["jasmine", "miles", "jackson", "hudson"];
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    private static readonly string[] Settings =
    [
        "PipelineBot:Rotation:TimeZone=America/Chicago",
        "PipelineBot:Rotation:Start=2026-01-05",
        "PipelineBot:Holidays:RuleYears=1",
        $"PipelineBot:Api:Token={Token}",
    ];

    private static HttpRequestMessage Request(HttpMethod method, string url, string? from, object? body = null, string token = Token)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (from is not null)
        {
            request.Headers.From = from;
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static Task<string> ChristmasHolderAsync(BotServer bot) => bot.HolderAsync("Christmas Day", 2026);

    private static string Email(string id) => id switch
    {
        "jasmine" => "jasmine.glancy@example.com",
        "miles" => "miles.lopez@example.com",
        "jackson" => "jackson.long@example.com",
        "hudson" => "hudson.king@example.com",
        _ => throw new ArgumentOutOfRangeException(nameof(id)),
    };

    [Fact]
    public async Task Trade_ProposedAndAccepted_OverHttp_ChangesTheSchedule()
    {
        await using var bot = await BotServer.StartAsync(Now, null, Settings);
        var holder = await ChristmasHolderAsync(bot);
        var receiver = Team.First(m => m != holder);

        var proposed = await bot.Client.SendAsync(Request(HttpMethod.Post, "/api/trades", Email(holder), new { counterparty = receiver, offered = "2026-12-25" }));
        var offer = await proposed.Content.ReadFromJsonAsync<JsonElement>();
        var accepted = await bot.Client.SendAsync(Request(HttpMethod.Post, $"/api/trades/{offer.GetProperty("id").GetInt64()}/accept", Email(receiver)));
        var christmas = (await bot.Client.GetFromJsonAsync<JsonElement>("/api/schedule?from=2026-12-25&to=2026-12-25"))[0];

        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        Assert.Equal("hand-over", offer.GetProperty("kind").GetString());
        var location = await bot.Client.GetFromJsonAsync<JsonElement>(proposed.Headers.Location);
        Assert.Equal("accepted", location.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(receiver, christmas.GetProperty("member").GetString());
        Assert.Equal("holiday", christmas.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Trade_OfAnAssignedShift_IsRefusedWithThePolicy()
    {
        await using var bot = await BotServer.StartAsync(Now, null, Settings);

        var response = await bot.Client.SendAsync(Request(HttpMethod.Post, "/api/trades", Email("miles"), new { counterparty = "jackson", offered = "2026-12-02" }));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("policy", problem.GetProperty("rule").GetString());
        Assert.Contains("not assigned on-call shifts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await bot.Client.GetFromJsonAsync<JsonElement>("/api/trades")).GetArrayLength());
    }

    [Theory]
    [InlineData(null, "jasmine.glancy@example.com", HttpStatusCode.Unauthorized)]
    [InlineData("wrong-token", "jasmine.glancy@example.com", HttpStatusCode.Unauthorized)]
    [InlineData(Token, null, HttpStatusCode.Forbidden)]
    [InlineData(Token, "stranger@example.com", HttpStatusCode.Forbidden)]
    public async Task Write_WithoutAValidTokenAndMember_IsRefused_AndChangesNothing(string? token, string? from, HttpStatusCode expected)
    {
        await using var bot = await BotServer.StartAsync(Now, null, Settings);
        var holder = await ChristmasHolderAsync(bot);
        var request = Request(HttpMethod.Post, "/api/trades", from, new { counterparty = holder == "miles" ? "jackson" : "miles", offered = "2026-12-25" });
        if (token is null)
        {
            request.Headers.Authorization = null;
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await bot.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await bot.Client.GetFromJsonAsync<JsonElement>("/api/trades")).GetArrayLength());
    }

    [Fact]
    public async Task Writes_WithNoTokenConfigured_AreSwitchedOff()
    {
        await using var bot = await BotServer.StartAsync(Now, null, "PipelineBot:Rotation:Start=2026-01-05");

        var response = await bot.Client.SendAsync(Request(HttpMethod.Post, "/api/overrides", "de-manager@example.com",
            new { member = "hudson", start = "2026-11-28T00:00:00Z", end = "2026-11-29T00:00:00Z" }, token: ""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("PipelineBot__Api__Token", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_ByAManager_TakesTheShift_AndByAnyoneElse_IsForbidden()
    {
        await using var bot = await BotServer.StartAsync(Now, null, Settings);
        var body = new { member = "hudson", start = "2026-11-28T08:00:00-06:00", end = "2026-11-28T20:00:00-06:00", reason = "wedding" };

        var forbidden = await bot.Client.SendAsync(Request(HttpMethod.Post, "/api/overrides", Email("miles"), body));
        var created = await bot.Client.SendAsync(Request(HttpMethod.Post, "/api/overrides", "de-manager@example.com", body));
        var onCall = await bot.Client.GetFromJsonAsync<JsonElement>("/api/oncall?at=2026-11-28T12:00:00-06:00");
        var listed = await bot.Client.GetFromJsonAsync<JsonElement>("/api/overrides");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("hudson", onCall.GetProperty("member").GetProperty("id").GetString());
        Assert.Equal("override", onCall.GetProperty("shift").GetProperty("kind").GetString());
        Assert.Equal("2026-11-28T08:00:00-06:00", onCall.GetProperty("shift").GetProperty("start").GetString());
        Assert.Equal("de-manager", Assert.Single(listed.EnumerateArray()).GetProperty("setBy").GetString());

        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var cancelled = await bot.Client.SendAsync(Request(HttpMethod.Delete, $"/api/overrides/{id}", "de-manager@example.com"));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(0, (await bot.Client.GetFromJsonAsync<JsonElement>("/api/overrides")).GetArrayLength());
    }

    [Theory]
    [InlineData("{\"member\": \"hudson\", \"start\": \"tomorrow\", \"end\": \"2026-11-29T00:00:00Z\"}", "'start' is 'tomorrow'")]
    [InlineData("{\"member\": \"hudson\", \"start\": \"2026-11-29T00:00:00Z\", \"end\": \"2026-11-28T00:00:00Z\"}", "must end after it starts")]
    [InlineData("{\"member\": \"nobody\", \"start\": \"2026-11-28T00:00:00Z\", \"end\": \"2026-11-29T00:00:00Z\"}", "no member 'nobody'")]
    public async Task Override_WithBadValues_GetsABadRequestThatSaysWhy(string json, string expected)
    {
        await using var bot = await BotServer.StartAsync(Now, null, Settings);
        var request = Request(HttpMethod.Post, "/api/overrides", "de-manager@example.com");
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await bot.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await bot.Client.GetFromJsonAsync<JsonElement>("/api/overrides")).GetArrayLength());
    }

    [Fact]
    public async Task MalformedJson_IsABadRequest_AndChangesNothing()
    {
        await using var bot = await BotServer.StartAsync(Now, null, Settings);
        var request = Request(HttpMethod.Post, "/api/trades", Email("miles"));
        request.Content = new StringContent("{\"counterparty\": ", Encoding.UTF8, "application/json");

        var response = await bot.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await bot.Client.GetFromJsonAsync<JsonElement>("/api/trades")).GetArrayLength());
    }
}
