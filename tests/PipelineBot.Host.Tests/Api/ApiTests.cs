using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PipelineBot.Host.Tests.Api;

/// <summary>The HTTP API (PRODUCT §6) through real HTTP, on a real SQLite file, with the shipped catalog.</summary>
public class ApiTests
{
    // A team in Chicago whose rotation starts on Monday 2026-01-05 with Jasmine, then Miles, Jackson and Hudson.
    private static readonly string[] Chicago =
    [
        "PipelineBot:Rotation:TimeZone=America/Chicago",
        "PipelineBot:Rotation:Start=2026-01-05",
    ];

    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    private static Task<BotServer> Start() => BotServer.StartAsync(Now, null, Chicago);

    [Fact]
    public async Task Healthz_AnswersOk()
    {
        await using var bot = await Start();

        var response = await bot.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("2026-01-05T00:00:00-06:00", "jasmine")]
    [InlineData("2026-01-11T23:59:59-06:00", "jasmine")]
    [InlineData("2026-01-12T00:00:00-06:00", "miles")]
    [InlineData("2026-01-12T05:59:59Z", "jasmine")]
    [InlineData("2026-01-19T12:00:00-06:00", "jackson")]
    [InlineData("2026-02-02T00:00:00-06:00", "jasmine")]
    public async Task OnCall_AtAnInstant_IsTheWeeklyRotationFromLocalMidnight(string at, string member)
    {
        await using var bot = await Start();

        var body = await bot.Client.GetFromJsonAsync<JsonElement>($"/api/oncall?at={Uri.EscapeDataString(at)}");

        Assert.Equal(member, body.GetProperty("member").GetProperty("id").GetString());
        Assert.Equal("rotation", body.GetProperty("shift").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("pipeline").ValueKind);
    }

    [Fact]
    public async Task OnCall_SaysFromWhenUntilWhenThePersonHoldsIt_AndWhoIsNext()
    {
        await using var bot = await Start();

        // Wednesday of Jackson's rotation week (the week from 2026-01-19), with no holiday near.
        var body = await bot.Client.GetFromJsonAsync<JsonElement>("/api/oncall?at=2026-01-21T12:00:00-06:00");

        Assert.Equal("jackson", body.GetProperty("member").GetProperty("id").GetString());
        Assert.Equal("2026-01-21T00:00:00-06:00", body.GetProperty("shift").GetProperty("start").GetString());
        Assert.Equal("2026-01-19T00:00:00-06:00", body.GetProperty("from").GetString());
        Assert.Equal("2026-01-26T00:00:00-06:00", body.GetProperty("until").GetString());
        var next = body.GetProperty("next");
        Assert.Equal("hudson", next.GetProperty("member").GetProperty("id").GetString());
        Assert.Equal("2026-01-26T00:00:00-06:00", next.GetProperty("start").GetString());
        Assert.Equal("2026-02-02T00:00:00-06:00", next.GetProperty("end").GetString());
    }

