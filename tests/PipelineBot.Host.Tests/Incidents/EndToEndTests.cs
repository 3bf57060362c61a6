using System.Net;
using System.Text.Json.Nodes;
using PipelineBot.Host.Tests.Rendering;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary>
/// Issue 4's must-show, with Slack and Teams both on: a signed alert becomes a card in both alert channels, an
/// Acknowledge click in Slack acknowledges it, and both posted cards are redrawn to say who acknowledged.
/// </summary>
public class EndToEndTests
{
    private static readonly string[] Buttons = ["Acknowledge", "Rerun", "Resolve", "Escalate to expert", "Runbook"];
    private static readonly string[] Verbs = ["incident.ack", "incident.rerun", "incident.resolve", "incident.escalate", "incident.runbook"];

    [Fact]
    public async Task A_signed_alert_is_carded_in_Slack_and_Teams_and_an_Acknowledge_click_in_Slack_redraws_both_cards()
    {
        await using var bot = await IncidentBot.StartAsync();
        await bot.PostAlertsHereInTeamsAsync(IncidentBot.OnCall);

        using var alert = await bot.PostAlertAsync(IncidentBot.Alert());
        Assert.Equal(HttpStatusCode.Created, alert.StatusCode);
        await bot.PumpUntilAsync(() => bot.AlertPosts.Count == 1 && bot.TeamsAlertPosts.Count == 1);

        // Slack: Block Kit with the incident, its four buttons, and the on-call person and the owner mentioned for real.
        var slackPost = Assert.Single(bot.AlertPosts);
        var blocks = slackPost.Body["blocks"]!.AsArray();
        var slackText = IncidentBot.AllText(blocks);
        Assert.Contains("INC-1 · Profit: failed", slackText, StringComparison.Ordinal);
        Assert.Equal(Buttons, ButtonLabels(blocks));
        Assert.Contains($"<@{IncidentBot.SlackUsers[IncidentBot.OnCall]}>", slackText, StringComparison.Ordinal);
        Assert.Contains($"<@{IncidentBot.SlackUsers["miles"]}>", slackText, StringComparison.Ordinal);

        // Teams: an Adaptive Card whose buttons are Action.Execute verbs carrying the incident, and the on-call person mentioned.
        var teamsPost = Assert.Single(bot.TeamsAlertPosts).Body!;
        var attachment = Assert.Single(teamsPost["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", IncidentBot.Text(attachment["contentType"]));
        var card = attachment["content"]!.AsObject();
        var actions = card["actions"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.All(actions, a => Assert.Equal("Action.Execute", IncidentBot.Text(a["type"])));
        Assert.Equal(Verbs, actions.Select(a => IncidentBot.Text(a["verb"])));
        Assert.All(actions, a => Assert.Equal("1", a["data"]!["incident"]!.ToString()));
        Assert.Contains("INC-1 · Profit: failed", IncidentBot.AllText(card), StringComparison.Ordinal);
        Assert.Contains($"<at>{IncidentBot.NameOf(IncidentBot.OnCall)}</at>", IncidentBot.Text(teamsPost["text"]), StringComparison.Ordinal);
        var mention = Assert.Single(teamsPost["entities"]!.AsArray())!;
        Assert.Equal(IncidentBot.TeamsAccount(IncidentBot.OnCall), IncidentBot.Text(mention["mentioned"]!["id"]));

        // Jasmine, whom the bot has not met on Slack yet, clicks Acknowledge: users.info gives her email, which the catalog knows.
        var slackCopy = await bot.PostedCardAsync("slack", 1);
        var teamsCopy = await bot.PostedCardAsync("msteams", 1);
        using var click = await bot.ClickInSlackAsync("jasmine", blocks, slackCopy.MessageId, "Acknowledge");
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);

        const string Acknowledged = "Acknowledged by Jasmine Glancy";
        await bot.PumpUntilAsync(() => SlackUpdates(bot, slackCopy.MessageId).Any(u => u.Contains(Acknowledged, StringComparison.Ordinal))
            && TeamsUpdates(bot, teamsCopy.MessageId).Any(u => u.Contains(Acknowledged, StringComparison.Ordinal)));

        Assert.Contains(bot.Slack.Calls, c => c.Method == "users.info" && c.Query.Contains(IncidentBot.SlackUsers["jasmine"], StringComparison.Ordinal));
        var update = bot.Slack.Calls.Last(c => c.Method == "chat.update");
        Assert.Equal(IncidentBot.SlackAlertChannel, IncidentBot.Text(update.Body["channel"]));
        Assert.DoesNotContain("Acknowledge", ButtonLabels(update.Body["blocks"]!.AsArray()));
        var put = bot.Connector.Activities.Last(a => a.Method == "PUT");
        Assert.DoesNotContain(put.Body!["attachments"]![0]!["content"]!["actions"]!.AsArray(), a => IncidentBot.Text(a!["verb"]) == "incident.ack");
        var incident = await bot.IncidentAsync("INC-1");
        Assert.Equal(("acknowledged", "jasmine"), (IncidentBot.Text(incident["state"]), IncidentBot.Text(incident["acknowledgedBy"])));

        // The click's own answer, posted in the channel after the card's redraw.
        await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && IncidentBot.Text(c.Body["text"])!.StartsWith("INC-1 acknowledged by Jasmine Glancy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Channel_wide_mentions_and_markup_in_an_alert_stay_text_in_both_channels()
    {
        await using var bot = await IncidentBot.StartAsync();
        await bot.PostAlertsHereInTeamsAsync(IncidentBot.OnCall);

        using var alert = await bot.PostAlertAsync(IncidentBot.Alert(summary: "<!channel> @channel <at>x</at> see <https://evil.example|this>"));
        await bot.PumpUntilAsync(() => bot.AlertPosts.Count == 1 && bot.TeamsAlertPosts.Count == 1);

        var slackPost = Assert.Single(bot.AlertPosts).Body;
        var slackStrings = IncidentBot.Strings(slackPost).ToList();
        // No <!…> of the alert's survives; the only ones are the card's own times, <!date^…>.
        Assert.DoesNotContain(slackStrings, s => s.Replace("<!date^", "", StringComparison.Ordinal).Contains("<!", StringComparison.Ordinal));
        // The address in the alert is a link to itself: the alert cannot label a link of its own.
        Assert.DoesNotContain(slackStrings, s => s.Contains("|this>", StringComparison.Ordinal));
        Assert.All(slackStrings.SelectMany(Shown.SlackLinks), link => Assert.Equal(link.Href, link.Text));
        Assert.Contains(slackStrings, s => s.Contains("&lt;!channel&gt;", StringComparison.Ordinal));
        Assert.Null(slackPost["link_names"]);
        Assert.Null(slackPost["parse"]);

        var teamsPost = Assert.Single(bot.TeamsAlertPosts).Body!;
        var text = IncidentBot.Text(teamsPost["text"])!;
        Assert.DoesNotContain("<at>x</at>", text, StringComparison.Ordinal);
        Assert.Contains("&lt;at&gt;x&lt;/at&gt;", text, StringComparison.Ordinal);

        // The only mention entity is the on-call person's; the alert's <at>x</at> named nobody.
        var mention = Assert.Single(teamsPost["entities"]!.AsArray())!;
        Assert.Equal(IncidentBot.TeamsAccount(IncidentBot.OnCall), IncidentBot.Text(mention["mentioned"]!["id"]));
        Assert.Null(teamsPost["attachments"]![0]!["content"]!["msteams"]);
    }

    [Fact]
    public async Task A_configured_Teams_alert_conversation_gets_cards_once_the_bot_has_been_added_to_it()
    {
        await using var bot = await IncidentBot.StartAsync($"PipelineBot:Teams:AlertConversation={IncidentBot.TeamsChannel}");

        // Before the bot is added there, Teams has no serviceUrl for the conversation: only Slack can show the card.
        using var before = await bot.PostAlertAsync(IncidentBot.Alert("profit", "p1"));
        await bot.PumpUntilAsync(async () => bot.AlertPosts.Count == 1 && await bot.UndeliveredNoticesAsync() == 0);
        Assert.Empty(bot.TeamsAlertPosts);

        await bot.AddedToTeamsChannelAsync();
        using var after = await bot.PostAlertAsync(IncidentBot.Alert("growth", "g1"));
        await bot.PumpUntilAsync(() => bot.TeamsAlertPosts.Count == 1);

        var card = Assert.Single(bot.TeamsAlertPosts).Body!["attachments"]![0]!["content"];
        Assert.Contains("INC-2 · Growth: failed", IncidentBot.AllText(card), StringComparison.Ordinal);
        Assert.Equal(IncidentBot.TeamsChannel, (await bot.PostedCardAsync("msteams", 2)).ConversationId);
    }

    [Fact]
    public async Task Rerun_clicked_without_Airflow_says_once_what_to_configure_in_Teams_and_in_Slack()
    {
        await using var bot = await IncidentBot.StartAsync();
        var carded = await bot.AlertCardedAsync(IncidentBot.Alert());
        var teamsBefore = bot.Connector.Activities.Count;
        var slackBefore = bot.Slack.Calls.Count;

        var invoke = await bot.ClickInTeamsAsync(IncidentBot.OnCall, carded.TeamsCard, carded.TeamsCopy.MessageId, "Rerun");
        using var click = await bot.ClickInSlackAsync(IncidentBot.OnCall, carded.SlackBlocks, carded.SlackCopy.MessageId, "Rerun");
        await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && IncidentBot.AllText(c.Body).Contains("PipelineBot:Airflow:BaseUrl", StringComparison.Ordinal));
        await bot.PumpUntilAsync(() => bot.Connector.Activities.Skip(teamsBefore).Any(a => IncidentBot.AllText(a.Body).Contains("PipelineBot:Airflow:BaseUrl", StringComparison.Ordinal)));
        await bot.DeliverAllAsync();

        const string NotConfigured = "Airflow is not configured";
        var teams = IncidentBot.AllText(invoke) + string.Concat(bot.Connector.Activities.Skip(teamsBefore).Select(a => IncidentBot.AllText(a.Body)));
        var slack = string.Concat(bot.Slack.Calls.Skip(slackBefore).Select(c => IncidentBot.AllText(c.Body)));
        Assert.Equal(1, Occurrences(teams, NotConfigured));
        Assert.Equal(1, Occurrences(slack, NotConfigured));
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static List<string> ButtonLabels(JsonArray blocks) =>
        [.. blocks.OfType<JsonObject>().Where(b => IncidentBot.Text(b["type"]) == "actions")
            .SelectMany(b => b["elements"]!.AsArray().OfType<JsonObject>())
            .Select(e => IncidentBot.Text(e["text"]?["text"])!)];

    private static IEnumerable<string> SlackUpdates(IncidentBot bot, string ts) =>
        bot.Slack.Calls.Where(c => c.Method == "chat.update" && IncidentBot.Text(c.Body["ts"]) == ts).Select(c => IncidentBot.AllText(c.Body));

    private static IEnumerable<string> TeamsUpdates(IncidentBot bot, string activityId) =>
        bot.Connector.Activities.Where(a => a.Method == "PUT" && a.RawTarget.EndsWith($"/activities/{activityId}", StringComparison.Ordinal)).Select(a => IncidentBot.AllText(a.Body));
}
