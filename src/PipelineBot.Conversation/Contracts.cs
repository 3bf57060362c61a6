using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Conversation;

/// <summary>Who wrote: a catalog member when the channel could join them by email, else only a name.</summary>
/// <param name="TimeZone">Where times are shown for them (the channel's client zone, else the member's, else the rotation's).</param>
/// <param name="Locale">
/// The locale their client reports (a BCP 47 tag such as <c>en-US</c>), or null when the channel gave none. It decides
/// how a date such as 05/06 is read when both readings are valid dates.
/// </param>
public sealed record Speaker(Member? Member, string Name, DateTimeZone TimeZone, string? Locale = null)
{
    /// <summary>
    /// A speaker shown times in the zone their client reports (an IANA id such as <c>Europe/Berlin</c>), else their
    /// member's configured zone, else <paramref name="fallback"/> (the rotation's zone).
    /// </summary>
    public static Speaker Of(Member? member, string name, string? clientTimeZone, DateTimeZone fallback, string? locale = null) =>
        new(member, member?.Name ?? name, Zone(clientTimeZone) ?? Zone(member?.TimeZone) ?? fallback, string.IsNullOrWhiteSpace(locale) ? null : locale.Trim());

    private static DateTimeZone? Zone(string? id) => id is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
}

/// <summary>A message to the bot, with the bot's own mention already stripped.</summary>
/// <param name="Place">The conversation it was said in.</param>
public sealed record Turn(Speaker Speaker, ChannelConversation Place, string Text);

/// <summary>A click on a card button: the button's verb and its data (with any card inputs merged in).</summary>
public sealed record ButtonTurn(Speaker Speaker, ChannelConversation Place, string Verb, JsonObject Data);

/// <summary>
/// Something the bot says. <see cref="Text"/> is plain text with light Markdown (<c>**bold**</c>, line breaks, <c>- </c>
/// bullets); each channel escapes it for its own format. People in <see cref="Mentions"/> appear in the text as
/// <c>@{member id}</c>, which each channel turns into its own kind of mention (or the person's name).
/// </summary>
public sealed record Say(string Text, CardContent? Card = null, IReadOnlyList<Member>? Mentions = null)
{
    public static string MentionOf(Member member) => $"@{{{member.Id}}}";
}

/// <summary>
/// A card: the name of its template in <c>cards/</c>, the data the template is expanded with, and, for cards that change
/// later (a trade offer), the key that names every posted copy.
/// </summary>
public sealed record CardContent(string Template, JsonObject Data, string? Key = null);

/// <summary>The answer to a click: what to say, and the card to put in place of the clicked one (null: leave it).</summary>
public sealed record ButtonResult(IReadOnlyList<Say> Replies, CardContent? UpdatedCard = null);

/// <summary>The one conversation core every channel talks to; the answers are the same everywhere (PRODUCT §3).</summary>
public interface IConversation
{
    Task<IReadOnlyList<Say>> HandleAsync(Turn turn, CancellationToken cancellationToken);

    Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken);

    /// <summary>Every button verb the core handles; every verb in <c>cards/</c> must be one of them.</summary>
    IReadOnlyCollection<string> Verbs { get; }

    /// <summary>The current content of a keyed card (such as <c>trade:42</c>), or null when the key names nothing.</summary>
    Task<CardContent?> CardAsync(string key, CancellationToken cancellationToken);
}
