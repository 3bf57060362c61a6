using System.Text.Json.Nodes;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Rotation;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// What the bot does with an authenticated activity: messages and card clicks are read into turns for the
/// <see cref="ChannelRunner"/>, whose answers go back as replies to the activity; <c>adaptiveCard/action</c> invokes are
/// answered in the HTTP response; the bot being added somewhere is remembered so notices can reach that place later.
/// </summary>
public sealed partial class TeamsTurns(
    ChannelRunner runner,
    TeamsPeople people,
    TeamsMessages messages,
    ConnectorClient connector,
    Outbox outbox,
    ChannelDirectory directory,
    ShiftCalendar calendar,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TeamsTurns> logger)
{
    /// <summary>
    /// The incoming POST is answered once the replies are sent, as the Bot Framework SDKs do, but never later than this:
    /// the Connector gives up after 15 s and Teams' invokes after 5 s, so slow sends (pacing, retries) finish in the background.
    /// </summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(4);

    public const string AdaptiveCardAction = "adaptiveCard/action";

    public Task<IResult> RunAsync(Activity activity, CancellationToken cancellationToken) => activity.Type switch
    {
        "message" when string.IsNullOrWhiteSpace(activity.Text) && activity.Value is JsonObject value => WithinDeadlineAsync(ct => SubmitAsync(activity, value, ct)),
        "message" => WithinDeadlineAsync(ct => MessageAsync(activity, ct)),
        "invoke" when activity.Name == AdaptiveCardAction => InvokeAsync(activity, cancellationToken),

        // The Bot Framework SDKs answer invokes they do not handle with 501 Not Implemented.
        "invoke" => Task.FromResult<IResult>(TypedResults.StatusCode(StatusCodes.Status501NotImplemented)),
        "conversationUpdate" or "installationUpdate" => InstalledAsync(activity, cancellationToken),
        _ => Task.FromResult<IResult>(TypedResults.Ok()),
    };

    private async Task<IResult> WithinDeadlineAsync(Func<CancellationToken, Task> turn)
    {
        // The turn belongs to the bot, not to the request: it goes on if the answer to the Connector went first.
        var work = turn(lifetime.ApplicationStopping);
        using var deadline = new CancellationTokenSource();
        var first = await Task.WhenAny(work, Task.Delay(AnswerWithin, time, deadline.Token));
        await deadline.CancelAsync();
        if (first != work)
        {
            _ = work.ContinueWith(t => LogLateFailure(logger, t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return TypedResults.Ok();
        }

        await work;
        return TypedResults.Ok();
    }

    private async Task MessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        var (speaker, place) = await WhoAndWhereAsync(activity, cancellationToken);
        await runner.MessageAsync(new Turn(speaker, place, TeamsText.Inbound(activity)), RepliesTo(activity), cancellationToken);
    }

    /// <summary>An Action.Submit click arrives as a message whose <c>value</c> is the button's data (fixture channel_post_action).</summary>
    private async Task SubmitAsync(Activity activity, JsonObject value, CancellationToken cancellationToken)
    {
        if (CardActions.FromSubmit(value) is not var (verb, data))
        {
            LogSubmitWithoutVerb(logger, activity.Conversation?.Id);
            return;
        }

        var (speaker, place) = await WhoAndWhereAsync(activity, cancellationToken);
        await runner.ClickAsync(new ButtonTurn(speaker, place, verb, data), RepliesTo(activity), cancellationToken);
    }

    /// <summary>
    /// An Action.Execute click: the answer is the HTTP response, <c>{statusCode, type, value}</c> (Universal Action
    /// Model): the updated card, else the first reply's text as a message. Other replies go as ordinary replies.
    /// </summary>
    private async Task<IResult> InvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        var action = (activity.Value as JsonObject)?["action"] as JsonObject;
        if (action?["verb"] is not JsonValue verbValue || !verbValue.TryGetValue<string>(out var verb))
        {
            return TypedResults.Ok(InvokeAnswer(400, "application/vnd.microsoft.error", new JsonObject { ["code"] = "BadRequest", ["message"] = "The action has no verb." }));
        }

        var data = action["data"] is JsonObject given ? given.DeepClone().AsObject() : new JsonObject();
        var (speaker, place) = await WhoAndWhereAsync(activity, cancellationToken);
        var result = await runner.PressAsync(new ButtonTurn(speaker, place, verb, data), cancellationToken);

        JsonObject answer;
        IReadOnlyList<Say> rest;
        if (result.UpdatedCard is { } card)
        {
            // The card in an invoke's answer replaces the clicked one for the person who clicked only (the Agents SDK's
            // ReplaceForInteractor, AdaptiveCardActionExecuteResponseType); the redraw for everyone is a stored notice.
            answer = InvokeAnswer(200, TeamsMessages.AdaptiveCard, messages.Render(card, CardReader.Person(speaker.TimeZone)));
            rest = result.Replies;
        }
        else if (result.Replies.Count > 0 && result.Replies[0].Card is null)
        {
            answer = InvokeAnswer(200, "application/vnd.microsoft.activity.message", JsonValue.Create(TeamsText.Plain(result.Replies[0])));
            rest = [.. result.Replies.Skip(1)];
        }
        else
        {
            answer = InvokeAnswer(200, "application/vnd.microsoft.activity.message", JsonValue.Create(""));
            rest = result.Replies;
        }

        if (rest.Count > 0)
        {
            var replies = runner.ReplyAsync(place, speaker, RepliesTo(activity), rest, lifetime.ApplicationStopping);
            _ = replies.ContinueWith(t => LogLateFailure(logger, t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return TypedResults.Ok(answer);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Teams work that went on after its request was answered failed.")]
    private static partial void LogLateFailure(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a Teams card submit without a verb in conversation {Conversation}.")]
    private static partial void LogSubmitWithoutVerb(ILogger logger, string? conversation);

    [LoggerMessage(Level = LogLevel.Information, Message = "The bot was added to Teams {Kind} conversation {Conversation}.")]
    private static partial void LogAdded(ILogger logger, string kind, string conversation);

    private static JsonObject InvokeAnswer(int statusCode, string type, JsonNode? value) =>
        new() { ["statusCode"] = statusCode, ["type"] = type, ["value"] = value };

    /// <summary>The bot was added to a team, a chat or a 1:1: remember the place. Removals change nothing (see the README).</summary>
    private async Task<IResult> InstalledAsync(Activity activity, CancellationToken cancellationToken)
    {
        var botAdded = activity.Type == "installationUpdate"
            ? activity.Action?.StartsWith("add", StringComparison.Ordinal) == true
            : activity.MembersAdded?.Any(m => m?.Id == activity.Recipient?.Id) == true;
        if (!botAdded || activity.Conversation?.Id is null)
        {
            return TypedResults.Ok();
        }

        var memberId = activity.Conversation.ConversationType == ChannelConversation.Personal
            ? (await people.MemberOfAsync(activity, activity.Conversation.Id, cancellationToken))?.Id
            : null;
        var place = PlaceOf(activity, memberId);
        await directory.RememberConversationAsync(place with { Name = place.Name ?? Activity.TextAt(activity.ChannelData, "team", "name") }, cancellationToken);
        LogAdded(logger, place.Kind, place.ConversationId);
        return TypedResults.Ok();
    }

    private async Task<(Speaker Speaker, ChannelConversation Place)> WhoAndWhereAsync(Activity activity, CancellationToken cancellationToken)
    {
        var member = await people.MemberOfAsync(activity, BaseConversationId(activity.Conversation!.Id!), cancellationToken);
        var place = PlaceOf(activity, member?.Id);
        return (Speaker.Of(member, activity.From?.Name ?? "someone", activity.ClientTimeZone, calendar.Zone, activity.ClientLocale), place);
    }

    /// <summary>
    /// Where an activity was said. A channel message's conversation id names its thread (<c>…;messageid=…</c>); the place is
    /// the channel itself, so "post alerts here" and notices start new posts there instead of answering in an old thread.
    /// </summary>
    private static ChannelConversation PlaceOf(Activity activity, string? memberId)
    {
        var conversation = activity.Conversation!;
        var kind = conversation.ConversationType switch
        {
            "personal" => ChannelConversation.Personal,
            "channel" => "channel",
            _ => "group",
        };
        return new ChannelConversation(
            TeamsPeople.Channel,
            kind == "channel" ? BaseConversationId(conversation.Id!) : conversation.Id!,
            kind,
            activity.ServiceUrl,
            activity.TenantId,
            kind == ChannelConversation.Personal ? memberId : null,
            Name: conversation.Name);
    }

    private static string BaseConversationId(string id)
    {
        var thread = id.IndexOf(";messageid=", StringComparison.Ordinal);
        return thread < 0 ? id : id[..thread];
    }

    private Replies RepliesTo(Activity activity) => new(messages, connector, outbox, activity);

    /// <summary>Answers as replies to the activity, in its conversation (a channel message's thread); a clicked card is updated in place.</summary>
    private sealed class Replies(TeamsMessages messages, ConnectorClient connector, Outbox outbox, Activity activity) : ITurnReplies
    {
        private string ConversationId => activity.Conversation!.Id!;

        public async Task<PostedMessage?> SendAsync(Say say, CardReader reader, CancellationToken cancellationToken)
        {
            var body = await messages.MessageAsync(say, reader, cancellationToken);
            body["replyToId"] = activity.Id;
            var id = await SendIntoAsync(ct => connector.ReplyAsync(activity.ServiceUrl!, ConversationId, activity.Id!, body, ct), cancellationToken);
            return id is null ? null : new PostedMessage(ConversationId, id, activity.ServiceUrl);
        }

        public async Task<bool> ReplaceClickedAsync(CardContent card, CardReader reader, CancellationToken cancellationToken)
        {
            if (activity.ReplyToId is not { } clicked)
            {
                return false;
            }

            // Updating the activity shows the card to everyone in the conversation, so it is written for them.
            var update = messages.CardUpdate(clicked, card, reader);
            await SendIntoAsync(ct => connector.UpdateAsync(activity.ServiceUrl!, ConversationId, clicked, update, ct), cancellationToken);
            return true;
        }

        private Task<string?> SendIntoAsync(Func<CancellationToken, Task<string?>> send, CancellationToken cancellationToken) =>
            outbox.SendAsync(TeamsPeople.Channel, ConversationId, send, cancellationToken);
    }
}
