using System.Text;
using System.Text.Json.Nodes;
using PipelineBot.Host.Tests.Incidents;
using PipelineBot.Host.Tests.Slack;
using PipelineBot.Host.Tests.WebChat;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Rendering;

/// <summary>
/// The incident card as each channel sends it over real HTTP: its log link opens the address exactly, and its times are
/// written for whoever reads each copy, one person in their zone, named, or everyone in a channel in their own.
/// </summary>
public sealed class CardRenderingTests
{
    // IncidentBot's clock: the incident opens at Mon 2026-11-23 10:00 UTC and its ack is due 15 business minutes later.
    private const string OpenedForEveryone = "**Opened:** {{DATE(2026-11-23T10:00:00Z, SHORT)}} {{TIME(2026-11-23T10:00:00Z)}} (your time)";
    private const string OpenedInSlackForEveryone = "*Opened:* <!date^1795428000^{date_short_pretty} {time} (your time)|Mon 2026-11-23 10:00 UTC>";

    [Fact]
    public async Task The_log_link_on_an_alert_card_opens_its_address_as_given_in_Teams_and_Slack_and_the_card_is_valid_Adaptive_Cards_1_5()
    {
        await using var bot = await IncidentBot.StartAsync();
        var alert = IncidentBot.Alert();
        alert["logUrl"] = Samples.LogUrl;

        var carded = await bot.AlertCardedAsync(alert);

        Assert.Empty(AdaptiveCardSchema.Errors(carded.TeamsCard));
        Assert.Equal([new ShownLink(Samples.LogUrl, Samples.LogUrl)], Shown.HtmlLinks(await Shown.WebChatHtmlAsync(Fact(carded.TeamsCard, "Log"))));
        var field = carded.SlackBlocks.SelectMany(IncidentBot.Strings).Single(s => s.StartsWith("*Log*", StringComparison.Ordinal));
        Assert.Equal([new ShownLink(Samples.LogUrl, Samples.LogUrl)], Shown.SlackLinks(field));
    }

    [Fact]
    public async Task A_card_in_a_team_channel_has_each_readers_own_time_in_Teams_and_Slack_and_keeps_it_when_redrawn()
    {
        await using var bot = await IncidentBot.StartAsync();
        var carded = await bot.AlertCardedAsync(IncidentBot.Alert());

        Assert.Contains(OpenedForEveryone, TextBlocks(carded.TeamsCard));
        Assert.Contains(OpenedInSlackForEveryone, carded.SlackBlocks.SelectMany(IncidentBot.Strings));

        using var click = await bot.ClickInSlackAsync("jasmine", carded.SlackBlocks, carded.SlackCopy.MessageId, "Acknowledge");
        await bot.PumpUntilAsync(() => Redrawn(bot, carded) is ({ } _, { } _));
        await bot.DeliverAllAsync();

        var (teams, slack) = Redrawn(bot, carded);
        Assert.Contains("Acknowledged by Jasmine Glancy", IncidentBot.AllText(teams), StringComparison.Ordinal);
        Assert.Contains(OpenedForEveryone, TextBlocks(teams!["attachments"]![0]!["content"]!.AsObject()));
        Assert.Contains(OpenedInSlackForEveryone, IncidentBot.Strings(slack));
    }

    [Fact]
    public async Task The_card_a_Teams_click_answers_with_is_the_clickers_alone_and_in_their_zone()
    {
        await using var bot = await IncidentBot.StartAsync();
        var carded = await bot.AlertCardedAsync(IncidentBot.Alert());

        var answer = await bot.ClickInTeamsAsync("jasmine", carded.TeamsCard, carded.TeamsCopy.MessageId, "Acknowledge");

        // The official channel sample's client reports America/Los_Angeles: 10:00 UTC is 02:00 there.
        Assert.Contains("**Opened:** Mon 2026-11-23 02:00 America/Los\\_Angeles", TextBlocks(answer["value"]!.AsObject()));
    }

    [Fact]
    public async Task A_card_asked_for_in_a_Slack_DM_is_in_the_askers_zone_and_stays_in_it_when_redrawn()
    {
        await using var bot = await IncidentBot.StartAsync();
        var carded = await bot.AlertCardedAsync(IncidentBot.Alert());
        var dm = SlackRequests.Payload("vercel-chat-replay-dm-slack.json", "dmMessage");
        dm["event"]!["user"] = IncidentBot.SlackUsers["jasmine"];
        dm["event"]!["text"] = "incident INC-1";

        using var asked = await bot.Client.SendAsync(SlackRequests.Event(dm, bot.Server.Time.GetUtcNow()));
        var channel = dm["event"]!["channel"]!.GetValue<string>();
        var answer = (await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && IncidentBot.Text(c.Body["channel"]) == channel && c.Body["blocks"] is not null)).Single();

