using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PipelineBot.Host.Tests.Api;

/// <summary>The rotation's chores run on the injected clock: moving fake time makes them happen, with no real waiting for time.</summary>
public class MaintenanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    private static readonly string[] Settings =
    [
        "PipelineBot:Rotation:Start=2026-01-05",
        "PipelineBot:Holidays:RuleYears=1",
        "PipelineBot:Api:Token=maintenance-token",
    ];

    /// <summary>Waits (in real time, briefly) for the background loop to act on what the fake clock just did.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = Environment.TickCount64 + 10_000;
        var value = await read();
        while (!done(value) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
            value = await read();
        }

        return value;
    }

    private static async Task ArmedAsync(BotServer bot) =>
        await EventuallyAsync(() => Task.FromResult(bot.Time.ArmedTimers), armed => armed > 0);

    [Fact]
    public async Task TradeOffer_LeftUnanswered_IsExpiredByTheSweeper_WhenTheClockPassesItsLifetime()
    {
        await using var bot = await BotServer.StartAsync(Now, null, Settings);
        var holidays = await bot.Client.GetFromJsonAsync<JsonElement>("/api/holidays?year=2026");
        var christmas = holidays.EnumerateArray().Single(h => h.GetProperty("name").GetString() == "Christmas Day").GetProperty("member").GetString();
        var email = christmas switch { "jasmine" => "jasmine.glancy@example.com", "miles" => "miles.lopez@example.com", "jackson" => "jackson.long@example.com", _ => "hudson.king@example.com" };
        using var propose = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/trades", UriKind.Relative))
        {
            Content = JsonContent.Create(new { counterparty = christmas == "miles" ? "jackson" : "miles", offered = "2026-12-25" }),
        };
        propose.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "maintenance-token");
        propose.Headers.From = email;
        (await bot.Client.SendAsync(propose)).EnsureSuccessStatusCode();
        await ArmedAsync(bot);

        bot.Time.Advance(TimeSpan.FromDays(6));
        var stillOpen = await bot.Client.GetFromJsonAsync<JsonElement>("/api/trades");
        bot.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var open = await EventuallyAsync(() => bot.Client.GetFromJsonAsync<JsonElement>("/api/trades"), trades => trades.GetArrayLength() == 0);

        Assert.Equal(1, stillOpen.GetArrayLength());
        Assert.Equal(0, open.GetArrayLength());
    }

    [Fact]
    public async Task NewYear_PublishesAnotherYearOfHolidays()
    {
        await using var bot = await BotServer.StartAsync(Now, null, Settings);
        var before = await bot.Client.GetFromJsonAsync<JsonElement>("/api/holidays?year=2029");
        await ArmedAsync(bot);

        bot.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 5, 0, TimeSpan.Zero));
        var after = await EventuallyAsync(
            () => bot.Client.GetFromJsonAsync<JsonElement>("/api/holidays?year=2029"),
            holidays => holidays.EnumerateArray().All(h => h.GetProperty("published").GetBoolean()));

        Assert.DoesNotContain(before.EnumerateArray(), h => h.GetProperty("published").GetBoolean());
        Assert.All(after.EnumerateArray(), h => Assert.True(h.GetProperty("published").GetBoolean()));
        Assert.Equal(
            before.EnumerateArray().Select(h => h.GetProperty("member").GetString()),
            after.EnumerateArray().Select(h => h.GetProperty("member").GetString()));
    }
}
