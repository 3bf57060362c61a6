using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Host.Tests.Api;

/// <summary>
/// Signing in to the web pages over real HTTP, on fake time: the link from chat works once and for 10 minutes, on any
/// instance of one database, and its session too; pages refuse whoever has no session, and forms without the session's
/// token; a signed-in member sees on an incident's page which expert has it.
/// </summary>
public sealed class WebSignInTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_link_from_one_instance_signs_in_on_another_once_and_the_session_works_on_both()
    {
        await using var first = await BotServer.StartAsync(Now);
        await using var second = await BotServer.StartAsync(Now, first.Folder);
        var token = await LinkTokenAsync(first, "jasmine");

        using var browser = Browser(second);
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync(new Uri($"/app/sign-in?token={token}", UriKind.Relative))).StatusCode);
        var signedIn = await PostSignInAsync(browser.Client, token);
        Assert.Equal((HttpStatusCode.Redirect, "/app"), (signedIn.StatusCode, signedIn.Headers.Location?.OriginalString));
        var cookie = browser.Cookies.GetCookies(new Uri(second.Client.BaseAddress!, "/app/")).Single(c => c.Name == "pipelinebot-session");
        Assert.True(cookie.HttpOnly);

        // The same session on the other instance, by its cookie alone.
        using var other = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = first.Client.BaseAddress };
        other.DefaultRequestHeaders.Add("Cookie", $"pipelinebot-session={cookie.Value}");
        var calendar = await other.GetAsync(new Uri("/app", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, calendar.StatusCode);
        Assert.Contains("Jasmine Glancy", await calendar.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The link is spent.
        using var late = Browser(first);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignInAsync(late.Client, token)).StatusCode);
    }

    [Fact]
    public async Task A_link_older_than_ten_minutes_signs_nobody_in_and_pages_and_forms_are_refused_without_a_session()
    {
        await using var bot = await BotServer.StartAsync(Now);
        var token = await LinkTokenAsync(bot, "de-manager");
        bot.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        using var browser = Browser(bot);
        var expired = await PostSignInAsync(browser.Client, token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("more than 10 minutes old", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignInAsync(browser.Client, "not-a-token")).StatusCode);
        foreach (var page in new[] { "/app", "/app/incidents", "/app/incidents/1", "/app/pipelines", "/app/sla" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync(new Uri(page, UriKind.Relative))).StatusCode);
        }

        // Signed in, a manager's form without the session's token changes nothing.
        Assert.Equal(HttpStatusCode.Redirect, (await PostSignInAsync(browser.Client, await LinkTokenAsync(bot, "de-manager"))).StatusCode);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["member"] = "miles", ["from"] = "2026-12-03", ["to"] = "2026-12-03", ["reason"] = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Client.PostAsync(new Uri("/app/overrides", UriKind.Relative), form)).StatusCode);
        Assert.Equal("[]", await bot.Client.GetStringAsync(new Uri("/api/overrides", UriKind.Relative)));
    }

    [Fact]
    public async Task An_incident_handed_to_an_expert_says_so_on_its_page()
    {
        await using var bot = await BotServer.StartAsync(Now);
        var incidents = bot.Services.GetRequiredService<IncidentService>();
        await incidents.ReportAlertAsync(new AlertReport("profit", "scheduled__2026-12-01", IncidentKind.Failure, "region code XX has no mapping"), CancellationToken.None);
        await bot.AskAsync("miles", "escalate INC-1 to mapping: XX is new in the source");
        using var browser = Browser(bot);
        await PostSignInAsync(browser.Client, await LinkTokenAsync(bot, "jasmine"));

        var page = WebUtility.HtmlDecode(await browser.Client.GetStringAsync(new Uri("/app/incidents/1", UriKind.Relative)));

        Assert.Contains("<th>With expert</th><td id=\"expert\">Tech BA (mapping) since 2026-12-02 15:00 UTC", page, StringComparison.Ordinal);
        Assert.Contains("Miles Lopez handed INC-1 to the Tech BA as a mapping error: XX is new in the source", page, StringComparison.Ordinal);
    }

    /// <summary>Says "web" to the bot in a direct message and takes the token from the link in the answer.</summary>
    private static async Task<string> LinkTokenAsync(BotServer bot, string memberId)
    {
        var answer = await bot.AskAsync(memberId, "web");
        var start = answer.IndexOf("token=", StringComparison.Ordinal) + "token=".Length;
        return answer[start..(start + 64)];
    }

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string token) =>
        client.PostAsync(new Uri("/app/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));

    private static Visitor Browser(BotServer bot) => new(bot.Client.BaseAddress!);

    /// <summary>A browser's cookie jar, following no redirects so each answer is seen as sent.</summary>
    private sealed class Visitor : IDisposable
    {
        public Visitor(Uri address)
        {
            Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        }

        public CookieContainer Cookies { get; } = new();

        public HttpClient Client { get; }

        public void Dispose() => Client.Dispose();
    }
}