        // Jasmine's Slack zone is Europe/Berlin: 10:00 UTC is 11:00 there.
        const string OpenedInBerlin = "*Opened:* Mon 2026-11-23 11:00 Europe/Berlin";
        Assert.Contains(OpenedInBerlin, IncidentBot.Strings(answer.Body));
        var copy = await bot.PostedCardAsync("slack", 1, channel);

        using var click = await bot.ClickInSlackAsync("miles", carded.SlackBlocks, carded.SlackCopy.MessageId, "Acknowledge");
        await bot.PumpUntilAsync(() => Updates(bot, copy.MessageId).Any(u => IncidentBot.AllText(u).Contains("Acknowledged by Miles Lopez", StringComparison.Ordinal)));

        var redrawn = Updates(bot, copy.MessageId).Last();
        Assert.Contains(OpenedInBerlin, IncidentBot.Strings(redrawn));
        Assert.DoesNotContain(IncidentBot.Strings(redrawn), s => s.Contains("<!date", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_Web_Chat_shows_an_alert_card_in_the_browsers_zone_with_its_log_link_as_given()
    {
        await using var bot = await WebChatBot.StartWithRealCoreAsync($"PipelineBot:Alerts:WebhookSecret={IncidentBot.Secret}");
        var conversation = await bot.StartConversationAsync("miles");
        await bot.PostActivityAsync(conversation, new { type = "typing", localTimezone = "Europe/Berlin" });
        await bot.ActivitiesAsync(conversation);
        var alert = IncidentBot.Alert();
        alert["logUrl"] = Samples.LogUrl;
        var body = Encoding.UTF8.GetBytes(alert.ToJsonString());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-PipelineBot-Signature", IncidentBot.Sign(body));
        using var posted = await bot.Client.SendAsync(request);
        posted.EnsureSuccessStatusCode();
        await bot.Server.DeliverAllAsync();

        var card = (await bot.ActivitiesAsync(conversation))["activities"]!.AsArray()
            .Single(a => a!["attachments"] is not null)!["attachments"]![0]!["content"]!.AsObject();
        Assert.Empty(AdaptiveCardSchema.Errors(card));

        // WebChatBot's clock: 15:00 UTC, 16:00 in Berlin.
        Assert.Contains("**Opened:** Mon 2026-11-23 16:00 Europe/Berlin", TextBlocks(card));
        Assert.Equal([new ShownLink(Samples.LogUrl, Samples.LogUrl)], Shown.HtmlLinks(await Shown.WebChatHtmlAsync(Fact(card, "Log"))));
    }

    private static IEnumerable<string> TextBlocks(JsonObject card) =>
        Elements(card["body"]).Where(e => IncidentBot.Text(e["type"]) == "TextBlock").Select(e => IncidentBot.Text(e["text"])!);

    private static string Fact(JsonObject card, string title) =>
        IncidentBot.Text(Elements(card["body"]).SelectMany(e => e["facts"]?.AsArray() ?? []).Single(f => IncidentBot.Text(f!["title"]) == title)!["value"])!;

    private static IEnumerable<JsonObject> Elements(JsonNode? items) =>
        (items as JsonArray ?? []).OfType<JsonObject>().SelectMany(e => Elements(e["items"]).Prepend(e));

    /// <summary>The latest redraw of the Teams and the Slack copy, once each has one.</summary>
    private static (JsonObject? Teams, JsonObject? Slack) Redrawn(IncidentBot bot, Carded carded) =>
        (bot.Connector.Activities.LastOrDefault(a => a.Method == "PUT" && a.RawTarget.EndsWith($"/activities/{carded.TeamsCopy.MessageId}", StringComparison.Ordinal))?.Body,
         Updates(bot, carded.SlackCopy.MessageId).LastOrDefault());

    private static IEnumerable<JsonObject> Updates(IncidentBot bot, string ts) =>
        bot.Slack.Calls.Where(c => c.Method == "chat.update" && IncidentBot.Text(c.Body["ts"]) == ts).Select(c => c.Body);
}
