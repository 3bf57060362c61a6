using System.Net;
using System.Text.Json.Nodes;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>
/// Socket Mode against a fake that follows Slack's protocol (<see cref="FakeSocketMode"/>): two connections opened with
/// the app token, envelopes handled by the same handlers as HTTP and acknowledged, a click both connections deliver
/// handled once, and a <c>disconnect</c> in the middle of a stream losing nothing.
/// </summary>
public sealed class SlackSocketModeTests
{
    private static JsonObject Mention(string eventId, string text)
    {
        var mention = SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "mention");
        mention["event_id"] = eventId;
        mention["event"]!["text"] = $"<@U00FAKEBOT01> {text}";
        return mention;
    }

    [Fact]
    public async Task A_mention_over_Socket_Mode_is_acknowledged_and_answered_and_no_HTTP_endpoint_is_open()
    {
        await using var socketMode = await FakeSocketMode.StartAsync();
        await using var h = await SlackHarness.StartOnSocketModeAsync(socketMode);
        await Eventually.HoldsAsync(() => socketMode.OpenConnections.Count == 2);
        var envelope = FakeSocketMode.Envelope("events_api", Mention("Ev0SOCKET0001", "who is on call"));

        await socketMode.DeliverAsync(envelope);

        var post = (await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        Assert.Equal("You said: *who is on call*", post.Body["text"]!.GetValue<string>());
        await Eventually.HoldsAsync(() => socketMode.Acks.Any(a => a["envelope_id"]!.GetValue<string>() == envelope["envelope_id"]!.GetValue<string>()));
        Assert.Equal("jasmine", Assert.Single(h.Core.Turns).Speaker.Member?.Id);
        using var http = await h.SendAsync(SlackRequests.Event(Mention("Ev0HTTP0001", "hello"), SlackHarness.Now));
        Assert.Equal(HttpStatusCode.NotFound, http.StatusCode);
    }

    [Fact]
    public async Task A_slash_command_is_answered_on_its_acknowledgement()
    {
        await using var socketMode = await FakeSocketMode.StartAsync();
        await using var h = await SlackHarness.StartOnSocketModeAsync(socketMode);
        await Eventually.HoldsAsync(() => socketMode.OpenConnections.Count == 2);
        var command = new JsonObject
        {
            ["token"] = "xAbCdEfGhIjKlMnOpQrStUvW",
            ["team_id"] = "T00FAKE00AA",
            ["channel_id"] = "C00FAKECHAN1",
            ["user_id"] = "U00FAKEUSER2",
            ["user_name"] = "miles",
            ["command"] = "/pipelinebot",
            ["text"] = "who is on call",
            ["response_url"] = h.Slack.ResponseUrl.ToString(),
            ["trigger_id"] = "13345224609.738474920.8088930838d88f008e0",
        };
        var envelope = FakeSocketMode.Envelope("slash_commands", command, acceptsResponse: true);

        await socketMode.DeliverAsync(envelope);

        await Eventually.HoldsAsync(() => socketMode.Acks.Any(a => a["envelope_id"]!.GetValue<string>() == envelope["envelope_id"]!.GetValue<string>()));
        var ack = socketMode.Acks.Single(a => a["envelope_id"]!.GetValue<string>() == envelope["envelope_id"]!.GetValue<string>());
        Assert.Equal("You said: *who is on call*", ack["payload"]!["text"]!.GetValue<string>());
        Assert.Equal("miles", Assert.Single(h.Core.Turns).Speaker.Member?.Id);
    }

    [Fact]
    public async Task A_click_delivered_on_both_connections_is_handled_once_and_acknowledged_on_both()
    {
        await using var socketMode = await FakeSocketMode.StartAsync();
        await using var h = await SlackHarness.StartOnSocketModeAsync(socketMode);
        await Eventually.HoldsAsync(() => socketMode.OpenConnections.Count == 2);
        var click = SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "action");
        click["actions"]![0]!["action_id"] = "ack#1";
        click["actions"]![0]!["value"] = """{"incident":12}""";
        click["response_url"] = h.Slack.ResponseUrl.ToString();
        var envelope = FakeSocketMode.Envelope("interactive", click);

        await socketMode.DeliverAsync(envelope, onEveryConnection: true);

        await Eventually.HoldsAsync(() => socketMode.Acks.Count(a => a["envelope_id"]!.GetValue<string>() == envelope["envelope_id"]!.GetValue<string>()) == 2);

        // Clicks on one card are worked in order: once a later click on it is handled, so is anything before it.
        var later = click.DeepClone().AsObject();
        later["actions"]![0]!["action_ts"] = "1767377999.000001";
        await socketMode.DeliverAsync(FakeSocketMode.Envelope("interactive", later));
        await Eventually.HoldsAsync(() => h.Core.Clicks.Count >= 2);
        Assert.Equal(2, h.Core.Clicks.Count);
        Assert.All(h.Core.Clicks, c => Assert.Equal("ack", c.Verb));
    }

    [Fact]
    public async Task A_disconnect_in_the_middle_of_a_stream_loses_nothing_and_doubles_nothing()
    {
        await using var socketMode = await FakeSocketMode.StartAsync();
        await using var h = await SlackHarness.StartOnSocketModeAsync(socketMode);
        await Eventually.HoldsAsync(() => socketMode.OpenConnections.Count == 2);
        var first = socketMode.OpenConnections.First();

        for (var i = 0; i < 20; i++)
        {
            if (i == 10)
            {
                await socketMode.DisconnectAsync(first, "refresh_requested");
            }

            await socketMode.DeliverAsync(FakeSocketMode.Envelope("events_api", Mention($"Ev0STREAM{i:D4}", $"message {i}")));
        }

        await Eventually.HoldsAsync(() => h.Core.Turns.Count >= 20);
        await Eventually.HoldsAsync(() => socketMode.Opened >= 3 && socketMode.OpenConnections.Count == 2);

        // One channel's messages are worked in order: once a later one is answered, everything before it is done.
        await socketMode.DeliverAsync(FakeSocketMode.Envelope("events_api", Mention("Ev0STREAMEND", "the end")));
        await Eventually.HoldsAsync(() => h.Core.Turns.Any(t => t.Text == "the end"));
        Assert.Equal([.. Enumerable.Range(0, 20).Select(i => $"message {i}").Order(StringComparer.Ordinal)], h.Core.Turns.Select(t => t.Text).Where(t => t.StartsWith("message", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        Assert.DoesNotContain(first, socketMode.OpenConnections);
    }
}
