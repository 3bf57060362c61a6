using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// Values for a card's data that are not plain words: an instant and a link, and text made of words and those. The
/// data carries them as they are (an instant, an address), and the renderer writes them for the card's reader and
/// platform: a time in the reader's zone, a link that opens the address exactly as given. As JSON: a time is
/// <c>{"at": "2026-11-23T10:15:00Z"}</c>, a link <c>{"href": "…", "text": "…"}</c>, and text with either
/// <c>{"parts": [strings and those objects]}</c>.
/// </summary>
public static class CardData
{
    internal const string At = "at";
    internal const string Href = "href";
    internal const string LinkText = "text";
    internal const string Parts = "parts";

    public static JsonObject Time(Instant at) => new() { [At] = InstantPattern.ExtendedIso.Format(at) };

    /// <param name="text">What the link shows; the address itself when null.</param>
    public static JsonObject Link(string href, string? text = null) => new() { [Href] = href, [LinkText] = text ?? href };

    /// <summary>Text in which each interpolated <see cref="Instant"/> is a time, and a time, a link or text of <see cref="CardData"/> keeps what it is.</summary>
    public static JsonNode Text(ref CardTextHandler text) => text.ToNode();
}

/// <summary>Builds <see cref="CardData.Text"/>: literal runs and formatted values become strings, instants and card values stay parts of their own.</summary>
[InterpolatedStringHandler]
public ref struct CardTextHandler
{
    private readonly JsonArray _parts;
    private readonly StringBuilder _words;

    public CardTextHandler(int literalLength, int formattedCount)
    {
        _parts = [];
        _words = new StringBuilder(literalLength + (formattedCount * 8));
    }

    public readonly void AppendLiteral(string value) => _words.Append(value);

    public readonly void AppendFormatted(Instant value) => AppendFormatted(CardData.Time(value));

    public readonly void AppendFormatted(JsonObject value) => AppendFormatted((JsonNode)value);

    /// <summary>Another card value, or text made with <see cref="CardData.Text"/>, whose parts become parts of this one.</summary>
    public readonly void AppendFormatted(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject text when text[CardData.Parts] is JsonArray parts:
                foreach (var part in parts)
                {
                    AppendFormatted(part);
                }

                break;
            case JsonObject shaped:
                Flush();
                _parts.Add(shaped.DeepClone());
                break;
            default:
                _words.Append(value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString());
                break;
        }
    }

    public readonly void AppendFormatted(string? value) => _words.Append(value);

    public readonly void AppendFormatted<T>(T value) => _words.Append(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());

    internal readonly JsonNode ToNode()
    {
        Flush();
        return _parts is [JsonValue only] ? only.DeepClone() : _parts.Count == 0 ? JsonValue.Create("") : new JsonObject { [CardData.Parts] = _parts };
    }

    private readonly void Flush()
    {
        if (_words.Length > 0)
        {
            _parts.Add(JsonValue.Create(_words.ToString()));
            _words.Clear();
        }
    }
}
