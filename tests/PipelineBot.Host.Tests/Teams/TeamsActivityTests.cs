using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Tests.Teams;

/// <summary>The official sample activities (tests/fixtures/teams/activities) sent through real HTTP, and what the bot does with them.</summary>
public class TeamsActivityTests
{
    private const string Channel = "vercel-chat-replay-channel-teams.json";
    private const string DirectMessage = "vercel-chat-replay-dm-teams.json";
    private const string ChannelId = "19:d441d38c655c47a085215b2726e76927@thread.tacv2";

    [Fact]
    public async Task A_channel_mention_reaches_the_core_without_the_bots_mention_and_is_answered_in_its_thread()
    {
        await using var bot = await TeamsBot.StartAsync();
        bot.Connector.Member(TeamsBot.UserAccountId, "miles.lopez@example.com");

        var response = await bot.PostAsync(bot.Fixture(Channel, "mention"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(bot.Conversation.Turns);
        Assert.Equal("Hey", turn.Text);
        Assert.Equal("miles", turn.Speaker.Member?.Id);
        Assert.Equal("America/Los_Angeles", turn.Speaker.TimeZone.Id);
        Assert.Equal(new ChannelConversation("msteams", ChannelId, "channel", bot.Connector.ServiceUrl, TeamsBot.TenantId), turn.Place);

        // Miles asked, so the bot now knows his Teams account and mentions him for real.
        var reply = Assert.Single(bot.Connector.Activities);
        Assert.Equal(
            "/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890/v3/conversations/19%3Ad441d38c655c47a085215b2726e76927%40thread.tacv2%3Bmessageid%3D1771290107407/activities/1771290107407",
            reply.RawTarget);
        Assert.Equal("<at>Miles Lopez</at> is on call.", reply.Body!["text"]!.GetValue<string>());
        var mention = Assert.Single(reply.Body["entities"]!.AsArray())!;
        Assert.Equal("mention", mention["type"]!.GetValue<string>());
        Assert.Equal("<at>Miles Lopez</at>", mention["text"]!.GetValue<string>());
        Assert.Equal(TeamsBot.UserAccountId, mention["mentioned"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_direct_message_remembers_the_1_to_1_conversation_and_the_account_and_looks_the_person_up_once()
    {
        await using var bot = await TeamsBot.StartAsync();
        bot.Connector.Member(TeamsBot.UserAccountId, "Jasmine.Glancy@example.com");
        var message = bot.Fixture(DirectMessage, "dmMessage");

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(message)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(message)).StatusCode);

        Assert.Single(bot.Connector.Requests, r => r.Method == "GET");
        Assert.All(bot.Conversation.Turns, t => Assert.Equal("jasmine", t.Speaker.Member?.Id));
        var directory = bot.Server.Services.GetRequiredService<ChannelDirectory>();
        var personal = await directory.PersonalConversationAsync("msteams", "jasmine", CancellationToken.None);
        Assert.Equal(message["conversation"]!["id"]!.GetValue<string>(), personal?.ConversationId);
        Assert.Equal(bot.Connector.ServiceUrl, personal?.ServiceUrl);
        Assert.Equal(TeamsBot.TenantId, personal?.TenantId);
    }

    [Fact]
    public async Task A_stranger_costs_one_member_lookup_and_is_looked_up_again_after_an_hour()
    {
        await using var bot = await TeamsBot.StartAsync();
        var message = bot.Fixture(DirectMessage, "dmMessage");

        await bot.PostAsync(message);
        await bot.PostAsync(message);
        Assert.Single(bot.Connector.Requests, r => r.Method == "GET");
        Assert.All(bot.Conversation.Turns, t => Assert.Null(t.Speaker.Member));
        Assert.Equal(2, bot.Connector.Activities.Count);

        bot.Server.Time.Advance(TimeSpan.FromMinutes(61));
        bot.Connector.Member(TeamsBot.UserAccountId, "hudson.king@example.com");
        await bot.PostAsync(message);

        Assert.Equal(2, bot.Connector.Requests.Count(r => r.Method == "GET"));
        Assert.Equal("hudson", bot.Conversation.Turns.Last().Speaker.Member?.Id);
    }

    [Fact]
    public async Task Being_added_to_a_team_remembers_its_channel_with_its_name()
    {
        await using var bot = await TeamsBot.StartAsync();
        var added = JsonNode.Parse(File.ReadAllText(PipelineBot.Testing.RepositoryFiles.Fixture("teams/activities/vercel-chat-sample-conversationUpdate-botAdded.json")))!.AsObject();
        added["serviceUrl"] = bot.Connector.ServiceUrl;

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(added)).StatusCode);

        var directory = bot.Server.Services.GetRequiredService<ChannelDirectory>();
        var channel = await directory.FindConversationAsync("msteams", ChannelId, CancellationToken.None);
        Assert.Equal(new ChannelConversation("msteams", ChannelId, "channel", bot.Connector.ServiceUrl, TeamsBot.TenantId, Name: "Chat SDK"), channel);
        Assert.Empty(bot.Connector.Requests);
        Assert.Empty(bot.Conversation.Turns);
    }

    [Fact]
    public async Task An_installation_update_remembers_the_conversation_and_a_removal_forgets_nothing()
    {
        await using var bot = await TeamsBot.StartAsync();
        var installed = JsonNode.Parse(File.ReadAllText(PipelineBot.Testing.RepositoryFiles.Fixture("teams/activities/vercel-chat-sample-installationUpdate-add.json")))!.AsObject();
        installed["serviceUrl"] = bot.Connector.ServiceUrl;
        var removed = installed.DeepClone().AsObject();
        removed["action"] = "remove";

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(installed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(removed)).StatusCode);

        var directory = bot.Server.Services.GetRequiredService<ChannelDirectory>();
        Assert.Equal("channel", (await directory.FindConversationAsync("msteams", ChannelId, CancellationToken.None))?.Kind);
    }

