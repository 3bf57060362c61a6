using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PipelineBot.WebChat.Tests;

/// <summary>
/// Pictures of the web chat for people to look at (a pipeline's status, an incident card, the same card handed to an
/// expert through its button), taken after checking that
/// what they should show is on screen. They go to the folder named by <c>PIPELINEBOT_SCREENSHOTS</c>, else to
/// <c>screenshots</c> beside the test binaries.
/// </summary>
[Collection(DebianChromium.Collection)]
public sealed class WebChatScreenshotTests
{
    private const string AlertSecret = "e2e-secret";

    static WebChatScreenshotTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task The_status_of_a_pipeline_and_an_incident_card_handed_to_an_expert_are_shown_and_photographed()
    {
        await using var bot = await RunningBot.StartAsync($"--PipelineBot:Alerts:WebhookSecret={AlertSecret}");
        var growth = (await bot.GetArrayAsync("/api/pipelines")).Single(p => p!["id"]!.GetValue<string>() == "growth")!;
        var (playwright, browser) = await DebianChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // Tall enough for the whole incident card.
        var chat = await ChatPage.OpenAsync(await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } }), bot.Address);
        // Jackson owns Growth, so he may hand its incident to an expert.
        await chat.BeAsync("jackson");

        await chat.SayAsync("status growth");
        var status = chat.BotMessages.Last;
        await Expect(status).ToContainTextAsync(growth["name"]!.GetValue<string>());
        await Expect(status).ToContainTextAsync(growth["primaryOwner"]!["name"]!.GetValue<string>());
        await Screenshots.TakeAsync(chat.Page, status, "status-growth.png");

        // The answer above came over Web Chat's stream, so the bot counts the page as reading: the card reaches it.
        var incident = await bot.PostAlertAsync(AlertSecret, new JsonObject
        {
            ["pipeline"] = "growth",
            ["runId"] = "scheduled__screenshot",
            ["kind"] = "failure",
            ["summary"] = "Task load_growth failed: no header row",
        });
        var card = chat.Cards.Filter(new() { HasText = $"{incident} · " });
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator(".ac-textBlock").First).ToContainTextAsync(incident);
        await Expect(card).ToContainTextAsync(growth["name"]!.GetValue<string>());
        await Screenshots.TakeAsync(chat.Page, card, "incident-card.png");

        // Escalate to expert asks which one, with a button each; the choice redraws the card.
        await card.Locator("button.ac-pushButton[title=\"Escalate to expert\"]").ClickAsync();
        await Expect(chat.BotMessages.Filter(new() { HasText = $"Which expert should take {incident} (Growth)?" })).ToHaveCountAsync(1);
        await chat.Button("Mapping → Tech BA").Last.ClickAsync();
        await Expect(chat.BotMessages.Filter(new() { HasText = $"{incident} is with the Tech BA now" })).ToHaveCountAsync(1);
        // The choice card says what was done, with no buttons left; the card posted with the alert is redrawn.
        await Expect(chat.Cards.Filter(new() { HasText = "Mapping → Tech BA, chosen by Jackson Long." }).Locator("button")).ToHaveCountAsync(0);
        await Expect(card).ToContainTextAsync("With Tech BA since");
        await Screenshots.TakeAsync(chat.Page, card, "incident-escalated.png");
    }
}
