using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// Writes an expanded Adaptive Card as Slack Block Kit. TextBlock: a section of mrkdwn (a heading: a header block);
/// FactSet: section fields; Container, Column and ColumnSet: their items, flattened; Image: an image block;
/// <c>Action.Execute</c> buttons: <c>button</c>s in an <c>actions</c> block, <c>action_id</c> <c>verb#n</c> (unique in
/// the message) and <c>value</c> the data's JSON; <c>Action.OpenUrl</c>: a link button. Inputs, media, tables and
/// show-card or toggle actions have no Slack message equivalent and are left out. Slack's limits are kept: text is
/// cut to each field's maximum, at most 10 fields a section, 25 elements an actions block and 50 blocks a message.
/// </summary>
/// <param name="zone">The zone of a time written for each reader, for Slack clients that cannot write it so.</param>
internal sealed class BlockKitWriter(DateTimeZone zone)
{
    // https://docs.slack.dev/reference/block-kit/blocks and .../block-elements/button-element
    private const int MaxBlocks = 50;
    private const int MaxActions = 25;
    private const int MaxFields = 10;
    private const int SectionText = 3000;
    private const int FieldText = 2000;
    private const int HeaderText = 150;
    private const int ButtonText = 75;
    private const int ButtonValue = 2000;
    private const int UrlLength = 3000;
    private const int AltText = 2000;

    // The value is a string inside Slack's JSON, never HTML: escaping only what JSON needs keeps names in other
    // alphabets from growing sixfold against the 2000-character limit.
    private static readonly JsonSerializerOptions CompactValue = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<JsonObject> _blocks = [];
    private int _buttons;

    public JsonArray Write(JsonObject card)
    {
        Elements(card["body"]);
        Actions(card["actions"]);

        // Over Slack's block limit, text goes before buttons: a card that cannot be acted on is worse than a shorter one.
        while (_blocks.Count > MaxBlocks)
        {
            _blocks.RemoveAt(_blocks.FindLastIndex(b => CardRenderer.Type(b) != "actions") is var last and >= 0 ? last : _blocks.Count - 1);
        }

        return [.. _blocks];
    }

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters, with an ellipsis where it was cut.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    private void Elements(JsonNode? elements)
    {
        foreach (var element in (elements as JsonArray ?? []).OfType<JsonObject>())
        {
            if (element["isVisible"] is JsonValue visible && visible.ToString() == "false")
            {
                continue;
            }

            switch (CardRenderer.Type(element))
            {
                case "TextBlock":
                    TextBlock(element);
                    break;
                case "RichTextBlock":
                    RichText(element);
                    break;
                case "FactSet":
                    Facts(element);
                    break;
                case "Container" or "Column":
                    Elements(element["items"]);
                    break;
                case "ColumnSet":
                    Elements(element["columns"]);
                    break;
                case "Image":
                    Image(element);
                    break;
                case "ImageSet":
                    Elements(element["images"]);
                    break;
                case "ActionSet":
                    Actions(element["actions"]);
                    break;
            }
        }
    }

    private void TextBlock(JsonObject element)
    {
        var text = Text(element["text"]);
        if (text.Trim().Length == 0)
        {
            return;
        }

        if (Text(element["style"]) == "heading" || Text(element["size"]) is "Large" or "ExtraLarge")
        {
            _blocks.Add(new JsonObject { ["type"] = "header", ["text"] = Plain(CardMarkdown.ToPlain(text, zone), HeaderText) });
        }
        else
        {
            _blocks.Add(Section(CardMarkdown.ToMrkdwn(Text(element["weight"]) == "Bolder" && !text.Contains('\n', StringComparison.Ordinal) ? $"**{text}**" : text, zone)));
        }
    }

    private void RichText(JsonObject element)
    {
        // TextRuns are plain text in Adaptive Cards: escaped as literal text, no Markdown.
        var text = string.Concat((element["inlines"] as JsonArray ?? []).Select(i => i is JsonObject run ? Text(run["text"]) : Text(i)));
        if (text.Trim().Length > 0)
        {
            _blocks.Add(Section(CardMarkdown.ToMrkdwn(CardMarkdown.Escape(text), zone)));
        }
    }

    private void Facts(JsonObject element)
    {
        var fields = (element["facts"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(f => Mrkdwn(CardMarkdown.ToMrkdwn($"**{Text(f["title"])}**\n{Text(f["value"])}", zone), FieldText))
            .ToList();
        foreach (var chunk in fields.Chunk(MaxFields))
        {
            _blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. chunk]) });
        }
    }

    private void Image(JsonObject element)
    {
        var url = Text(element["url"]);
        if (url.Length is > 0 and <= UrlLength)
        {
            var alt = Text(element["altText"]);
            _blocks.Add(new JsonObject
            {
                ["type"] = "image",
                ["image_url"] = url,
                ["alt_text"] = Truncate(alt.Length > 0 ? alt : "image", AltText),
            });
        }
    }

    private void Actions(JsonNode? actions)
    {
        var buttons = (actions as JsonArray ?? []).OfType<JsonObject>().Select(Button).OfType<JsonObject>().ToList();
        foreach (var chunk in buttons.Chunk(MaxActions))
        {
            _blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray([.. chunk]) });
        }
    }

    private JsonObject? Button(JsonObject action)
    {
        var type = CardRenderer.Type(action);
        if (type is not ("Action.Execute" or "Action.OpenUrl") || (type == "Action.OpenUrl" && Text(action["url"]).Length is 0 or > UrlLength))
        {
            return null;
        }

        var title = Text(action["title"]);
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = Plain(title.Length > 0 ? title : type == "Action.OpenUrl" ? "Open" : Text(action["verb"]), ButtonText),
        };
        _buttons++;
        if (type == "Action.OpenUrl")
        {
            // Slack still posts a click on a link button to the app; '@' is no verb, so CardActions.FromSlack ignores it.
            button["action_id"] = $"@link#{_buttons}";
            button["url"] = Text(action["url"]);
        }
        else
        {
            var verb = Text(action["verb"]);
            var value = (action["data"] ?? new JsonObject()).ToJsonString(CompactValue);
            if (value.Length > ButtonValue)
            {
                throw new InvalidOperationException($"The data of button '{verb}' is {value.Length} characters of JSON; Slack takes at most {ButtonValue}.");
            }

            button["action_id"] = CardActions.SlackActionId(verb, _buttons);
            button["value"] = value;
        }

        if (Text(action["style"]) is var style && style is "positive" or "destructive")
        {
            button["style"] = style == "positive" ? "primary" : "danger";
        }

        return button;
    }

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn, SectionText) };

    private static JsonObject Mrkdwn(string text, int max) => new() { ["type"] = "mrkdwn", ["text"] = Truncate(text, max) };

    private static JsonObject Plain(string text, int max) => new() { ["type"] = "plain_text", ["text"] = Truncate(text, max), ["emoji"] = true };

    private static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : "";
}
