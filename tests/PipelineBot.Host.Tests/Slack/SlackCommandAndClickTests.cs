using System.Net;
using System.Text.Json.Nodes;
using PipelineBot.Conversation;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>The slash command (form-encoded) and Block Kit clicks (<c>payload=</c>), from Slack's recorded payloads.</summary>
public class SlackCommandAndClickTests
{
    private static Dictionary<string, string> Command(string name, FakeSlackApi slack) =>
        SlackRequests.Payload("vercel-chat-replay-slash-commands-slack.json", name)
            .ToDictionary(p => p.Key, p => p.Key == "response_url" ? slack.ResponseUrl.ToString() : p.Value!.GetValue<string>());

    /// <summary>The recorded click, on one of our buttons (<c>verb#n</c>, data as JSON) instead of the recording's own.</summary>
    private static JsonObject Click(FakeSlackApi slack, bool ephemeral = false)
    {
        var click = SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "action");
        click["actions"]![0]!["action_id"] = "ack#1";
        click["actions"]![0]!["value"] = """{"incident":12}""";
        click["response_url"] = slack.ResponseUrl.ToString();
        click["container"]!["is_ephemeral"] = ephemeral;
        return click;
    }

    [Fact]
    public async Task A_slash_command_is_answered_ephemerally_in_the_HTTP_response()
    {
        await using var h = await SlackHarness.StartAsync();

        using var response = await h.SendAsync(SlackRequests.Command(Command("slashCommandWithArgs", h.Slack), SlackHarness.Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
        Assert.Equal("You said: *some arguments here*", answer["text"]!.GetValue<string>());
        var turn = Assert.Single(h.Core.Turns);
        Assert.Equal("some arguments here", turn.Text);
        Assert.Equal("miles", turn.Speaker.Member?.Id);
    }

    [Fact]
    public async Task A_slow_answer_to_a_slash_command_is_acknowledged_empty_and_follows_through_the_response_url()
    {
        await using var h = await SlackHarness.StartAsync();
        var release = new TaskCompletionSource();
        h.Core.Answer = async turn =>
        {
            await release.Task;
            return [new Say("Slow but sure")];
        };
        var armed = h.Bot.Time.ArmedTimers;

        var pending = h.SendAsync(SlackRequests.Command(Command("slashCommandWithArgs", h.Slack), SlackHarness.Now));
        await Eventually.HoldsAsync(() => h.Bot.Time.ArmedTimers > armed);
        Assert.False(pending.IsCompleted);
        await h.AdvanceUntilDoneAsync(pending);
        using var response = await pending;
        release.SetResult();
        var followUp = (await h.Slack.WaitForAsync(c => c.Method == "response_url")).Single();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal("Slow but sure", followUp.Body["text"]!.GetValue<string>());
        Assert.Equal("ephemeral", followUp.Body["response_type"]!.GetValue<string>());
        Assert.Empty(followUp.Authorization ?? string.Empty);
    }

    [Fact]
    public async Task A_click_reaches_the_core_and_the_card_is_replaced_with_chat_update_and_replies_go_to_the_thread()
    {
        await using var h = await SlackHarness.StartAsync();

        using var response = await h.SendAsync(SlackRequests.Interaction(Click(h.Slack), SlackHarness.Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var update = (await h.Slack.WaitForAsync(c => c.Method == "chat.update")).Single();
        var reply = (await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        var click = Assert.Single(h.Core.Clicks);
        Assert.Equal("ack", click.Verb);
        Assert.Equal(12, click.Data["incident"]!.GetValue<int>());
        Assert.Equal("jasmine", click.Speaker.Member?.Id);
        Assert.Equal("C00FAKECHAN1", update.Body["channel"]!.GetValue<string>());
        Assert.Equal("1767326126.896109", update.Body["ts"]!.GetValue<string>());
        Assert.NotEmpty(update.Body["blocks"]!.AsArray());
        Assert.Equal("C00FAKECHAN1", reply.Body["channel"]!.GetValue<string>());
        Assert.Equal("1767326125.870439", reply.Body["thread_ts"]!.GetValue<string>());
        Assert.Equal("Done: ack", reply.Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_click_on_an_ephemeral_card_is_answered_through_its_response_url()
    {
        await using var h = await SlackHarness.StartAsync();

        using var response = await h.SendAsync(SlackRequests.Interaction(Click(h.Slack, ephemeral: true), SlackHarness.Now));

        var answers = await h.Slack.WaitForAsync(c => c.Method == "response_url", 2);
        Assert.True(answers[0].Body["replace_original"]!.GetValue<bool>());
        Assert.NotEmpty(answers[0].Body["blocks"]!.AsArray());
        Assert.False(answers[1].Body["replace_original"]!.GetValue<bool>());
        Assert.DoesNotContain(h.Slack.Calls, c => c.Method is "chat.update" or "chat.postMessage");
    }

    [Fact]
    public async Task The_same_click_delivered_twice_is_handled_once()
    {
        await using var h = await SlackHarness.StartAsync();
        var click = Click(h.Slack);

        using var first = await h.SendAsync(SlackRequests.Interaction(click, SlackHarness.Now));
        using var second = await h.SendAsync(SlackRequests.Interaction(click, SlackHarness.Now));
        await h.Slack.WaitForAsync(c => c.Method == "chat.update");
        await h.SentinelAsync("C00FAKECHAN1");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(h.Core.Clicks);
    }

    [Fact]
    public async Task A_click_on_a_button_that_is_not_ours_is_acknowledged_and_ignored()
    {
        await using var h = await SlackHarness.StartAsync();
        var recorded = SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "action");

        using var response = await h.SendAsync(SlackRequests.Interaction(recorded, SlackHarness.Now));
        await h.SentinelAsync("C00FAKECHAN1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(h.Core.Clicks);
    }

    [Fact]
    public async Task Without_a_bot_token_clicks_are_acknowledged_and_handled_and_nothing_is_sent()
    {
        await using var h = await SlackHarness.StartAsync("PipelineBot:Slack:BotToken=");

        using var response = await h.SendAsync(SlackRequests.Interaction(Click(h.Slack), SlackHarness.Now));
        await Eventually.HoldsAsync(() => h.Core.Clicks.Count > 0);

        // A sentinel command is answered in its HTTP response, which needs no token; by then the click's work is done.
        using var command = await h.SendAsync(SlackRequests.Command(Command("slashCommand", h.Slack), SlackHarness.Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ack", Assert.Single(h.Core.Clicks).Verb);
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Empty(h.Slack.Calls);
    }

    [Fact]
    public async Task A_click_payload_that_is_not_JSON_is_400()
    {
        await using var h = await SlackHarness.StartAsync();

        using var response = await h.SendAsync(SlackRequests.SignedRequest("/slack/interactions", "payload=%7Bnot+json", "application/x-www-form-urlencoded", SlackHarness.Now));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
