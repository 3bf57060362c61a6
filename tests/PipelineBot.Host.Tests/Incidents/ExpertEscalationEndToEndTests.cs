using System.Net;
using System.Text.Json.Nodes;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary>
/// Issue 14's expert escalation with Slack and Teams both on: the card's "Escalate to expert" button asks which expert,
/// the choice hands the incident over, the expert is mentioned in the alert channels and sent the handover directly on
/// both platforms, both posted cards say whose it is, and a stranger's click changes nothing.
/// </summary>
public sealed class ExpertEscalationEndToEndTests
{
    private const string Button = "Escalate to expert";

    [Fact]
    public async Task In_Slack_the_button_and_the_mapping_choice_hand_the_incident_to_the_Tech_BA_on_both_platforms()
    {
        await using var bot = await IncidentBot.StartAsync();

        // The Tech BA has written to the bot in Teams once, so it knows their account there.
        using (var hello = await bot.TeamsMessageAsync("tech-ba", "who's on call"))
        {
            hello.EnsureSuccessStatusCode();
        }

        var carded = await bot.AlertCardedAsync(IncidentBot.Alert());

        using (var click = await bot.ClickInSlackAsync(IncidentBot.OnCall, carded.SlackBlocks, carded.SlackCopy.MessageId, Button))
        {
            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        }

        var question = (await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && IncidentBot.AllText(c.Body).Contains("Which expert should take INC-1 (Profit)?", StringComparison.Ordinal)))[0];
        var choices = question.Body["blocks"]!.AsArray();
        using (var choose = await bot.ClickInSlackAsync(IncidentBot.OnCall, choices, "1652892820.999999", "Mapping → Tech BA"))
        {
            Assert.Equal(HttpStatusCode.OK, choose.StatusCode);
        }

        // The expert: mentioned in both alert channels, and sent the handover directly on both platforms.
        var techBa = IncidentBot.SlackUsers["tech-ba"];
        await bot.PumpUntilAsync(() => bot.Slack.Calls.Any(c => c.Method == "chat.postMessage" && IncidentBot.Text(c.Body["channel"]) == $"D0{techBa}")
            && bot.Connector.Activities.Any(a => a.RawTarget.Contains("a%3Acreated-personal-chat", StringComparison.Ordinal)));
        await bot.DeliverAllAsync();

        var slackHandover = Assert.Single(bot.Slack.Calls, c => c.Method == "chat.postMessage" && IncidentBot.Text(c.Body["channel"]) == $"D0{techBa}" && IncidentBot.AllText(c.Body).Contains("Handover from", StringComparison.Ordinal));
        var slackText = IncidentBot.Unescaped(slackHandover.Body);
        Assert.Contains("Handover from Jackson Long: INC-1 (Profit) needs the Tech BA, as a mapping error outside runbook scope.", slackText, StringComparison.Ordinal);
        Assert.Contains("Task load_sales failed: header row missing", slackText, StringComparison.Ordinal);
        Assert.Contains("INC-1 · Profit: failed", slackText, StringComparison.Ordinal);

        var teamsHandover = Assert.Single(bot.Connector.Activities, a => a.RawTarget.Contains("a%3Acreated-personal-chat", StringComparison.Ordinal) && IncidentBot.AllText(a.Body).Contains("Handover from", StringComparison.Ordinal));
        Assert.Contains("INC-1 · Profit: failed", IncidentBot.AllText(teamsHandover.Body!["attachments"]), StringComparison.Ordinal);

        Assert.Contains(bot.AlertPosts, p => IncidentBot.AllText(p.Body).Contains($"<@{techBa}> INC-1 (Profit) is with you now", StringComparison.Ordinal));
        var teamsMention = Assert.Single(bot.TeamsAlertPosts, p => IncidentBot.AllText(p.Body).Contains("is with you now", StringComparison.Ordinal)).Body!;
        Assert.Equal(IncidentBot.TeamsAccount("tech-ba"), IncidentBot.Text(Assert.Single(teamsMention["entities"]!.AsArray())!["mentioned"]!["id"]));

