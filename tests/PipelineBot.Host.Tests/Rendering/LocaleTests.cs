using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Host.Channels;
using PipelineBot.Host.Tests.Channels;
using PipelineBot.Host.Tests.Slack;
using PipelineBot.Host.Tests.Teams;
using PipelineBot.Host.Tests.WebChat;

namespace PipelineBot.Host.Tests.Rendering;

/// <summary>The speaker's locale, as each client reports it, over real HTTP.</summary>
public sealed class LocaleTests
{
    [Fact]
    public async Task Teams_gives_the_speaker_the_locale_of_the_activity()
    {
        await using var bot = await TeamsBot.StartAsync();
        var message = bot.Fixture("vercel-chat-replay-dm-teams.json", "dmMessage");
        message["locale"] = "de-DE";

        using var response = await bot.PostAsync(message);

        response.EnsureSuccessStatusCode();
        Assert.Equal("de-DE", Assert.Single(bot.Conversation.Turns).Speaker.Locale);
    }

    [Fact]
    public async Task Slack_gives_the_speaker_the_locale_users_info_reports_when_asked_for_it()
    {
        await using var h = await SlackHarness.StartAsync();

        using var response = await h.SendAsync(SlackRequests.Event(SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "mention"), SlackHarness.Now));
        await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage");

        Assert.Equal("de-DE", Assert.Single(h.Core.Turns).Speaker.Locale);
        var lookup = Assert.Single(h.Slack.Calls, c => c.Method == "users.info");
        Assert.Contains("include_locale=true", lookup.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slack_asks_once_for_the_locale_of_someone_first_found_by_email()
    {
        await using var h = await SlackHarness.StartAsync();

        // A notice to Jasmine finds her Slack user by her email; users.lookupByEmail gives no locale.
        var slack = DrivenChannel.Of(h.Bot.Services, "slack");
        Assert.Equal(DeliveryOutcome.Delivered, await slack.DeliverAsync(new Notice(1, "jasmine", "Your trade was accepted.", null, null), CancellationToken.None));
        Assert.Single(h.Slack.Calls, c => c.Method == "users.lookupByEmail");
        await h.SentinelAsync();
        await h.SentinelAsync();

        Assert.Equal(["de-DE", "de-DE"], h.Core.Turns.Select(t => t.Speaker.Locale));
        Assert.Single(h.Slack.Calls, c => c.Method == "users.info");
    }

    [Fact]
    public async Task The_Web_Chat_gives_the_speaker_the_locale_of_the_posted_activity()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");

        await bot.PostActivityAsync(conversation, new { type = "message", text = "hello", locale = "fr-FR" });

        Assert.Equal("fr-FR", Assert.Single(bot.Core.Turns).Speaker.Locale);
    }
}
