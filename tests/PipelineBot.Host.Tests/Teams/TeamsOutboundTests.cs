using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;
using PipelineBot.Host.Channels;
using PipelineBot.Host.Tests.Channels;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Teams;

/// <summary>The bot's own token, retries, and notices nobody asked for (the <see cref="IChannel"/> side).</summary>
public class TeamsOutboundTests
{
    private const string DirectMessage = "vercel-chat-replay-dm-teams.json";
    private const string ChannelId = "19:d441d38c655c47a085215b2726e76927@thread.tacv2";

    [Fact]
    public async Task One_client_credentials_token_serves_many_replies_and_a_new_one_is_fetched_near_its_expiry()
    {
        await using var bot = await TeamsBot.StartAsync("PipelineBot:Teams:ConversationLimits=");
        var message = bot.Fixture(DirectMessage, "dmMessage");

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(message)).StatusCode);
        }

        var form = Assert.Single(bot.Connector.TokenRequests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(TeamsBot.AppId, form["client_id"]);
        Assert.Equal("test-secret", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);

        // The token lives 3600 s; it is renewed 5 minutes before that.
        bot.Server.Time.Advance(TimeSpan.FromMinutes(54));
        await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"), bot.Token());
        Assert.Single(bot.Connector.TokenRequests);
        bot.Server.Time.Advance(TimeSpan.FromMinutes(2));
        await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"), bot.Token());

        Assert.Equal(2, bot.Connector.TokenRequests.Count);
        Assert.Equal("Bearer bot-token-2", bot.Connector.Activities[^1].Authorization);
    }

    [Fact]
    public async Task A_429_from_the_Connector_is_retried_after_its_Retry_After_and_the_reply_is_delivered()
    {
        await using var bot = await TeamsBot.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"))).StatusCode);
        bot.Connector.FailNext(429, "2");
        var timersBefore = bot.Server.Time.ArmedTimers;

        var answer = bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"));

        // The retry waits on the bot's clock: once it (and the 4 s answer deadline) are armed, move the clock 2 s.
        await Eventually.HoldsAsync(() => bot.Connector.Activities.Count == 2 && bot.Server.Time.ArmedTimers >= timersBefore + 2);
        Assert.False(answer.IsCompleted);
        bot.Server.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.OK, (await answer).StatusCode);
        Assert.Equal(3, bot.Connector.Activities.Count);
        Assert.Equal(bot.Connector.Activities[1].RawTarget, bot.Connector.Activities[2].RawTarget);
        Assert.Equal(bot.Connector.Activities[1].Body!.ToJsonString(), bot.Connector.Activities[2].Body!.ToJsonString());
    }

    [Fact]
    public async Task A_team_notice_goes_to_the_alert_channel_and_its_keyed_card_is_recorded_and_updated_in_place()
    {
        await using var bot = await TeamsBot.StartAsync();
        var directory = bot.Server.Services.GetRequiredService<ChannelDirectory>();
        await directory.SetAlertConversationAsync(new ChannelConversation("msteams", ChannelId, "channel", bot.Connector.ServiceUrl, TeamsBot.TenantId), CancellationToken.None);
        var teams = DrivenChannel.Of(bot.Server.Services, "msteams");
        var card = new CardContent("trade-offer", new JsonObject { ["id"] = 42 }, "trade:42");

        var outcome = await teams.DeliverAsync(new Notice(1, Journal.Team, "A trade was offered.", card, null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        var post = Assert.Single(bot.Connector.Activities);
        Assert.Equal("/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890/v3/conversations/19%3Ad441d38c655c47a085215b2726e76927%40thread.tacv2/activities", post.RawTarget);
        Assert.Equal("A trade was offered.", post.Body!["text"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", post.Body["attachments"]![0]!["contentType"]!.GetValue<string>());
        var posted = Assert.Single(await directory.PostedCardsAsync("trade:42", CancellationToken.None));
        Assert.Equal(new PostedCard("trade:42", "msteams", ChannelId, "activity-1", bot.Connector.ServiceUrl), posted);

        await teams.UpdateCardAsync(posted, card with { Data = new JsonObject { ["id"] = 42, ["state"] = "accepted" } }, CancellationToken.None);

        var update = bot.Connector.Activities[^1];
        Assert.Equal("PUT", update.Method);
        Assert.EndsWith("/v3/conversations/19%3Ad441d38c655c47a085215b2726e76927%40thread.tacv2/activities/activity-1", update.RawTarget);
        Assert.Equal("activity-1", update.Body!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_notice_to_a_member_with_a_known_Teams_account_but_no_chat_opens_a_1_to_1_and_posts_there()
    {
        await using var bot = await TeamsBot.StartAsync();
        var directory = bot.Server.Services.GetRequiredService<ChannelDirectory>();
        await directory.SetAlertConversationAsync(new ChannelConversation("msteams", ChannelId, "channel", bot.Connector.ServiceUrl, TeamsBot.TenantId), CancellationToken.None);
        await directory.RememberAccountAsync(new ChannelAccount("msteams", TeamsBot.UserAccountId, "miles", "miles.lopez@example.com", "Miles Lopez", null), CancellationToken.None);
        var teams = DrivenChannel.Of(bot.Server.Services, "msteams");

        var outcome = await teams.DeliverAsync(new Notice(2, "miles", "Jackson accepted your trade.", null, null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        var create = Assert.Single(bot.Connector.Requests, r => r.RawTarget.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.Equal(TeamsBot.BotAccountId, create.Body!["bot"]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsBot.UserAccountId, create.Body["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsBot.TenantId, create.Body["tenantId"]!.GetValue<string>());
        Assert.False(create.Body["isGroup"]!.GetValue<bool>());
        var post = Assert.Single(bot.Connector.Activities);
        Assert.Contains("/v3/conversations/a%3Acreated-personal-chat/activities", post.RawTarget, StringComparison.Ordinal);
        Assert.Equal("a:created-personal-chat", (await directory.PersonalConversationAsync("msteams", "miles", CancellationToken.None))?.ConversationId);
    }

    [Fact]
    public async Task A_notice_to_a_member_the_bot_cannot_reach_in_Teams_is_unreachable()
    {
        await using var bot = await TeamsBot.StartAsync();
        var teams = DrivenChannel.Of(bot.Server.Services, "msteams");

        Assert.Equal(DeliveryOutcome.Unreachable, await teams.DeliverAsync(new Notice(3, "miles", "Hello.", null, null), CancellationToken.None));
        Assert.Equal(DeliveryOutcome.Unreachable, await teams.DeliverAsync(new Notice(4, Journal.Team, "Hello team.", null, null), CancellationToken.None));
        Assert.Empty(bot.Connector.Requests);
    }

    [Fact]
    public async Task A_notice_to_a_member_without_a_chat_goes_to_the_Teams_conversation_it_came_from_mentioning_them()
    {
        await using var bot = await TeamsBot.StartAsync();
        var directory = bot.Server.Services.GetRequiredService<ChannelDirectory>();
        var origin = new ChannelConversation("msteams", ChannelId, "channel", bot.Connector.ServiceUrl, TeamsBot.TenantId);
        await directory.RememberConversationAsync(origin, CancellationToken.None);
        var teams = DrivenChannel.Of(bot.Server.Services, "msteams");

        var outcome = await teams.DeliverAsync(new Notice(5, "jackson", "Miles offers you a trade.", null, origin.Origin), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        Assert.Equal("**Jackson Long** Miles offers you a trade.", Assert.Single(bot.Connector.Activities).Body!["text"]!.GetValue<string>());
    }
}
