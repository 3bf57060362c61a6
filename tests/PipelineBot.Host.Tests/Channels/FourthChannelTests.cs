using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Host.Tests.Incidents;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Tests.Channels;

/// <summary>A channel added on the contract alone (<see cref="FourthChannel"/>) gets the whole bot: answers, alert cards, clicks and redraws.</summary>
public class FourthChannelTests
{
    private const string Room = "ops-room";

    [Fact]
    public async Task A_fourth_channel_answers_a_message_cards_an_alert_after_post_alerts_here_and_takes_its_Acknowledge_click()
    {
        await using var bot = await BotServer.StartAsync(
            IncidentBot.Now, null, FourthChannel.Register, $"PipelineBot:Alerts:WebhookSecret={IncidentBot.Secret}", "PipelineBot:WebChat:Enabled=false");
        var fourth = bot.Services.GetRequiredService<FourthChannel>();

        using var said = await bot.Client.PostAsJsonAsync($"/fourth/{Room}", new FourthRequest("jackson.long@example.com", "post alerts here", null));
        Assert.Equal(HttpStatusCode.OK, said.StatusCode);
        Assert.Contains("I'll post incident alerts and team notices here", Assert.Single(fourth.Messages).Text, StringComparison.Ordinal);

        var body = System.Text.Encoding.UTF8.GetBytes(IncidentBot.Alert().ToJsonString());
        using var alert = new HttpRequestMessage(HttpMethod.Post, "/api/alerts") { Content = new ByteArrayContent(body) };
        alert.Content.Headers.ContentType = new("application/json");
        alert.Headers.Add("X-PipelineBot-Signature", IncidentBot.Sign(body));
        using var intake = await bot.Client.SendAsync(alert);
        Assert.Equal(HttpStatusCode.Created, intake.StatusCode);
        // The card is posted first and its copy recorded after, by the dispatcher in the background: wait for both.
        var directory = bot.Services.GetRequiredService<ChannelDirectory>();
        await bot.PumpUntilAsync(async () => (await directory.PostedCardsAsync("incident:1", CancellationToken.None)).Count > 0);

        var carded = Assert.Single(fourth.Messages, m => m.Card is not null);
        Assert.Equal(Room, carded.Conversation);
        Assert.Contains("INC-1 · Profit: failed", IncidentBot.AllText(carded.Card), StringComparison.Ordinal);
        var copy = Assert.Single(await directory.PostedCardsAsync("incident:1", CancellationToken.None));
        Assert.Equal(new PostedCard("incident:1", FourthChannel.ChannelName, Room, carded.Id, null), copy);

        var acknowledge = carded.Card!["actions"]!.AsArray().OfType<JsonObject>().Single(a => IncidentBot.Text(a["title"]) == "Acknowledge");
        var click = new FourthClick(carded.Id, IncidentBot.Text(acknowledge["verb"])!, acknowledge["data"]!.DeepClone().AsObject());
        using var clicked = await bot.Client.PostAsJsonAsync($"/fourth/{Room}", new FourthRequest("jasmine.glancy@example.com", null, click));
        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);

        // The clicked card is replaced in place, and the click's own answer follows it.
        var card = fourth.Messages.Single(m => m.Id == carded.Id).Card;
        Assert.Contains("Acknowledged by Jasmine Glancy", IncidentBot.AllText(card), StringComparison.Ordinal);
        Assert.DoesNotContain(card!["actions"]!.AsArray(), a => IncidentBot.Text(a!["title"]) == "Acknowledge");
        Assert.Contains(fourth.Messages, m => m.Text.StartsWith("INC-1 acknowledged by Jasmine Glancy", StringComparison.Ordinal));

        // The stored redraw reaches the recorded copy too, without posting it again.
        await bot.DeliverAllAsync();
        Assert.Single(fourth.Messages, m => m.Card is not null);
        Assert.Contains("Acknowledged by Jasmine Glancy", IncidentBot.AllText(fourth.Messages.Single(m => m.Id == carded.Id).Card), StringComparison.Ordinal);
    }
}
