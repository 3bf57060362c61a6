using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>The Events API end to end: Slack's recorded payloads, signed, over real HTTP, answered through a fake Web API.</summary>
public class SlackEventTests
{
    private static JsonObject Mention() => SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "mention");

    private static JsonObject DirectMessage() => SlackRequests.Payload("vercel-chat-replay-dm-slack.json", "dmMessage");

    [Fact]
    public async Task A_signed_mention_reaches_the_core_without_the_bots_mention_and_is_answered_in_its_channel()
    {
        await using var h = await SlackHarness.StartAsync();

        using var response = await h.SendAsync(SlackRequests.Event(Mention(), SlackHarness.Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = (await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        var turn = Assert.Single(h.Core.Turns);
        Assert.Equal("Test", turn.Text);
        Assert.Equal("jasmine", turn.Speaker.Member?.Id);
        Assert.Equal("Europe/Berlin", turn.Speaker.TimeZone.Id);
        Assert.Equal("C00FAKECHAN1", turn.Place.ConversationId);
        Assert.Equal("C00FAKECHAN1", post.Body["channel"]!.GetValue<string>());
        Assert.Equal("You said: *Test*", post.Body["text"]!.GetValue<string>());
        Assert.Null(post.Body["thread_ts"]);
        Assert.Equal($"Bearer {FakeSlackApi.Token}", post.Authorization);
        Assert.Equal("application/json", SlackRequests.ContentTypeOf(post)!.MediaType);
        Assert.Equal("utf-8", SlackRequests.ContentTypeOf(post)!.CharSet);
    }

    [Fact]
    public async Task A_direct_message_is_a_personal_turn_and_its_channel_is_remembered_as_the_members_DM()
    {
        await using var h = await SlackHarness.StartAsync();

        using var response = await h.SendAsync(SlackRequests.Event(DirectMessage(), SlackHarness.Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = (await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        Assert.Equal("D0A5319PS02", post.Body["channel"]!.GetValue<string>());
        var turn = Assert.Single(h.Core.Turns);
        Assert.Equal("Hey!", turn.Text);
        Assert.Equal(ChannelConversation.Personal, turn.Place.Kind);
        var dm = await h.Bot.Services.GetRequiredService<ChannelDirectory>().PersonalConversationAsync("slack", "jasmine", CancellationToken.None);
        Assert.Equal("D0A5319PS02", dm?.ConversationId);
    }

    [Fact]
    public async Task A_retried_event_with_the_same_event_id_is_handled_once()
    {
        await using var h = await SlackHarness.StartAsync();
        var mention = Mention();
        mention["event_id"] = "Ev0RETRY0001";

        using var first = await h.SendAsync(SlackRequests.Event(mention, SlackHarness.Now));
        using var retry = await h.SendAsync(SlackRequests.Event(mention, SlackHarness.Now, retry: 1));
        await h.SentinelAsync("C00FAKECHAN1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single(h.Core.Turns, t => t.Text == "Test");
        Assert.Single(h.Slack.Calls, c => c.Method == "chat.postMessage" && c.Body["text"]!.GetValue<string>() == "You said: *Test*");
    }

    [Fact]
    public async Task A_mention_in_a_thread_is_answered_in_that_thread()
    {
        await using var h = await SlackHarness.StartAsync();
        var mention = Mention();
        mention["event"]!["thread_ts"] = "1767326100.000100";

        using var response = await h.SendAsync(SlackRequests.Event(mention, SlackHarness.Now));

        var post = (await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        Assert.Equal("1767326100.000100", post.Body["thread_ts"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("bot_id", "B0OTHERBOT")]
    [InlineData("subtype", "message_changed")]
    [InlineData("user", "U00FAKEBOT01")]
    [InlineData("channel_type", "channel")]
    public async Task Bot_messages_edits_our_own_messages_and_channel_chatter_are_ignored(string field, string value)
    {
        await using var h = await SlackHarness.StartAsync();
        var dm = DirectMessage();
        dm["event_id"] = "Ev0IGNORED01";
        dm["event"]![field] = value;

        using var response = await h.SendAsync(SlackRequests.Event(dm, SlackHarness.Now));
        await h.SentinelAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(h.Core.Turns, t => t.Text == "Hey!");
    }

    [Fact]
    public async Task Url_verification_is_answered_with_its_challenge()
    {
        await using var h = await SlackHarness.StartAsync();
        var challenge = JsonNode.Parse(File.ReadAllText(PipelineBot.Testing.RepositoryFiles.Fixture("slack/payloads/slack-cr-url_verification.json")))!;

        using var response = await h.SendAsync(SlackRequests.Event(challenge, SlackHarness.Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task User_text_that_would_notify_the_channel_arrives_escaped()
    {
        await using var h = await SlackHarness.StartAsync();
        var dm = DirectMessage();
        // What Slack sends when someone types the characters <!channel> literally: entity-escaped.
        dm["event"]!["text"] = "&lt;!channel&gt; &amp; <https://evil.example|click>";

        using var response = await h.SendAsync(SlackRequests.Event(dm, SlackHarness.Now));

        var post = (await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        Assert.Equal("<!channel> & click", Assert.Single(h.Core.Turns).Text);
        Assert.Equal("You said: *&lt;!channel&gt; &amp; click*", post.Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mentions_in_answers_become_Slack_mentions_when_the_member_is_on_Slack_and_names_otherwise()
    {
        await using var h = await SlackHarness.StartAsync();
        var catalog = h.Bot.Services.GetRequiredService<PipelineBot.Domain.Catalog.Catalog>();
        var miles = catalog.Member("miles");
        var hudson = catalog.Member("hudson");
        h.Core.Answer = _ => Task.FromResult<IReadOnlyList<Say>>(
            [new Say($"On call: {Say.MentionOf(miles)}, then {Say.MentionOf(hudson)}", Mentions: [miles, hudson])]);

        using var response = await h.SendAsync(SlackRequests.Event(DirectMessage(), SlackHarness.Now));

        var post = (await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        Assert.Equal($"On call: <@U00FAKEUSER2>, then {hudson.Name}", post.Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task People_mentioned_in_a_message_reach_the_core_by_name()
    {
        await using var h = await SlackHarness.StartAsync();
        var dm = DirectMessage();
        dm["event"]!["text"] = "trade my Christmas shift with <@U00FAKEUSER2>";

        using var response = await h.SendAsync(SlackRequests.Event(dm, SlackHarness.Now));

        await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.Equal("trade my Christmas shift with Miles Lopez", Assert.Single(h.Core.Turns).Text);
    }

    [Fact]
    public async Task A_stranger_costs_one_users_info_lookup_and_is_answered_without_a_member()
    {
        await using var h = await SlackHarness.StartAsync();
        h.Slack.AddUser("U0STRANGER", "someone@elsewhere.example", "Some One", "Asia/Tokyo");
        var first = DirectMessage();
        first["event"]!["user"] = "U0STRANGER";
        var second = first.DeepClone();
        second["event_id"] = "Ev0SECOND001";

        using var one = await h.SendAsync(SlackRequests.Event(first, SlackHarness.Now));
        await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        using var two = await h.SendAsync(SlackRequests.Event(second, SlackHarness.Now));
        await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage", 2);

        Assert.All(h.Core.Turns, t => Assert.Null(t.Speaker.Member));
        Assert.All(h.Core.Turns, t => Assert.Equal("Asia/Tokyo", t.Speaker.TimeZone.Id));
        Assert.Single(h.Slack.Calls, c => c.Method == "users.info" && c.Query.Contains("U0STRANGER", StringComparison.Ordinal));
    }
}
