using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;
using PipelineBot.Host.Channels;
using PipelineBot.Host.Channels.Slack;
using PipelineBot.Host.Tests.Channels;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>Notices out through Slack: DMs found by email, the alert channel, card copies recorded and updated, and Slack's errors.</summary>
public class SlackChannelTests
{
    private static DrivenChannel Slack(SlackHarness h) => DrivenChannel.Of(h.Bot.Services, "slack");

    private static CardContent Card() => ScriptedConversation.SampleCard("trade-offer", "trade:42");

    [Fact]
    public async Task A_notice_to_a_member_without_a_DM_finds_them_by_email_opens_one_and_posts_there()
    {
        await using var h = await SlackHarness.StartAsync();

        var outcome = await Slack(h).DeliverAsync(new Notice(1, "miles", "Jackson offers you a trade.", Card(), null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        Assert.Contains("miles.lopez%40example.com", Assert.Single(h.Slack.Calls, c => c.Method == "users.lookupByEmail").Query, StringComparison.Ordinal);
        Assert.Equal("U00FAKEUSER2", Assert.Single(h.Slack.Calls, c => c.Method == "conversations.open").Body["users"]!.GetValue<string>());
        var post = Assert.Single(h.Slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal("D0U00FAKEUSER2", post.Body["channel"]!.GetValue<string>());
        Assert.NotEmpty(post.Body["blocks"]!.AsArray());
        var directory = h.Bot.Services.GetRequiredService<ChannelDirectory>();
        var copy = Assert.Single(await directory.PostedCardsAsync("trade:42", CancellationToken.None));
        Assert.Equal("D0U00FAKEUSER2", copy.ConversationId);
        Assert.Equal("slack", copy.Channel);
        Assert.Equal("D0U00FAKEUSER2", (await directory.PersonalConversationAsync("slack", "miles", CancellationToken.None))?.ConversationId);

        await Slack(h).DeliverAsync(new Notice(2, "miles", "Second notice.", null, null), CancellationToken.None);
        Assert.Single(h.Slack.Calls, c => c.Method == "conversations.open");
    }

    [Fact]
    public async Task A_member_Slack_does_not_know_by_email_is_unreachable_here()
    {
        await using var h = await SlackHarness.StartAsync();

        var outcome = await Slack(h).DeliverAsync(new Notice(1, "hudson", "Hello", null, null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Unreachable, outcome);
        Assert.DoesNotContain(h.Slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task Team_notices_go_to_the_alert_channel_and_are_unreachable_without_one()
    {
        await using var with = await SlackHarness.StartAsync("PipelineBot:Slack:AlertChannel=C0ALERTS01");
        await using var without = await SlackHarness.StartAsync();

        var delivered = await Slack(with).DeliverAsync(new Notice(1, "team", "Holiday plan for 2028 published.", null, null), CancellationToken.None);
        var unreachable = await Slack(without).DeliverAsync(new Notice(1, "team", "Holiday plan for 2028 published.", null, null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, delivered);
        Assert.Equal("C0ALERTS01", Assert.Single(with.Slack.Calls, c => c.Method == "chat.postMessage").Body["channel"]!.GetValue<string>());
        Assert.Equal(DeliveryOutcome.Unreachable, unreachable);
    }

    [Fact]
    public async Task A_card_update_replaces_the_posted_copy_with_chat_update()
    {
        await using var h = await SlackHarness.StartAsync();

        await Slack(h).UpdateCardAsync(new PostedCard("trade:42", "slack", "C0ALERTS01", "1652892820.000007", null), Card(), CancellationToken.None);

        var update = Assert.Single(h.Slack.Calls, c => c.Method == "chat.update");
        Assert.Equal("C0ALERTS01", update.Body["channel"]!.GetValue<string>());
        Assert.Equal("1652892820.000007", update.Body["ts"]!.GetValue<string>());
        Assert.NotEmpty(update.Body["blocks"]!.AsArray());
        Assert.False(string.IsNullOrEmpty(update.Body["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_ok_false_answer_is_surfaced_with_Slacks_error_name()
    {
        await using var h = await SlackHarness.StartAsync("PipelineBot:Slack:AlertChannel=C0GONE0001");
        h.Slack.FailNext("chat.postMessage", http => http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "channel_not_found" }));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Slack(h).DeliverAsync(new Notice(1, "team", "Hello", null, null), CancellationToken.None));

        Assert.Equal("channel_not_found", error.Error);
        Assert.Equal("chat.postMessage", error.Method);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_on_the_clock_and_the_post_then_delivered()
    {
        await using var h = await SlackHarness.StartAsync("PipelineBot:Slack:AlertChannel=C0ALERTS01");
        h.Slack.FailNext("chat.postMessage", http =>
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        });
        var armed = h.Bot.Time.ArmedTimers;

        var delivering = Slack(h).DeliverAsync(new Notice(1, "team", "Hello", null, null), CancellationToken.None);
        await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        await Eventually.HoldsAsync(() => h.Bot.Time.ArmedTimers > armed);
        Assert.False(delivering.IsCompleted);
        await h.AdvanceUntilDoneAsync(delivering);

        Assert.Equal(DeliveryOutcome.Delivered, await delivering);
        Assert.Equal(2, h.Slack.Calls.Count(c => c.Method == "chat.postMessage"));
    }

    [Fact]
    public async Task Posts_into_one_channel_are_paced_to_one_a_second_by_default()
    {
        await using var h = await SlackHarness.StartAsync("PipelineBot:Slack:AlertChannel=C0ALERTS01", "PipelineBot:Slack:ChannelLimits=1/1s");
        await Slack(h).DeliverAsync(new Notice(1, "team", "first", null, null), CancellationToken.None);
        var armed = h.Bot.Time.ArmedTimers;

        var second = Slack(h).DeliverAsync(new Notice(2, "team", "second", null, null), CancellationToken.None);
        await Eventually.HoldsAsync(() => h.Bot.Time.ArmedTimers > armed);

        Assert.Single(h.Slack.Calls, c => c.Method == "chat.postMessage");
        await h.AdvanceUntilDoneAsync(second);
        Assert.Equal(DeliveryOutcome.Delivered, await second);
        Assert.Equal(2, h.Slack.Calls.Count(c => c.Method == "chat.postMessage"));
    }

    [Fact]
    public async Task Without_a_bot_token_notices_are_unreachable_and_nothing_is_sent()
    {
        await using var h = await SlackHarness.StartAsync("PipelineBot:Slack:BotToken=", "PipelineBot:Slack:AlertChannel=C0ALERTS01");

        var outcome = await Slack(h).DeliverAsync(new Notice(1, "team", "Hello", null, null), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Unreachable, outcome);
        Assert.Empty(h.Slack.Calls);
    }

    [Fact]
    public async Task The_configured_bot_token_is_what_is_sent_and_Slacks_not_authed_surfaces()
    {
        await using var h = await SlackHarness.StartAsync("PipelineBot:Slack:BotToken=xoxb-wrong", "PipelineBot:Slack:AlertChannel=C0ALERTS01");

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Slack(h).DeliverAsync(new Notice(1, "team", "Hello", null, null), CancellationToken.None));

        Assert.Equal("not_authed", error.Error);
        Assert.Equal("Bearer xoxb-wrong", Assert.Single(h.Slack.Calls).Authorization);
    }
}
