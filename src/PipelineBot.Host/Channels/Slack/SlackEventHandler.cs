using System.Text.Json;
using PipelineBot.Conversation;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Events API (<c>POST /slack/events</c>): answers <c>url_verification</c> with its challenge; takes in <c>app_mention</c>
/// and DM <c>message</c> events (not bots', not our own, not edits or other subtypes) once per <c>event_id</c>, and
/// answers them in the same channel (in the thread when said in one) after the 200.
/// </summary>
internal sealed class SlackEventHandler(SlackInbox inbox, SlackConversations conversations, SlackPeople people, ChannelRunner runner, SlackMessenger messenger)
{
    public async Task<IResult> AcceptAsync(SlackRequest request, CancellationToken cancellationToken)
    {
        SlackEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(request.Body, SlackJson.Default.SlackEnvelope);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        // Every envelope has a type, and an event callback an event with one; without them it is not from Slack. Other
        // events, and messages the bot does not answer, are acknowledged and left alone: Slack adds kinds over time.
        if (envelope is not { Type: not null } || envelope is { Type: "event_callback", Event: null or { Type: null } })
        {
            return Results.BadRequest();
        }

        if (envelope is { Type: "url_verification", Challenge: { } challenge })
        {
            return Results.Text(challenge, "text/plain");
        }

        if (envelope is not { Type: "event_callback", Event: { } e } || !IsForUs(e, envelope.BotUserId))
        {
            return Results.Ok();
        }

        var key = "event:" + (envelope.EventId ?? $"{envelope.TeamId}/{e.Channel}/{e.EventTs ?? e.Ts}");
        var botUserId = envelope.BotUserId;
        return await inbox.TakeAsync(key, e.Channel!, request.IsRetry, ct => HandleAsync(e, botUserId, ct), cancellationToken);
    }

    private static bool IsForUs(SlackEvent e, string? botUserId) =>
        e is { User: { } user, Channel: not null, Text: not null, BotId: null, Subtype: null }
        && user != botUserId
        && (e.Type == "app_mention" || (e.Type == "message" && e.ChannelType == "im"));

    private async Task HandleAsync(SlackEvent e, string? botUserId, CancellationToken cancellationToken)
    {
        var speaker = await people.SpeakerAsync(e.User!, null, cancellationToken);
        var text = await conversations.TextAsync(e.Text!, botUserId, cancellationToken);
        var turn = new Turn(speaker, SlackConversations.PlaceOf(e.Channel!, speaker), text);
        await runner.MessageAsync(turn, new SlackThread(messenger, e.Channel!, e.ThreadTs), cancellationToken);
    }
}
