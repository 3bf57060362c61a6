using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PipelineBot.WebChat.Tests;

/// <summary>
/// Pictures of the web chat for people to look at (a pipeline's status, an incident card), taken after checking that
/// what they should show is on screen. They go to the folder named by <c>PIPELINEBOT_SCREENSHOTS</c>, else to
/// <c>screenshots</c> beside the test binaries.
/// </summary>
[Collection(DebianChromium.Collection)]
public sealed class WebChatScreenshotTests
{
    private const string AlertSecret = "e2e-secret";

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    static WebChatScreenshotTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task The_status_of_a_pipeline_and_an_incident_card_are_shown_and_photographed()
    {
        await using var bot = await RunningBot.StartAsync($"--PipelineBot:Alerts:WebhookSecret={AlertSecret}");
        var growth = (await bot.GetArrayAsync("/api/pipelines")).Single(p => p!["id"]!.GetValue<string>() == "growth")!;
        var (playwright, browser) = await DebianChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // Tall enough for the whole incident card.
        var chat = await ChatPage.OpenAsync(await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } }), bot.Address);
        await chat.BeAsync("jasmine");

        await chat.SayAsync("status growth");
        var status = chat.BotMessages.Last;
        await Expect(status).ToContainTextAsync(growth["name"]!.GetValue<string>());
        await Expect(status).ToContainTextAsync(growth["primaryOwner"]!["name"]!.GetValue<string>());
        await PhotographAsync(chat, status, "status-growth.png");

        // The answer above came over Web Chat's stream, so the bot counts the page as reading: the card reaches it.
        var incident = await PostAlertAsync(bot, new JsonObject
        {
            ["pipeline"] = "growth",
            ["runId"] = "scheduled__screenshot",
            ["kind"] = "failure",
            ["summary"] = "Task load_growth failed: no header row",
        });
        var card = chat.Cards.Filter(new() { HasText = incident });
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator(".ac-textBlock").First).ToContainTextAsync(incident);
        await Expect(card).ToContainTextAsync(growth["name"]!.GetValue<string>());
        await PhotographAsync(chat, card, "incident-card.png");
    }

    /// <summary>Posts an alert to the intake as an orchestrator would, signed; returns the incident's id.</summary>
    private static async Task<string> PostAlertAsync(RunningBot bot, JsonObject alert)
    {
        var body = Encoding.UTF8.GetBytes(alert.ToJsonString());
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
        content.Headers.Add("X-PipelineBot-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AlertSecret), body)));
        var response = await bot.Api.PostAsync("/api/alerts", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["incident"]!.GetValue<string>();
    }

    private static async Task PhotographAsync(ChatPage chat, ILocator subject, string name)
    {
        await subject.ScrollIntoViewIfNeededAsync();
        await Expect(subject).ToBeInViewportAsync();
        var folder = Environment.GetEnvironmentVariable("PIPELINEBOT_SCREENSHOTS") is { Length: > 0 } named ? named : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await chat.Page.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png });
        Assert.Equal(PngSignature, File.ReadAllBytes(path)[..PngSignature.Length]);
    }
}