        // Both posted cards say whose it is now.
        const string With = "With Tech BA since";
        Assert.Contains(bot.Slack.Calls, c => c.Method == "chat.update" && IncidentBot.Text(c.Body["ts"]) == carded.SlackCopy.MessageId && IncidentBot.AllText(c.Body).Contains(With, StringComparison.Ordinal));
        Assert.Contains(bot.Connector.Activities, a => a.Method == "PUT" && a.RawTarget.EndsWith($"/activities/{carded.TeamsCopy.MessageId}", StringComparison.Ordinal) && IncidentBot.AllText(a.Body).Contains(With, StringComparison.Ordinal));
        var incident = await bot.IncidentAsync("INC-1");
        Assert.Equal("open", IncidentBot.Text(incident["state"]));
        Assert.Equal(("tech-ba", "mapping"), (IncidentBot.Text(incident["expert"]!["member"]), IncidentBot.Text(incident["expert"]!["area"])));
    }

    [Fact]
    public async Task In_Teams_a_stranger_is_refused_and_the_implementation_choice_hands_the_incident_to_the_ETL_Developer()
    {
        await using var bot = await IncidentBot.StartAsync();
        var carded = await bot.AlertCardedAsync(IncidentBot.Alert());

        var refused = await bot.ClickInTeamsAsync("stranger", carded.TeamsCard, carded.TeamsCopy.MessageId, Button);
        Assert.Contains("I don't know who you are", IncidentBot.AllText(refused), StringComparison.Ordinal);

        // The question comes as a reply with its card, which an invoke's answer cannot carry.
        await bot.ClickInTeamsAsync("miles", carded.TeamsCard, carded.TeamsCopy.MessageId, Button);
        var choices = await ChoiceCardAsync(bot);
        Assert.Contains(bot.Connector.Activities, a => IncidentBot.AllText(a.Body).Contains("Which expert should take INC-1 (Profit)?", StringComparison.Ordinal));
        var chosen = await bot.ClickInTeamsAsync("miles", choices, "activity-choices", "Implementation → ETL Developer");

        // The click's answer is the choice card answered, for the person who clicked.
        Assert.Contains("Implementation → ETL Developer, chosen by Miles Lopez.", IncidentBot.AllText(chosen), StringComparison.Ordinal);
        var etl = IncidentBot.SlackUsers["etl-developer"];
        await bot.PumpUntilAsync(() => bot.Slack.Calls.Any(c => c.Method == "chat.postMessage" && IncidentBot.Text(c.Body["channel"]) == $"D0{etl}"));
        await bot.DeliverAllAsync();

        Assert.Contains("Handover from Miles Lopez: INC-1 (Profit) needs the ETL Developer, as an implementation error outside runbook scope.",
            IncidentBot.Unescaped(Assert.Single(bot.Slack.Calls, c => c.Method == "chat.postMessage" && IncidentBot.Text(c.Body["channel"]) == $"D0{etl}").Body), StringComparison.Ordinal);
        Assert.Contains(bot.Slack.Calls, c => c.Method == "chat.update" && IncidentBot.Text(c.Body["ts"]) == carded.SlackCopy.MessageId && IncidentBot.AllText(c.Body).Contains("With ETL Developer since", StringComparison.Ordinal));
        Assert.Contains(bot.AlertPosts, p => IncidentBot.AllText(p.Body).Contains($"<@{etl}> INC-1 (Profit) is with you now", StringComparison.Ordinal));

        // The stranger's click is on nobody's record.
        var audit = (await bot.IncidentAsync("INC-1"))["timeline"]!.AsArray().OfType<JsonObject>().Where(e => IncidentBot.Text(e["action"]) == "handed-over").ToList();
        Assert.Equal("miles", IncidentBot.Text(Assert.Single(audit)["actor"]));
    }

    /// <summary>The choice card the bot posted in Teams after the click on the button.</summary>
    private static async Task<JsonObject> ChoiceCardAsync(IncidentBot bot)
    {
        JsonObject? card = null;
        await bot.PumpUntilAsync(() => (card = bot.Connector.Activities
            .SelectMany(a => a.Body?["attachments"] as JsonArray ?? [])
            .Select(a => a?["content"] as JsonObject)
            .LastOrDefault(c => c?["actions"] is JsonArray actions && actions.Any(b => IncidentBot.Text(b?["verb"]) == "incident.escalate"))) is not null);
        return card!;
    }
}
