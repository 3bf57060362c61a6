using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>The happy path through the real conversation core: Slack's recorded mention and DM, answered through the fake Web API.</summary>
public class SlackRealCoreTests
{
    [Fact]
    public async Task Whos_on_call_mentioned_in_a_channel_is_answered_with_the_on_call_person_in_the_askers_Slack_time_zone()
    {
        await using var h = await SlackHarness.StartWithRealCoreAsync();
        var onCall = (await h.Client.GetFromJsonAsync<JsonElement>("/api/oncall")).GetProperty("member").GetProperty("name").GetString()!;
        var mention = SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "mention");
        mention["event"]!["text"] = "<@U00FAKEBOT01> who's on call";

        using var response = await h.SendAsync(SlackRequests.Event(mention, SlackHarness.Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = (await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single();
        var text = post.Body["text"]!.GetValue<string>();
        Assert.Equal("C00FAKECHAN1", post.Body["channel"]!.GetValue<string>());
        Assert.Contains(onCall, text, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_asked_in_a_DM_is_answered_there_with_the_help_card_as_blocks()
    {
        await using var h = await SlackHarness.StartWithRealCoreAsync();
        var dm = SlackRequests.Payload("vercel-chat-replay-dm-slack.json", "dmMessage");
        dm["event"]!["text"] = "help";

        using var response = await h.SendAsync(SlackRequests.Event(dm, SlackHarness.Now));

        var posts = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.All(posts, p => Assert.Equal("D0A5319PS02", p.Body["channel"]!.GetValue<string>()));
        Assert.Contains(posts, p => p.Body["blocks"] is { } blocks && blocks.AsArray().Count > 0);
    }
}
