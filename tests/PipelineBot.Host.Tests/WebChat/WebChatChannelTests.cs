using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Host.Channels;
using PipelineBot.Host.Tests.Channels;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Tests.WebChat;

/// <summary>Cards, clicks and notices in the web chat, through real HTTP and the channel the notice dispatcher uses.</summary>
public sealed class WebChatChannelTests
{
    [Fact]
    public async Task A_click_replaces_the_clicked_card_in_place_and_the_reply_follows()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");
        await bot.PostActivityAsync(conversation, new { type = "message", text = "offer" });
        var first = await bot.ActivitiesAsync(conversation);
        var card = first["activities"]!.AsArray()[1]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", card["attachments"]![0]!["contentType"]!.GetValue<string>());
        var submit = card["attachments"]![0]!["content"]!["actions"]![0]!;
        Assert.Equal("Action.Submit", submit["type"]!.GetValue<string>());

        // What Web Chat posts for an Action.Submit click: a message whose value is the button's data.
        await bot.PostActivityAsync(conversation, new { type = "message", value = submit["data"]!.DeepClone(), channelData = new { postBack = true } });

        var click = Assert.Single(bot.Core.Clicks);
        Assert.Equal("trade.accept", click.Verb);
        Assert.False(click.Data.ContainsKey("webchat:activityId"));
        var after = (await bot.ActivitiesAsync(conversation, first["watermark"]!.GetValue<string>()))["activities"]!.AsArray();
        var replaced = after.Single(a => a!["id"]!.GetValue<string>() == card["id"]!.GetValue<string>())!;
        Assert.Equal(card["timestamp"]!.GetValue<string>(), replaced["timestamp"]!.GetValue<string>());
        Assert.Equal("Trade offer (accepted)", replaced["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains(after, a => a!["text"]?.GetValue<string>() == "Accepted.");
        var whole = (await bot.ActivitiesAsync(conversation))["activities"]!.AsArray();
        Assert.Single(whole, a => a!["id"]!.GetValue<string>() == card["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_keyed_card_is_recorded_and_an_update_from_the_dispatcher_replaces_it()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");
        await bot.PostActivityAsync(conversation, new { type = "message", text = "offer" });
        var directory = bot.Services.GetRequiredService<ChannelDirectory>();
        var posted = Assert.Single(await directory.PostedCardsAsync(ScriptedConversation.CardKey, CancellationToken.None));
        Assert.Equal(("webchat", conversation["conversationId"]!.GetValue<string>()), (posted.Channel, posted.ConversationId));
        var watermark = (await bot.ActivitiesAsync(conversation))["watermark"]!.GetValue<string>();

        await Channel(bot).UpdateCardAsync(posted, ScriptedConversation.Offer("expired"), CancellationToken.None);

        var update = Assert.Single((await bot.ActivitiesAsync(conversation, watermark))["activities"]!.AsArray())!;
        Assert.Equal(posted.MessageId, update["id"]!.GetValue<string>());
        Assert.Equal("Trade offer (expired)", update["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Here is an offer.", update["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_notice_reaches_every_conversation_read_as_its_member_with_names_for_mentions()
    {
        await using var bot = await WebChatBot.StartAsync();
        var one = await bot.StartConversationAsync("miles");
        var two = await bot.StartConversationAsync("miles");
        var other = await bot.StartConversationAsync("jasmine");
        foreach (var conversation in new[] { one, two, other })
        {
            await bot.ActivitiesAsync(conversation);
        }

        var outcome = await Channel(bot).DeliverAsync(new Notice(1, "miles", "@{jasmine} offers you a trade.", ScriptedConversation.Offer("open"), null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        foreach (var conversation in new[] { one, two })
        {
            var notice = Assert.Single((await bot.ActivitiesAsync(conversation))["activities"]!.AsArray())!;
            Assert.Equal("**Jasmine Glancy** offers you a trade.", notice["text"]!.GetValue<string>());
            Assert.NotNull(notice["attachments"]);
        }

        Assert.Empty((await bot.ActivitiesAsync(other))["activities"]!.AsArray());
        Assert.Equal(2, (await bot.Services.GetRequiredService<ChannelDirectory>().PostedCardsAsync(ScriptedConversation.CardKey, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_notice_for_a_member_nobody_is_reading_as_waits_for_their_next_conversation_with_its_card_current()
    {
        await using var bot = await WebChatBot.StartAsync();
        var stale = await bot.StartConversationAsync("miles");
        await bot.ActivitiesAsync(stale);
        bot.Time.Advance(TimeSpan.FromMinutes(2));

        var outcome = await Channel(bot).DeliverAsync(new Notice(1, "miles", "You have an offer.", ScriptedConversation.Offer("open"), null), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Delivered, outcome);

        var next = await bot.StartConversationAsync("miles");
        var notice = Assert.Single((await bot.ActivitiesAsync(next))["activities"]!.AsArray())!;
        Assert.Equal("You have an offer.", notice["text"]!.GetValue<string>());
        Assert.Equal("Trade offer (current)", notice["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Empty((await bot.ActivitiesAsync(next, (await bot.ActivitiesAsync(next))["watermark"]!.GetValue<string>()))["activities"]!.AsArray());
    }

    [Fact]
    public async Task A_conversation_whose_stream_closed_gets_no_notice_and_the_members_next_conversation_gets_it_once()
    {
        await using var bot = await WebChatBot.StartAsync();
        var left = await bot.StartConversationAsync("miles");
        await CloseAsync(await WebChatBot.StreamAsync(left));

        var outcome = await Channel(bot).DeliverAsync(new Notice(1, "miles", "You have an offer.", ScriptedConversation.Offer("open"), null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        var next = await bot.StartConversationAsync("miles");
        using var stream = await WebChatBot.StreamAsync(next);
        var notice = Assert.Single((await WebChatBot.ReceiveAsync(stream))["activities"]!.AsArray())!;
        Assert.Equal("You have an offer.", notice["text"]!.GetValue<string>());
        Assert.Equal("Trade offer (current)", notice["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Single((await bot.ActivitiesAsync(next))["activities"]!.AsArray());
        Assert.Empty((await bot.ActivitiesAsync(left))["activities"]!.AsArray());
        Assert.Empty((await bot.ActivitiesAsync(await bot.StartConversationAsync("miles")))["activities"]!.AsArray());
    }

    [Fact]
    public async Task An_ended_conversation_gets_no_notice_takes_no_more_posts_and_the_notice_waits_for_the_members_next()
    {
        await using var bot = await WebChatBot.StartAsync();
        var ended = await bot.StartConversationAsync("miles");
        await bot.ActivitiesAsync(ended);
        var end = await bot.PostActivityAsync(ended, new { type = "endOfConversation", from = new { id = "miles" } });

        var outcome = await Channel(bot).DeliverAsync(new Notice(1, "miles", "You have an offer.", ScriptedConversation.Offer("open"), null), CancellationToken.None);
        var after = await bot.SendAsync(
            HttpMethod.Post, $"/v3/directline/conversations/{ended["conversationId"]}/activities", WebChatBot.Token(ended),
            JsonContent.Create(new { type = "message", text = "still here?" }));

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Empty(DirectLineSpec.Errors(await after.Content.ReadAsStringAsync(), "ErrorResponse"));
        Assert.Empty(bot.Core.Turns);
        var echo = Assert.Single((await bot.ActivitiesAsync(ended))["activities"]!.AsArray())!;
        Assert.Equal((end, "endOfConversation"), (echo["id"]!.GetValue<string>(), echo["type"]!.GetValue<string>()));
        var notice = Assert.Single((await bot.ActivitiesAsync(await bot.StartConversationAsync("miles")))["activities"]!.AsArray())!;
        Assert.Equal("You have an offer.", notice["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Switching_identities_back_and_forth_shows_each_notice_once_in_its_members_resumed_conversation()
    {
        await using var bot = await WebChatBot.StartAsync();
        var miles = await bot.StartConversationAsync("miles");
        var hudson = await bot.StartConversationAsync("hudson");

        // The page as Miles, then as Hudson, who offers Miles a trade.
        await CloseAsync(await WebChatBot.StreamAsync(miles));
        var hudsonStream = await WebChatBot.StreamAsync(hudson);
        Assert.Equal(DeliveryOutcome.Delivered, await Channel(bot).DeliverAsync(new Notice(1, "miles", "@{hudson} offers you a trade.", ScriptedConversation.Offer("open"), null), CancellationToken.None));

        // Back to Miles: the page resumes his conversation from its start, and he accepts.
        await CloseAsync(hudsonStream);
        using var milesStream = await WebChatBot.StreamAsync(await bot.ReconnectAsync(miles, "0"));
        var offer = Assert.Single((await WebChatBot.ReceiveAsync(milesStream))["activities"]!.AsArray())!;
        Assert.Equal("**Hudson King** offers you a trade.", offer["text"]!.GetValue<string>());
        Assert.Equal("Trade offer (current)", offer["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(DeliveryOutcome.Delivered, await Channel(bot).DeliverAsync(new Notice(2, "hudson", "@{miles} accepted your trade.", null, null), CancellationToken.None));

        // Back to Hudson.
        await CloseAsync(milesStream);
        using var resumed = await WebChatBot.StreamAsync(await bot.ReconnectAsync(hudson, "0"));
        var accepted = Assert.Single((await WebChatBot.ReceiveAsync(resumed))["activities"]!.AsArray())!;
        Assert.Equal("**Miles Lopez** accepted your trade.", accepted["text"]!.GetValue<string>());
        Assert.Single((await bot.ActivitiesAsync(miles))["activities"]!.AsArray());
        Assert.Single((await bot.ActivitiesAsync(hudson))["activities"]!.AsArray());
    }

    [Fact]
    public async Task A_team_notice_goes_to_every_conversation_being_read_and_is_unreachable_with_none()
    {
        await using var bot = await WebChatBot.StartAsync();
        Assert.Equal(DeliveryOutcome.Unreachable, await Channel(bot).DeliverAsync(new Notice(1, "team", "Nobody hears this.", null, null), CancellationToken.None));
        var miles = await bot.StartConversationAsync("miles");
        var jasmine = await bot.StartConversationAsync("jasmine");
        await bot.ActivitiesAsync(miles);
        await bot.ActivitiesAsync(jasmine);

        var outcome = await Channel(bot).DeliverAsync(new Notice(2, "team", "The holiday plan for 2029 is out.", null, null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        Assert.Equal("The holiday plan for 2029 is out.", (await bot.ActivitiesAsync(miles))["activities"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("The holiday plan for 2029 is out.", (await bot.ActivitiesAsync(jasmine))["activities"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_page_and_the_member_list_are_served()
    {
        await using var bot = await WebChatBot.StartAsync();

        var page = await bot.Client.GetStringAsync("/");
        var members = await bot.Client.GetFromJsonAsync<JsonArray>("/webchat/members");
        var bundle = await bot.Client.GetAsync("/webchat/webchat.js");

        Assert.Contains("webchat/webchat.js", page, StringComparison.Ordinal);
        Assert.Contains(members!, m => m!["id"]!.GetValue<string>() == "miles" && m["name"]!.GetValue<string>() == "Miles Lopez");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Contains("createDirectLine", await bundle.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PipelineBot:Teams:AppId=00000000-0000-0000-0000-000000000001;PipelineBot:Teams:TenantId=botframework.com;PipelineBot:Teams:AppPassword=secret", HttpStatusCode.NotFound)]
    [InlineData("PipelineBot:Slack:SigningSecret=secret", HttpStatusCode.NotFound)]
    [InlineData("PipelineBot:WebChat:Enabled=false", HttpStatusCode.NotFound)]
    [InlineData("PipelineBot:WebChat:Enabled=auto", HttpStatusCode.OK)]
    public async Task The_web_chat_is_on_only_when_no_real_channel_is_configured_unless_told(string settings, HttpStatusCode expected)
    {
        await using var bot = await WebChatBot.StartAsync(settings.Split(';'));

        var token = await bot.Client.PostAsJsonAsync("/v3/directline/tokens/generate", new { user = new { id = "miles" } });

        Assert.Equal(expected, token.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, bot.Services.GetServices<IChannel>().Any(c => c.Name == "webchat"));
    }

    [Fact]
    public async Task Enabled_true_turns_it_on_beside_a_real_channel()
    {
        await using var bot = await WebChatBot.StartAsync("PipelineBot:Slack:SigningSecret=secret", "PipelineBot:WebChat:Enabled=true");

        var page = await bot.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("PipelineBot:WebChat:Enabled=sometimes", "PipelineBot:WebChat:Enabled")]
    [InlineData("PipelineBot:WebChat:Enabeld=true", "PipelineBot:WebChat:Enabeld")]
    public async Task A_bad_web_chat_setting_stops_the_start_naming_the_key(string setting, string key)
    {
        var e = await Assert.ThrowsAsync<Infrastructure.Configuration.CatalogException>(() => WebChatBot.StartAsync(setting));

        Assert.Contains(key, Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    private static DrivenChannel Channel(WebChatBot bot) => DrivenChannel.Of(bot.Services, "webchat");

    /// <summary>Closes a stream as Web Chat does when the page switches away; the bot answers the close once it stopped counting the stream.</summary>
    private static async Task CloseAsync(ClientWebSocket stream)
    {
        using (stream)
        {
            await stream.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }
}
