using System.Net;
using PipelineBot.Host.Tests.Incidents;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>"Post alerts here" in Slack is honoured: the stored choice is the alert channel, the configured one only its default.</summary>
public class SlackAlertChannelTests
{
    private const string Chosen = "C0CHOSEN01";

    [Fact]
    public async Task Post_alerts_here_in_a_Slack_channel_with_none_configured_gets_the_incident_card_there_and_Acknowledge_updates_it()
    {
        await using var bot = await IncidentBot.StartAsync("PipelineBot:Slack:AlertChannel=");
        await bot.PostAlertsHereInSlackAsync(IncidentBot.OnCall, Chosen);

        using var alert = await bot.PostAlertAsync(IncidentBot.Alert());
        Assert.Equal(HttpStatusCode.Created, alert.StatusCode);
        await bot.PumpUntilAsync(() => CardPosts(bot).Any());

        var post = Assert.Single(CardPosts(bot));
        var blocks = post.Body["blocks"]!.AsArray();
        Assert.Contains("INC-1 · Profit: failed", IncidentBot.AllText(blocks), StringComparison.Ordinal);
        var copy = await bot.PostedCardAsync("slack", 1);
        Assert.Equal(Chosen, copy.ConversationId);

        using var click = await bot.ClickInSlackAsync("jasmine", blocks, copy.MessageId, "Acknowledge", Chosen);
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);

        await bot.PumpUntilAsync(() => bot.Slack.Calls.Any(c => c.Method == "chat.update" && IncidentBot.Text(c.Body["channel"]) == Chosen
            && IncidentBot.Text(c.Body["ts"]) == copy.MessageId && IncidentBot.AllText(c.Body).Contains("Acknowledged by Jasmine Glancy", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_channel_chosen_with_post_alerts_here_replaces_the_configured_one()
    {
        await using var bot = await IncidentBot.StartAsync();
        await bot.PostAlertsHereInSlackAsync(IncidentBot.OnCall, Chosen);

        using var alert = await bot.PostAlertAsync(IncidentBot.Alert());
        await bot.PumpUntilAsync(async () => CardPosts(bot).Any() && await bot.UndeliveredNoticesAsync() == 0);

        Assert.Single(CardPosts(bot));
        Assert.Empty(bot.AlertPosts);
    }

    /// <summary>The posts into the chosen channel that carry the incident's card.</summary>
    private static IEnumerable<SlackCall> CardPosts(IncidentBot bot) =>
        bot.Slack.Calls.Where(c => c.Method == "chat.postMessage" && IncidentBot.Text(c.Body["channel"]) == Chosen && c.Body["blocks"] is not null);
}
