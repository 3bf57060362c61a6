using System.Net;
using System.Text.Json.Nodes;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary>Two people acknowledge the same incident at the same moment, one in Teams and one in Slack.</summary>
public class RaceTests
{
    private static readonly Dictionary<string, string> Loser = new() { ["jasmine"] = "miles", ["miles"] = "jasmine" };

    [Fact]
    public async Task Of_two_simultaneous_acknowledgements_in_Teams_and_Slack_exactly_one_is_recorded_and_every_copy_shows_that_person()
    {
        await using var bot = await IncidentBot.StartAsync();
        var carded = await bot.AlertCardedAsync(IncidentBot.Alert());

        // Jasmine clicks in Teams as Miles clicks in Slack.
        var fromTeams = bot.ClickInTeamsAsync("jasmine", carded.TeamsCard, carded.TeamsCopy.MessageId, "Acknowledge");
        var fromSlack = bot.ClickInSlackAsync("miles", carded.SlackBlocks, carded.SlackCopy.MessageId, "Acknowledge");
        await Task.WhenAll(fromTeams, fromSlack);
        using var slackAnswer = await fromSlack;
        Assert.Equal(HttpStatusCode.OK, slackAnswer.StatusCode);

        // Slack's click is worked after its 200: it is done when its reply is posted; then every card notice is delivered.
        await bot.PumpUntilAsync(async () => SlackReplies(bot).Any() && await bot.UndeliveredNoticesAsync() == 0
            && bot.Connector.Activities.Any(a => a.Method == "PUT"));

        var incident = await bot.IncidentAsync("INC-1");
        var winner = IncidentBot.Text(incident["acknowledgedBy"])!;
        Assert.Contains(winner, Loser.Keys);
        var acknowledgements = incident["timeline"]!.AsArray().Where(e => IncidentBot.Text(e!["action"]) == "acknowledged").ToList();
        Assert.Equal(winner, IncidentBot.Text(Assert.Single(acknowledgements)!["actor"]));

        var shown = $"Acknowledged by {IncidentBot.NameOf(winner)}";
        var notShown = $"Acknowledged by {IncidentBot.NameOf(Loser[winner])}";
        var lastSlack = IncidentBot.AllText(bot.Slack.Calls.Last(c => c.Method == "chat.update" && IncidentBot.Text(c.Body["ts"]) == carded.SlackCopy.MessageId).Body);
        var lastTeams = IncidentBot.AllText(bot.Connector.Activities.Last(a => a.Method == "PUT" && a.RawTarget.EndsWith($"/activities/{carded.TeamsCopy.MessageId}", StringComparison.Ordinal)).Body);
        var teamsAnswer = IncidentBot.AllText((await fromTeams)["value"]);
        foreach (var copy in new[] { lastSlack, lastTeams, teamsAnswer })
        {
            Assert.Contains(shown, copy, StringComparison.Ordinal);
            Assert.DoesNotContain(notShown, copy, StringComparison.Ordinal);
        }

        // The one who lost the race is told who was first.
        var loserWasTold = Loser[winner] == "miles"
            ? SlackReplies(bot).Single()
            : await TeamsReplyAsync(bot);
        Assert.Contains($"was already acknowledged by {IncidentBot.NameOf(winner)}", loserWasTold, StringComparison.Ordinal);
    }

    private static IEnumerable<string> SlackReplies(IncidentBot bot) =>
        bot.Slack.Calls.Where(c => c.Method == "chat.postMessage" && c.Body["blocks"] is null && IncidentBot.Text(c.Body["text"])!.StartsWith("INC-1 ", StringComparison.Ordinal))
            .Select(c => IncidentBot.Text(c.Body["text"])!);

    /// <summary>The reply sent after an invoke's answer (the answer itself is the card).</summary>
    private static async Task<string> TeamsReplyAsync(IncidentBot bot)
    {
        static JsonNode? Reply(IncidentBot bot) => bot.Connector.Activities.LastOrDefault(a => a.Method == "POST" && IncidentBot.Text(a.Body?["text"])?.StartsWith("INC-1 ", StringComparison.Ordinal) == true)?.Body;
        await PipelineBot.Testing.Eventually.HoldsAsync(() => Reply(bot) is not null);
        return IncidentBot.Text(Reply(bot)!["text"])!;
    }
}
