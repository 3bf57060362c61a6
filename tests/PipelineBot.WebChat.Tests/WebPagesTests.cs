using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PipelineBot.WebChat.Tests;

/// <summary>
/// The web pages in Debian's chromium, as a person meets them: "web" in the chat gives a sign-in link; the link's
/// page signs the browser in; each page shows what the API says; a manager sets an override from the calendar, and a
/// member who tries is refused. Each page is photographed (calendar.png, incidents.png, incident.png, pipelines.png,
/// sla.png, sla-charts.png, calendar-phone.png).
/// </summary>
[Collection(DebianChromium.Collection)]
public sealed class WebPagesTests
{
    private const string AlertSecret = "e2e-secret";

    static WebPagesTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Signed_in_through_chat_a_manager_reads_every_page_and_sets_an_override_and_a_member_is_refused()
    {
        await using var bot = await RunningBot.StartAsync($"--PipelineBot:Alerts:WebhookSecret={AlertSecret}");
        var incident = await bot.PostAlertAsync(AlertSecret, new JsonObject
        {
            ["pipeline"] = "growth",
            ["runId"] = "scheduled__web-pages",
            ["kind"] = "failure",
            ["summary"] = "Task load_growth failed: no header row",
        });
        var (playwright, browser) = await DebianChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var manager = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await SignInAsync(manager, bot, "de-manager");

        // The calendar: who is on call now, as the API says, and today's cell.
        var onCall = await bot.GetObjectAsync("/api/oncall");
        await Expect(page.Locator("#now strong").First).ToHaveTextAsync(onCall["member"]!["name"]!.GetValue<string>());
        var today = onCall["shift"]!["start"]!.GetValue<string>()[..10];
        await Expect(page.Locator($".day[data-date=\"{today}\"] .member")).ToHaveTextAsync(onCall["member"]!["name"]!.GetValue<string>());
        await Screenshots.TakeAsync(page, page.Locator("#month"), "calendar.png", fullPage: true);

        // Incidents: the list, then the incident with its timeline.
        await page.ClickAsync("header a[href=\"/app/incidents\"]");
        var row = page.Locator($"tr[data-incident=\"{incident}\"]");
        await Expect(row).ToContainTextAsync("no header row");
        await Screenshots.TakeAsync(page, row, "incidents.png");
        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(incident);
        await Expect(page.Locator("#state")).ToHaveTextAsync("open");
        await Expect(page.Locator("#timeline li")).Not.ToHaveCountAsync(0);
        await Screenshots.TakeAsync(page, page.Locator("#timeline"), "incident.png", fullPage: true);

        // Pipelines: the owners the API names, and the open incident.
        var growth = (await bot.GetArrayAsync("/api/pipelines")).Single(p => p!["id"]!.GetValue<string>() == "growth")!;
        await page.ClickAsync("header a[href=\"/app/pipelines\"]");
        var section = page.Locator("#pipeline-growth");
        await Expect(section).ToContainTextAsync(growth["primaryOwner"]!["name"]!.GetValue<string>());
        await Expect(section).ToContainTextAsync(incident);
        await Screenshots.TakeAsync(page, section, "pipelines.png");

        // The SLA review: the team's availability as /api/sla has it, the chart, and the CSV.
        var review = await bot.GetObjectAsync("/api/sla");
        await page.ClickAsync("header a[href=\"/app/sla\"]");
        var percent = review["team"]!["availability"]!["percent"];
        await Expect(page.Locator("tr[data-scope=\"team\"] td").First).ToHaveAttributeAsync("data-percent", percent is null ? "" : percent.ToJsonString());
        await Expect(page.Locator("#availability-chart rect.bar")).ToHaveCountAsync((await bot.GetArrayAsync("/api/pipelines")).Count);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv"));
        Assert.StartsWith("month,scope,pipeline,met,", await File.ReadAllTextAsync(await download.PathAsync()), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, page.Locator("#team"), "sla.png");
        await Screenshots.TakeAsync(page, page.Locator("#availability-chart"), "sla-charts.png");

        // A manager sets an override for tomorrow; the API has it.
        await page.ClickAsync("header a[href=\"/app\"]");
        var tomorrow = DateOnly.ParseExact(today, "yyyy-MM-dd").AddDays(1).ToString("yyyy-MM-dd");
        await page.SelectOptionAsync("#set-override select[name=member]", "hudson");
        await page.FillAsync("#set-override input[name=from]", tomorrow);
        await page.FillAsync("#set-override input[name=to]", tomorrow);
        await page.FillAsync("#set-override input[name=reason]", "covering a dentist visit");
        await page.ClickAsync("#set-override button");
        await Expect(page.Locator("section.notice")).ToContainTextAsync("Hudson King covers");
        var set = Assert.Single(await bot.GetArrayAsync("/api/overrides"))!;
        Assert.Equal(("hudson", "covering a dentist visit"), (set["member"]!.GetValue<string>(), set["reason"]!.GetValue<string>()));
        await Expect(page.Locator($".day[data-date=\"{tomorrow}\"] .tag.override")).ToHaveCountAsync(1);

        // A member sees no override form, and a post of one with their own session's token is refused.
        var member = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true });
        var memberPage = await SignInAsync(member, bot, "jackson");
        await Expect(memberPage.Locator("#set-override")).ToHaveCountAsync(0);
        await Expect(memberPage.Locator("#overrides button")).ToHaveCountAsync(0);
        await Screenshots.TakeAsync(memberPage, memberPage.Locator("#month"), "calendar-phone.png", fullPage: true);
        var token = await memberPage.Locator("header input[name=token]").InputValueAsync();
        var refused = await member.APIRequest.PostAsync(new Uri(bot.Address, "/app/overrides").ToString(), new()
        {
            Form = member.APIRequest.CreateFormData().Set("token", token).Set("member", "jackson").Set("from", tomorrow).Set("to", tomorrow).Set("reason", "me"),
        });
        Assert.Equal(403, refused.Status);
        Assert.Contains("Only a manager", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.Single(await bot.GetArrayAsync("/api/overrides"));
    }

    /// <summary>As <paramref name="memberId"/> in the web chat, says "web", opens the link of the answer and presses "Sign in".</summary>
    private static async Task<IPage> SignInAsync(IBrowserContext context, RunningBot bot, string memberId)
    {
        var chat = await ChatPage.OpenAsync(await context.NewPageAsync(), bot.Address);
        await chat.BeAsync(memberId);
        await chat.SayAsync("web");
        var answer = chat.BotMessages.Filter(new() { HasText = "sign-in link" }).Last;
        await Expect(answer).ToContainTextAsync("/app/sign-in?token=");
        var link = new Uri((await answer.Locator("a[href*=\"/app/sign-in\"]").GetAttributeAsync("href"))!);

        // The link names the configured public address; this bot listens on a port of its own.
        var page = chat.Page;
        await page.GotoAsync(new Uri(bot.Address, link.PathAndQuery).ToString());
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("h1")).ToHaveTextAsync("On-call calendar");
        return page;
    }
}
