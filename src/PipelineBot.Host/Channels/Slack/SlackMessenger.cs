using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Host.Channels.Delivery;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Renders what the core says as Slack messages and sends them, every post and update through the <see cref="Outbox"/>
/// (in order, about one post per second per channel). Without a bot token nothing is sent: each skipped send is logged
/// (the start logged a warning once), so a bot run with only a signing secret still verifies and handles requests.
/// </summary>
internal sealed partial class SlackMessenger
{
    private readonly SlackWebApi _api;
    private readonly SlackResponder _responder;
    private readonly Outbox _outbox;
    private readonly CardRenderer _cards;
    private readonly SlackPeople _people;
    private readonly Catalog _catalog;
    private readonly bool _canSend;
    private readonly ILogger<SlackMessenger> _logger;

    public SlackMessenger(
        SlackWebApi api, SlackResponder responder, Outbox outbox, CardRenderer cards, SlackPeople people, Catalog catalog,
        IOptions<SlackOptions> options, ILogger<SlackMessenger> logger)
    {
        _api = api;
        _responder = responder;
        _outbox = outbox;
        _cards = cards;
        _people = people;
        _catalog = catalog;
        _canSend = options.Value.CanSend;
        _logger = logger;
        outbox.Limit(SlackPeople.Channel, PaceLimit.ParseList(options.Value.ChannelLimits));
    }

    /// <summary>
    /// A Say as a Slack message, its card written for <paramref name="reader"/>: its text as mrkdwn (a section before the
    /// card's blocks when it has a card; the card's summary is then the notification text).
    /// </summary>
    public async Task<SlackMessage> RenderAsync(Say say, CardReader reader, CancellationToken cancellationToken)
    {
        var text = await MrkdwnAsync(say, cancellationToken);
        if (say.Card is null)
        {
            return new SlackMessage(text);
        }

        var blocks = _cards.RenderBlocks(say.Card, reader);
        if (text.Length > 0)
        {
            blocks.Insert(0, new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } });
        }

        return new SlackMessage(SlackText.Escape(_cards.Summary(say.Card, reader)), blocks);
    }

    /// <summary>Posts a message and returns its timestamp; null when there is no bot token to send with.</summary>
    public Task<string?> PostAsync(string channel, SlackMessage message, string? threadTs, CancellationToken cancellationToken) =>
        SendAsync("chat.postMessage", channel, async ct => (string?)await _api.PostMessageAsync(channel, message, threadTs, ct), cancellationToken);

    public Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken) =>
        SendAsync("chat.update", channel, async ct =>
        {
            await _api.UpdateAsync(channel, ts, message, ct);
            return (string?)ts;
        }, cancellationToken);

    /// <summary>Answers through a response_url: <paramref name="replaceOriginal"/> swaps the clicked message, else an ephemeral reply is added.</summary>
    public Task RespondAsync(Uri responseUrl, string channel, SlackMessage message, bool replaceOriginal, CancellationToken cancellationToken)
    {
        var body = message.ToJson();
        body["response_type"] = "ephemeral";
        body["replace_original"] = replaceOriginal;
        return SendAsync("response_url", channel, async ct =>
        {
            await _responder.RespondAsync(responseUrl, body, ct);
            return (string?)null;
        }, cancellationToken);
    }

    private async Task<string?> SendAsync(string what, string channel, Func<CancellationToken, Task<string?>> send, CancellationToken cancellationToken)
    {
        if (!_canSend)
        {
            LogSkipped(_logger, what, channel);
            return null;
        }

        return await _outbox.SendAsync(SlackPeople.Channel, channel, send, cancellationToken);
    }

    /// <summary>The Say's text as mrkdwn, each <c>@{member}</c> a Slack mention where the member's Slack user is known or can be found.</summary>
    private async Task<string> MrkdwnAsync(Say say, CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var id in SayText.MentionedMembers(say.Text))
        {
            var member = say.Mentions?.FirstOrDefault(m => m.Id == id) ?? _catalog.FindMember(id);
            users[id] = member is null ? null : await SlackUserOrNullAsync(member, cancellationToken);
        }

        return SlackText.ToMrkdwn(say.Text, id => users.GetValueOrDefault(id), id => _catalog.FindMember(id)?.Name ?? id);
    }

    private async Task<string?> SlackUserOrNullAsync(Member member, CancellationToken cancellationToken)
    {
        try
        {
            return await _people.SlackUserOfAsync(member, cancellationToken);
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException)
        {
            // A name instead of a mention is better than no message.
            LogMentionFailed(_logger, e, member.Id);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack: no BotToken, so {What} into {Channel} was not sent")]
    private static partial void LogSkipped(ILogger logger, string what, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack: could not find member {MemberId} on Slack; named instead of mentioned")]
    private static partial void LogMentionFailed(ILogger logger, Exception exception, string memberId);
}
