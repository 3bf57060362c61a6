using System.Text.Json.Nodes;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// The slash command (<c>POST /slack/commands</c>, form-encoded; <c>/pipelinebot who's on call</c>): the same core as a
/// message, answered ephemerally. The core usually answers at once, and then the answer is the HTTP response itself;
/// when it takes longer than <see cref="InlineBudget"/> (well inside Slack's 3 seconds) the request is acknowledged
/// empty and the answer follows through the command's response_url. Each command (trigger_id) is handled once.
/// </summary>
internal sealed class SlackCommandHandler(
    SlackInbox inbox, SlackConversations conversations, SlackPeople people, ChannelRunner runner, SlackMessenger messenger, TimeProvider time)
{
    public static readonly TimeSpan InlineBudget = TimeSpan.FromSeconds(2);

    public async Task<IResult> AcceptAsync(SlackRequest request, CancellationToken cancellationToken)
    {
        var fields = SlackForm.Fields(request.Body);
        if (fields?.GetValueOrDefault("user_id") is not { Length: > 0 } user || fields.GetValueOrDefault("channel_id") is not { Length: > 0 } channel)
        {
            return Results.BadRequest();
        }

        var answer = new Answer();
        var key = "command:" + (fields.GetValueOrDefault("trigger_id") ?? $"{user}/{channel}/{fields.GetValueOrDefault("text")}");
        var (taken, refusal) = await inbox.TryTakeAsync(key, channel, request.IsRetry, ct => HandleAsync(fields, user, channel, answer, ct), cancellationToken);
        if (!taken)
        {
            return refusal;
        }

        var inline = await answer.WithinAsync(InlineBudget, time);
        return inline is null ? Results.Ok() : Results.Json(inline, SlackJson.Default.JsonObject);
    }

    private async Task HandleAsync(Dictionary<string, string> fields, string user, string channel, Answer answer, CancellationToken cancellationToken)
    {
        IReadOnlyList<Say> says;
        Speaker speaker;
        try
        {
            speaker = await people.SpeakerAsync(user, fields.GetValueOrDefault("user_name"), cancellationToken);
            var text = await conversations.TextAsync(fields.GetValueOrDefault("text") ?? string.Empty, null, cancellationToken);
            says = await runner.AskAsync(new Turn(speaker, SlackConversations.PlaceOf(channel, speaker), text), cancellationToken);
        }
        catch (Exception)
        {
            // The asker hears that it failed, if the request still waits; the work queue logs the error.
            answer.TryGiveInline(Ephemeral(new SlackMessage("Sorry, that went wrong on my side; it has been logged.")));
            throw;
        }

        // The answer is ephemeral: only the person who gave the command sees it.
        var message = await MessageAsync(says, CardReader.Person(speaker.TimeZone), cancellationToken);
        if (!answer.TryGiveInline(Ephemeral(message)) && Uri.TryCreate(fields.GetValueOrDefault("response_url"), UriKind.Absolute, out var responseUrl))
        {
            await messenger.RespondAsync(responseUrl, channel, message, replaceOriginal: false, cancellationToken);
        }
    }

    /// <summary>All the core said, as one ephemeral message (a command has one answer).</summary>
    private async Task<SlackMessage> MessageAsync(IReadOnlyList<Say> says, CardReader reader, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        var blocks = new JsonArray();
        foreach (var say in says)
        {
            var message = await messenger.RenderAsync(say, reader, cancellationToken);
            texts.Add(message.Text);
            foreach (var block in message.Blocks ?? [new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = message.Text } }])
            {
                blocks.Add(block!.DeepClone());
            }
        }

        return new SlackMessage(string.Join("\n", texts), blocks);
    }

    private static JsonObject Ephemeral(SlackMessage message)
    {
        var json = message.ToJson();
        json["response_type"] = "ephemeral";
        return json;
    }

    /// <summary>
    /// Who gives the answer: the request, if the core finished within the budget, else the response_url. Exactly one
    /// of them does, whichever side claims it first.
    /// </summary>
    private sealed class Answer
    {
        private readonly TaskCompletionSource<JsonObject> _inline = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _claimed;

        public bool TryGiveInline(JsonObject message)
        {
            if (Interlocked.CompareExchange(ref _claimed, 1, 0) != 0)
            {
                return false;
            }

            _inline.SetResult(message);
            return true;
        }

        /// <summary>The inline answer if it comes within the budget; null when the response_url is to answer instead.</summary>
        public async Task<JsonObject?> WithinAsync(TimeSpan budget, TimeProvider time)
        {
            using var timeout = new CancellationTokenSource(budget, time);
            try
            {
                return await _inline.Task.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (Interlocked.CompareExchange(ref _claimed, 2, 0) == 0)
            {
                return null;
            }
            catch (OperationCanceledException)
            {
                return await _inline.Task;
            }
        }
    }
}
