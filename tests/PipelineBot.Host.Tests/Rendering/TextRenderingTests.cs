using PipelineBot.Conversation;
using PipelineBot.Host.Tests.Slack;
using PipelineBot.Host.Tests.Teams;
using PipelineBot.Host.Tests.WebChat;

namespace PipelineBot.Host.Tests.Rendering;

/// <summary>
/// The core's text through each channel over real HTTP, read back as its platform shows it (<see cref="Shown"/>): a
/// line for each line, words in angle brackets visible, and an address unchanged and linked.
/// </summary>
public sealed class TextRenderingTests
{
    public static TheoryData<string> Channels => ["msteams", "slack", "webchat"];

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Each_line_of_a_multi_line_answer_shows_as_a_line(string channel) =>
        Assert.Equal(Samples.StatusShown, (await ShownAsync(channel, Samples.Status)).Lines);

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Words_in_angle_brackets_show_and_an_address_shows_and_opens_as_written(string channel)
    {
        var (lines, links) = await ShownAsync(channel, Samples.PlaceholdersAndUrl);

        Assert.Equal(2, lines.Count);
        Assert.Contains(Samples.Placeholders, lines[0], StringComparison.Ordinal);
        Assert.Equal($"Logs: {Samples.LogUrl}", lines[1]);
        Assert.Equal([new ShownLink(Samples.LogUrl, Samples.LogUrl)], links);
    }

    /// <summary>What the reader of <paramref name="channel"/> sees of the core's <paramref name="answer"/> to a 1:1 message.</summary>
    private static async Task<(IReadOnlyList<string> Lines, IReadOnlyList<ShownLink> Links)> ShownAsync(string channel, string answer)
    {
        switch (channel)
        {
            case "msteams":
                var teams = await TeamsAnswerAsync(answer);
                return (Shown.TeamsLines(teams), Shown.TeamsLinks(teams));
            case "slack":
                var slack = await SlackAnswerAsync(answer);
                return (Shown.SlackLines(slack), Shown.SlackLinks(slack));
            default:
                var html = await Shown.WebChatHtmlAsync(await WebChatAnswerAsync(answer));
                return (Shown.HtmlLines(html), Shown.HtmlLinks(html));
        }
    }

    private static async Task<string> TeamsAnswerAsync(string answer)
    {
        await using var bot = await TeamsBot.StartAsync();
        bot.Conversation.Answer = _ => [new Say(answer)];

        using var response = await bot.PostAsync(bot.Fixture("vercel-chat-replay-dm-teams.json", "dmMessage"));

        response.EnsureSuccessStatusCode();
        var reply = Assert.Single(bot.Connector.Activities).Body!;
        Assert.Equal("markdown", reply["textFormat"]!.GetValue<string>());
        return reply["text"]!.GetValue<string>();
    }

    private static async Task<string> SlackAnswerAsync(string answer)
    {
        await using var h = await SlackHarness.StartAsync();
        h.Core.Answer = _ => Task.FromResult<IReadOnlyList<Say>>([new Say(answer)]);

        using var response = await h.SendAsync(SlackRequests.Event(SlackRequests.Payload("vercel-chat-replay-dm-slack.json", "dmMessage"), SlackHarness.Now));

        response.EnsureSuccessStatusCode();
        return (await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage")).Single().Body["text"]!.GetValue<string>();
    }

    private static async Task<string> WebChatAnswerAsync(string answer)
    {
        await using var bot = await WebChatBot.StartAsync();
        bot.Core.Answer = _ => [new Say(answer)];
        var conversation = await bot.StartConversationAsync("miles");

        var id = await bot.PostActivityAsync(conversation, new { type = "message", text = "status profit" });

        var reply = (await bot.ActivitiesAsync(conversation))["activities"]!.AsArray().Single(a => a!["replyToId"]?.GetValue<string>() == id)!;
        Assert.Equal("markdown", reply["textFormat"]!.GetValue<string>());
        return reply["text"]!.GetValue<string>();
    }
}
