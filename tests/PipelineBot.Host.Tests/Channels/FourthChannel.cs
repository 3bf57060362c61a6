using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Host.Channels;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Tests.Channels;

/// <summary>One message a <see cref="FourthChannel"/> posted: its text and its card, as the platform would show them.</summary>
public sealed record FourthMessage(string Id, string Conversation, string Text, JsonObject? Card);

/// <summary>A request to a <see cref="FourthChannel"/>: a message (<see cref="Text"/>) or a click on a posted card.</summary>
public sealed record FourthRequest(string From, string? Text, FourthClick? Click);

/// <param name="Message">The id of the message whose card was clicked.</param>
public sealed record FourthClick(string Message, string Verb, JsonObject? Data);

/// <summary>
/// A fourth channel, for tests only, built on the channel contract: what adding a platform takes. Its wire format is
/// JSON over <c>POST /fourth/{conversation}</c> (a <see cref="FourthRequest"/>; people are named by their email, and
/// there is no auth); its rendering is the text as it is and the card as an Adaptive Card with <c>Action.Execute</c>
/// buttons; its "platform" keeps what it posts in <see cref="Messages"/>. Every conversation is a group; nobody has a
/// 1:1 chat, so a member's notice goes where their change came from. Everything else is the <see cref="ChannelRunner"/>'s.
/// </summary>
public sealed class FourthChannel(ChannelRunner runner, CardRenderer cards, Catalog catalog, ShiftCalendar calendar) : IChannel
{
    public const string ChannelName = "fourth";

    private readonly ConcurrentDictionary<string, FourthMessage> _messages = new();
    private int _lastId;

    /// <summary>What the channel posted, in order, each card as it stands now.</summary>
    public IReadOnlyList<FourthMessage> Messages => [.. _messages.Values.OrderBy(m => int.Parse(m.Id, System.Globalization.CultureInfo.InvariantCulture))];

    public string Name => ChannelName;

    public bool CanSend => true;

    /// <summary>Adds the channel to a bot's services (and so to its endpoints and the notice dispatcher).</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<FourthChannel>();
        services.AddSingleton<IChannel>(provider => provider.GetRequiredService<FourthChannel>());
    }

    public void Map(WebApplication app) => app.MapPost("/fourth/{conversation}", ReceiveAsync);

    public Task<IReadOnlyList<ChannelConversation>> DefaultAlertConversationsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChannelConversation>>([]);

    public Task<Reach> ReachAsync(Member member, ChannelConversation? origin, Notice notice, CancellationToken cancellationToken) =>
        Task.FromResult(Reach.AtOrigin);

    public Task<PostedMessage?> PostAsync(ChannelConversation place, Say say, CardReader reader, CancellationToken cancellationToken) =>
        Task.FromResult<PostedMessage?>(Post(place.ConversationId, say, reader));

    public Task UpdateCardAsync(PostedCard posted, CardContent card, CardReader reader, CancellationToken cancellationToken)
    {
        Replace(posted.MessageId, card, reader);
        return Task.CompletedTask;
    }

    private async Task<IResult> ReceiveAsync(string conversation, FourthRequest request, CancellationToken cancellationToken)
    {
        var member = catalog.FindMemberByEmail(request.From);
        var speaker = Speaker.Of(member, member?.Name ?? request.From, clientTimeZone: null, calendar.Zone);
        var place = new ChannelConversation(Name, conversation, "group");
        var replies = new Replies(this, conversation, request.Click?.Message);
        if (request.Click is { } click)
        {
            await runner.ClickAsync(new ButtonTurn(speaker, place, click.Verb, click.Data ?? new JsonObject()), replies, cancellationToken);
        }
        else
        {
            await runner.MessageAsync(new Turn(speaker, place, request.Text ?? string.Empty), replies, cancellationToken);
        }

        return TypedResults.Ok();
    }

    private PostedMessage Post(string conversation, Say say, CardReader reader)
    {
        var id = Interlocked.Increment(ref _lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _messages[id] = new FourthMessage(id, conversation, say.Text, say.Card is null ? null : cards.Render(say.Card, ButtonStyle.Execute, reader));
        return new PostedMessage(conversation, id);
    }

    private bool Replace(string id, CardContent card, CardReader reader)
    {
        if (!_messages.TryGetValue(id, out var message))
        {
            return false;
        }

        _messages[id] = message with { Card = cards.Render(card, ButtonStyle.Execute, reader) };
        return true;
    }

    /// <summary>Answers go into the conversation; a clicked card is replaced in place.</summary>
    private sealed class Replies(FourthChannel channel, string conversation, string? clicked) : ITurnReplies
    {
        public Task<PostedMessage?> SendAsync(Say say, CardReader reader, CancellationToken cancellationToken) =>
            Task.FromResult<PostedMessage?>(channel.Post(conversation, say, reader));

        public Task<bool> ReplaceClickedAsync(CardContent card, CardReader reader, CancellationToken cancellationToken) =>
            Task.FromResult(clicked is not null && channel.Replace(clicked, card, reader));
    }
}