    [Fact]
    public async Task A_card_submit_without_a_verb_is_accepted_and_ignored()
    {
        await using var bot = await TeamsBot.StartAsync();

        var response = await bot.PostAsync(bot.Fixture(Channel, "channel_post_action"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(bot.Conversation.Clicks);
        Assert.Empty(bot.Connector.Requests);
    }

    [Fact]
    public async Task A_card_submit_with_a_verb_is_a_click_whose_new_card_replaces_the_clicked_one()
    {
        await using var bot = await TeamsBot.StartAsync();
        bot.Conversation.OnClick = click => new ButtonResult([new Say("Acknowledged.")], new CardContent("incident", new JsonObject { ["state"] = "acknowledged" }));
        var submit = bot.Fixture(Channel, "channel_post_action");
        submit["value"] = new JsonObject { ["verb"] = "ack", ["incident"] = 12 };

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(submit)).StatusCode);

        var click = Assert.Single(bot.Conversation.Clicks);
        Assert.Equal("ack", click.Verb);
        Assert.Equal(12, click.Data["incident"]!.GetValue<int>());
        var update = Assert.Single(bot.Connector.Activities, a => a.Method == "PUT");
        Assert.EndsWith("/activities/1771290108656", update.RawTarget);
        Assert.Equal("application/vnd.microsoft.card.adaptive", update.Body!["attachments"]![0]!["contentType"]!.GetValue<string>());
        var reply = Assert.Single(bot.Connector.Activities, a => a.Method == "POST");
        Assert.Equal("Acknowledged.", reply.Body!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_adaptive_card_action_invoke_is_answered_with_the_updated_card_in_the_response()
    {
        await using var bot = await TeamsBot.StartAsync();
        bot.Conversation.OnClick = click => new ButtonResult([], new CardContent("incident", new JsonObject { ["state"] = "acknowledged" }));
        var invoke = Invoke(bot, "ack", new JsonObject { ["incident"] = 12 });

        var response = await bot.PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", body["value"]!["type"]!.GetValue<string>());
        Assert.Equal("Incident acknowledged", body["value"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("Action.Execute", body["value"]!.ToJsonString(), StringComparison.Ordinal);
        var click = Assert.Single(bot.Conversation.Clicks);
        Assert.Equal(("ack", 12), (click.Verb, click.Data["incident"]!.GetValue<int>()));
        Assert.Empty(bot.Connector.Activities);
    }

    [Fact]
    public async Task An_adaptive_card_action_without_a_new_card_is_answered_with_the_reply_as_a_message()
    {
        await using var bot = await TeamsBot.StartAsync();
        var invoke = Invoke(bot, "ack", new JsonObject());

        var body = JsonNode.Parse(await (await bot.PostAsync(invoke)).Content.ReadAsStringAsync())!;

        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        Assert.Equal("You clicked ack.", body["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Other_invokes_are_not_implemented()
    {
        await using var bot = await TeamsBot.StartAsync();
        var invoke = Invoke(bot, "ack", new JsonObject());
        invoke["name"] = "composeExtension/query";

        var response = await bot.PostAsync(invoke);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Empty(bot.Conversation.Clicks);
    }

    [Fact]
    public async Task Malformed_json_with_a_valid_token_is_400()
    {
        await using var bot = await TeamsBot.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{\"type\":", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", bot.Token());

        var response = await bot.Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>An <c>adaptiveCard/action</c> invoke shaped as the Universal Action Model documents it, in the fixture's channel.</summary>
    private static JsonObject Invoke(TeamsBot bot, string verb, JsonObject data)
    {
        var invoke = bot.Fixture(Channel, "mention");
        invoke.Remove("text");
        invoke.Remove("attachments");
        invoke.Remove("entities");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["id"] = "f:invoke-1";
        invoke["replyToId"] = "1771290108656";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["id"] = "ack-button", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        return invoke;
    }
}