    [Fact]
    public async Task OnCall_WithoutAt_IsNow_AndForAPipeline_NamesItsOwners()
    {
        await using var bot = await Start();

        var body = await bot.Client.GetFromJsonAsync<JsonElement>("/api/oncall?pipeline=profit");

        var shift = body.GetProperty("shift");
        var start = DateTimeOffset.Parse(shift.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(shift.GetProperty("end").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(Now, start, end.AddTicks(-1));
        Assert.Equal("miles", body.GetProperty("pipeline").GetProperty("primaryOwner").GetProperty("id").GetString());
        Assert.Equal("jasmine", body.GetProperty("pipeline").GetProperty("secondaryOwner").GetProperty("id").GetString());
        Assert.Equal("miles.lopez@example.com", body.GetProperty("pipeline").GetProperty("primaryOwner").GetProperty("email").GetString());
    }

    [Fact]
    public async Task OnCall_OnChristmas_IsTheHolidayShiftOwnerOfThePublishedPlan()
    {
        await using var bot = await Start();

        var holidays = await bot.Client.GetFromJsonAsync<JsonElement>("/api/holidays?year=2026");
        var christmas = holidays.EnumerateArray().Single(h => h.GetProperty("name").GetString() == "Christmas Day");
        var onCall = await bot.Client.GetFromJsonAsync<JsonElement>("/api/oncall?at=2026-12-25T20:00:00Z");

        Assert.Equal("2026-12-25", christmas.GetProperty("date").GetString());
        Assert.True(christmas.GetProperty("published").GetBoolean());
        Assert.Equal(christmas.GetProperty("member").GetString(), onCall.GetProperty("member").GetProperty("id").GetString());
        Assert.Equal("holiday", onCall.GetProperty("shift").GetProperty("kind").GetString());
        Assert.Equal("Christmas Day", onCall.GetProperty("shift").GetProperty("holiday").GetString());
        Assert.Equal("2026-12-25T00:00:00-06:00", onCall.GetProperty("shift").GetProperty("start").GetString());
        Assert.Equal("2026-12-26T00:00:00-06:00", onCall.GetProperty("shift").GetProperty("end").GetString());
    }

    [Fact]
    public async Task Holidays_OfAYear_AreEveryRuleWithTheirHolders_AndFollowTheFourYearRule()
    {
        await using var bot = await Start();

        var years = new Dictionary<int, JsonElement[]>();
        for (var year = 2026; year <= 2033; year++)
        {
            years[year] = [.. (await bot.Client.GetFromJsonAsync<JsonElement>($"/api/holidays?year={year}")).EnumerateArray()];
        }

        Assert.Equal(
            ["New Year's Day", "Good Friday", "Memorial Day", "Independence Day", "Labor Day", "Thanksgiving", "Christmas Day"],
            years[2026].Select(h => h.GetProperty("name").GetString()));
        Assert.Equal("2027-07-05", years[2027].Single(h => h.GetProperty("name").GetString() == "Independence Day").GetProperty("date").GetString());
        Assert.Equal("2026-04-03", years[2026].Single(h => h.GetProperty("name").GetString() == "Good Friday").GetProperty("date").GetString());
        Assert.True(years[2028].All(h => h.GetProperty("published").GetBoolean()));
        Assert.DoesNotContain(years[2029], h => h.GetProperty("published").GetBoolean());
        foreach (var name in years[2026].Select(h => h.GetProperty("name").GetString()))
        {
            var holders = years.Values.Select(y => y.Single(h => h.GetProperty("name").GetString() == name).GetProperty("member").GetString()).ToList();
            for (var i = 0; i + 3 < holders.Count; i++)
            {
                Assert.Equal(4, holders.Skip(i).Take(4).Distinct().Count());
            }
        }
    }

    [Fact]
    public async Task Schedule_AcrossTheSpringTransition_TilesTheRangeWithDailyShifts()
    {
        await using var bot = await Start();

        var shifts = (await bot.Client.GetFromJsonAsync<JsonElement>("/api/schedule?from=2026-03-01&to=2026-03-31")).EnumerateArray().ToList();

        Assert.Equal(31, shifts.Count);
        Assert.Equal("2026-03-01T00:00:00-06:00", shifts[0].GetProperty("start").GetString());
        Assert.Equal("2026-04-01T00:00:00-05:00", shifts[^1].GetProperty("end").GetString());
        Assert.All(shifts.Zip(shifts.Skip(1)), p => Assert.Equal(p.First.GetProperty("end").GetString(), p.Second.GetProperty("start").GetString()));
        var spring = shifts.Single(s => s.GetProperty("start").GetString() == "2026-03-08T00:00:00-06:00");
        Assert.Equal("2026-03-09T00:00:00-05:00", spring.GetProperty("end").GetString());
        Assert.All(shifts, s => Assert.Equal("rotation", s.GetProperty("kind").GetString()));
        Assert.All(shifts, s => Assert.Equal(JsonValueKind.Null, s.GetProperty("holiday").ValueKind));
        Assert.Equal("hudson", shifts[0].GetProperty("member").GetString());
    }

    [Fact]
    public async Task Pipelines_ListTheCatalogWithOwnersUpstreamAndDownstream()
    {
        await using var bot = await Start();

        var pipelines = (await bot.Client.GetFromJsonAsync<JsonElement>("/api/pipelines")).EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);

        var profit = pipelines["profit"];
        Assert.Equal("miles", profit.GetProperty("primaryOwner").GetProperty("id").GetString());
        Assert.Equal(["aggregate-profit", "unit-level-profit"], profit.GetProperty("downstream").EnumerateArray().Select(d => d.GetString()).Order());
        Assert.Equal(["profit"], pipelines["unit-level-profit"].GetProperty("upstream").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(15, profit.GetProperty("standardProcedures")[0].GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/schedule?from=yesterday&to=2026-12-31", "'from' is 'yesterday'")]
    [InlineData("/api/schedule?from=2026-12-31&to=2026-12-01", "is before 'from'")]
    [InlineData("/api/schedule?from=2026-01-01&to=2046-01-01", "over 20 years")]
    [InlineData("/api/schedule?to=2026-12-01", "'from' is required")]
    [InlineData("/api/oncall?at=noonish", "'at' is 'noonish'")]
    [InlineData("/api/oncall?pipeline=proft", "did you mean 'profit'")]
    [InlineData("/api/holidays?year=next", "'year' is 'next'")]
    [InlineData("/api/schedule?from=9999-12-30&to=9999-12-31", "'from' is '9999-12-30', outside the dates the schedule answers for (0002-01-01 to 9998-12-31)")]
    [InlineData("/api/schedule?from=9970-01-01&to=9998-12-31", "over 20 years")]
    [InlineData("/api/schedule?from=0001-01-01&to=0001-01-02", "'from' is '0001-01-01', outside the dates")]
    [InlineData("/api/oncall?at=9999-12-31T23:00:00Z", "'at' is '9999-12-31T23:00:00Z', outside the dates")]
    [InlineData("/api/oncall?at=9998-12-31T23:00:00-12:00", "outside the dates")]
    [InlineData("/api/oncall?at=0001-12-31T23:59:59Z", "outside the dates")]
    public async Task BadQuery_GetsAProblemDocumentThatSaysWhatIsWrong(string url, string expected)
    {
        await using var bot = await Start();

        var response = await bot.Client.GetAsync(new Uri(url, UriKind.Relative));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/oncall?at=9998-12-31T23:59:59Z")]
    [InlineData("/api/oncall?at=0002-01-01T00:00:00-14:00")]
    [InlineData("/api/schedule?from=9998-12-01&to=9998-12-31")]
    [InlineData("/api/schedule?from=0002-01-01&to=0002-01-31")]
    [InlineData("/api/holidays?year=9999")]
    public async Task TheScheduleEdges_AreAnswered(string url)
    {
        await using var bot = await Start();

        var response = await bot.Client.GetAsync(new Uri(url, UriKind.Relative));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.ValueKind == JsonValueKind.Object ? body.TryGetProperty("member", out _) : body.GetArrayLength() > 0);
    }

    [Fact]
    public async Task Schedule_OfExactlyTwentyYears_IsAnswered()
    {
        await using var bot = await Start();

        var response = await bot.Client.GetAsync(new Uri("/api/schedule?from=2026-01-01&to=2045-12-31", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7305, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Fact]
    public async Task PublishedPlan_SurvivesARestart_Unchanged()
    {
        var bot = await Start();
        var before = await bot.Client.GetStringAsync(new Uri("/api/holidays?year=2027", UriKind.Relative));

        await using var restarted = await bot.RestartAsync(Chicago);
        var after = await restarted.Client.GetStringAsync(new Uri("/api/holidays?year=2027", UriKind.Relative));

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Settings_CanBeOverridden_TheDotNetWay()
    {
        await using var bot = await BotServer.StartAsync(Now, null, "PipelineBot:Rotation:TimeZone=Europe/London", "PipelineBot:Rotation:Start=2026-01-05");

        var shift = (await bot.Client.GetFromJsonAsync<JsonElement>("/api/schedule?from=2026-07-01&to=2026-07-01"))[0];

        Assert.Equal("2026-07-01T00:00:00+01:00", shift.GetProperty("start").GetString());
    }

    [Fact]
    public async Task BadCatalog_StopsTheStart_NamingTheKeyAndTheProblem()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BotServer.StartAsync(Now, null, "PipelineBot:Pipelines:0:PrimaryOwner=mils"));

        Assert.Contains("PipelineBot:Pipelines:0:PrimaryOwner", error.Message, StringComparison.Ordinal);
        Assert.Contains("mils", error.Message, StringComparison.Ordinal);
    }
}
