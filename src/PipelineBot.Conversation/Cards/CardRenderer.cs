using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// Turns a <see cref="CardContent"/> into what each channel sends: an Adaptive Card 1.5 (Teams, web chat) or Slack
/// Block Kit blocks, plus a one-line summary for notifications. Templates write buttons as <c>Action.Execute</c>
/// with a verb and data; each channel gets them in the form its client can send back.
/// </summary>
public sealed class CardRenderer(CardTemplates templates)
{
    private const int SummaryLength = 150;

    /// <summary>The card for <paramref name="reader"/>, whose buttons are what the client of <paramref name="style"/> sends.</summary>
    public JsonObject Render(CardContent content, ButtonStyle style, CardReader reader)
    {
        var card = Expand(content, reader);
        card["version"] = "1.5";
        return (JsonObject)Buttons(card, style)!;
    }

    /// <summary>The card as Slack blocks for <paramref name="reader"/>; see <see cref="BlockKitWriter"/> for what each element becomes.</summary>
    public JsonArray RenderBlocks(CardContent content, CardReader reader) => new BlockKitWriter(reader.Zone).Write(Expand(content, reader));

    /// <summary>
    /// The card's first text as one plain line of at most 150 characters (the fallback text of a notification). It is
    /// plain text, not escaped for any channel: a channel that parses its notification text escapes it.
    /// </summary>
    public string Summary(CardContent content, CardReader reader)
    {
        var card = Expand(content, reader);
        var text = FirstText(card) ?? (card["fallbackText"] as JsonValue)?.ToString() ?? content.Template;
        var line = string.Join(' ', CardMarkdown.ToPlain(text, reader.Zone).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return BlockKitWriter.Truncate(line, SummaryLength);
    }

    private JsonObject Expand(CardContent content, CardReader reader)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(reader);
        return templates[content.Template].Expand(content.Data, reader);
    }

    /// <summary>Every button verb of the template named <paramref name="template"/>.</summary>
    public IReadOnlyCollection<string> VerbsIn(string template) => templates[template].Verbs;

    private static string? FirstText(JsonNode? node) => node switch
    {
        JsonObject { } obj when Type(obj) == "TextBlock" && obj["text"] is JsonValue text && text.ToString().Trim().Length > 0 => text.ToString(),
        JsonObject obj => obj.Where(p => p.Key is "body" or "items" or "columns").Select(p => FirstText(p.Value)).FirstOrDefault(t => t is not null),
        JsonArray array => array.Select(FirstText).FirstOrDefault(t => t is not null),
        _ => null,
    };

    /// <summary>
    /// Teams keeps <c>Action.Execute</c> and gets an <c>Action.Submit</c> fallback (clients before 1.4 send that instead);
    /// the web chat gets <c>Action.Submit</c> only. Either Submit carries <c>{ "verb": ..., ...data }</c>.
    /// </summary>
    private static JsonNode? Buttons(JsonNode? node, ButtonStyle style)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Buttons(array[i], style) is var changed && !ReferenceEquals(changed, array[i]))
                    {
                        array[i] = changed;
                    }
                }

                return array;
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (Buttons(value, style) is var changed && !ReferenceEquals(changed, value))
                    {
                        obj[name] = changed;
                    }
                }

                if (Type(obj) != "Action.Execute")
                {
                    return obj;
                }

                if (style == ButtonStyle.Submit)
                {
                    return Submit(obj);
                }

                obj["fallback"] = Submit(obj);
                return obj;
            default:
                return node;
        }
    }

    private static JsonObject Submit(JsonObject execute)
    {
        var data = new JsonObject { [CardActions.VerbKey] = execute["verb"]!.DeepClone() };
        foreach (var (name, value) in execute["data"] as JsonObject ?? [])
        {
            data[name] = value?.DeepClone();
        }

        var submit = new JsonObject { ["type"] = "Action.Submit" };
        foreach (var (name, value) in execute)
        {
            if (name is not ("type" or "verb" or "data" or "fallback"))
            {
                submit[name] = value?.DeepClone();
            }
        }

        submit["data"] = data;
        return submit;
    }

    internal static string? Type(JsonObject obj) =>
        obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String ? type.GetValue<string>() : null;
}
