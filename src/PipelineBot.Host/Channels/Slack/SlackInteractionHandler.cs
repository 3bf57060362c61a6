using System.Text.Json;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Block Kit button clicks (<c>POST /slack/interactions</c>, form field <c>payload</c> holding a <c>block_actions</c>
/// payload): acknowledged at once, each click (user, action, action_ts) handled once. After the 200 the core handles
/// the click; where the clicked message lives decides how the answer goes: in a channel or DM the updated card replaces
/// it with chat.update and replies are posted there (in its thread, if it is in one); on an ephemeral message, which
/// chat.update cannot touch, both go through the click's response_url.
/// </summary>
internal sealed partial class SlackInteractionHandler(
    SlackInbox inbox, SlackPeople people, ChannelRunner runner, SlackMessenger messenger, ILogger<SlackInteractionHandler> logger)
{
    public async Task<IResult> AcceptAsync(SlackRequest request, CancellationToken cancellationToken)
    {
        if (!SlackForm.TryField(request.Body, "payload"u8, out var json))
        {
            return Results.BadRequest();
        }

        SlackInteraction? payload;
        try
        {
            payload = JsonSerializer.Deserialize(json, SlackJson.Default.SlackInteraction);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        // A click names who clicked and what; other kinds of interaction (shortcuts, modals) are acknowledged and left alone.
        if (payload is not { Type: not null } || (payload.Type == "block_actions" && payload is not { User.Id: not null, Actions: [{ ActionId: not null }, ..] }))
        {
            return Results.BadRequest();
        }

        if (payload is not { Type: "block_actions", User.Id: { } user, Actions: [{ ActionId: { } actionId } action, ..] } || ChannelOf(payload) is not { } channel)
        {
            return Results.Ok();
        }

        // Clicks on one card are worked in the order they came; clicks on different cards of a channel need not wait.
        var card = $"{channel}/{payload.Container?.MessageTs ?? payload.Message?.Ts}";
        return await inbox.TakeAsync($"action:{user}/{actionId}/{action.ActionTs ?? payload.TriggerId}", card, request.IsRetry, ct => HandleAsync(payload, action, ct), cancellationToken);
    }

    private static string? ChannelOf(SlackInteraction payload) => payload.Container?.ChannelId ?? payload.Channel?.Id;

    private async Task HandleAsync(SlackInteraction payload, SlackAction action, CancellationToken cancellationToken)
    {
        if (CardActions.FromSlack(action.ActionId!, action.Value) is not { } button)
        {
            LogNotOurs(logger, action.ActionId!);
            return;
        }

        var channel = ChannelOf(payload)!;
        var speaker = await people.SpeakerAsync(payload.User!.Id!, payload.User.Name ?? payload.User.Username, cancellationToken);
        ITurnReplies replies = payload.Container?.IsEphemeral == true && Uri.TryCreate(payload.ResponseUrl, UriKind.Absolute, out var responseUrl)
            ? new SlackEphemeral(messenger, responseUrl, channel)
            : new SlackThread(messenger, channel, payload.Container?.ThreadTs ?? payload.Message?.ThreadTs, payload.Container?.MessageTs ?? payload.Message?.Ts);
        await runner.ClickAsync(new ButtonTurn(speaker, SlackConversations.PlaceOf(channel, speaker), button.Verb, button.Data), replies, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack: a click on {ActionId}, which is not one of our card buttons; ignored")]
    private static partial void LogNotOurs(ILogger logger, string actionId);
}
