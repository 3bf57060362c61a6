using Microsoft.Playwright;

namespace PipelineBot.WebChat.Tests;

/// <summary>The local web chat page as a person uses it: pick who you are, type into Web Chat's send box, read and click.</summary>
public sealed class ChatPage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>The bot's messages in the transcript (Web Chat marks the user's own bubbles as from-user).</summary>
    public ILocator BotMessages => Page.Locator("#chat .webchat__bubble:not(.webchat__bubble--from-user)");

    /// <summary>The member's own messages in the transcript.</summary>
    public ILocator UserMessages => Page.Locator("#chat .webchat__bubble--from-user");

    /// <summary>The cards in the transcript, as the Adaptive Cards renderer draws them.</summary>
    public ILocator Cards => Page.Locator("#chat .ac-adaptiveCard");

    /// <summary>A card button as the Adaptive Cards renderer draws it (Web Chat also keeps a hidden copy for screen readers).</summary>
    public ILocator Button(string title) => Page.Locator($"#chat button.ac-pushButton[title=\"{title}\"]");

    public static async Task<ChatPage> OpenAsync(IPage page, Uri bot)
    {
        var started = WaitForConversationAsync(page);
        await page.GotoAsync(bot.ToString());
        await started;
        return new ChatPage(page);
    }

    /// <summary>
    /// Chooses a member in the picker, which starts a conversation as them, or resumes the one the page had as them;
    /// returns once Web Chat has opened its stream.
    /// </summary>
    public async Task BeAsync(string memberId)
    {
        if (await Page.InputValueAsync("#member") == memberId)
        {
            return;
        }

        var started = WaitForConversationAsync(Page);
        await Page.SelectOptionAsync("#member", memberId);
        await started;
    }

    public async Task SayAsync(string text)
    {
        var box = Page.Locator("[data-id=\"webchat-sendbox-input\"]");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    private static Task<IWebSocket> WaitForConversationAsync(IPage page) =>
        page.WaitForWebSocketAsync(new() { Predicate = ws => ws.Url.Contains("/v3/directline/conversations/", StringComparison.Ordinal) });
}
