using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Cards;

/// <summary>Turns a template's JSON into <see cref="TemplateNode"/>s, checking bindings and buttons on the way.</summary>
internal sealed class TemplateCompiler
{
    private readonly SortedSet<string> _verbs = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Verbs => _verbs;

    /// <param name="owner">The <c>type</c> of the object holding this value, if any.</param>
    /// <param name="property">The name of the property holding this value, if any.</param>
    public TemplateNode Compile(JsonNode? node, string path, string? owner, string? property) => node switch
    {
        JsonObject obj => Object(obj, path, itemOf: null),
        JsonArray array => Array(array, path, owner, property),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Text(value.GetValue<string>(), path, PositionOf(owner, property)),
        _ => new LiteralNode(node),
    };

    private TemplateNode Array(JsonArray array, string path, string? owner, string? property)
    {
        var items = new List<TemplateNode>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            items.Add(array[i] is JsonObject item
                ? Object(item, itemPath, itemOf: owner == "FactSet" && property == "facts" ? "Fact" : property)
                : Compile(array[i], itemPath, owner, property));
        }

        return items.All(item => item is LiteralNode) ? new LiteralNode(array) : new ArrayNode(items);
    }

    /// <param name="itemOf">For an array item, the array's property name (or "Fact" for a fact): only array items may repeat.</param>
    private TemplateNode Object(JsonObject obj, string path, string? itemOf)
    {
        var type = obj["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : itemOf == "Fact" ? "Fact" : null;
        if (type == "Action.Execute")
        {
            Button(obj, path);
        }
        else if (type == "Action.Submit")
        {
            throw new FormatException($"{path}: templates write buttons as Action.Execute with a verb; the renderer makes the Action.Submit each client needs.");
        }

        var properties = new List<KeyValuePair<string, TemplateNode>>(obj.Count);
        TemplateExpression? data = null, when = null;
        foreach (var (name, value) in obj)
        {
            switch (name)
            {
                case "$data" or "$when" when itemOf is null:
                    throw new FormatException($"{path}.{name}: only an item of an array (an element, an action, a fact) can have {name}.");
                case "$data":
                    data = WholeBinding(value, $"{path}.$data");
                    break;
                case "$when":
                    when = WholeBinding(value, $"{path}.$when");
                    break;
                default:
                    properties.Add(new(name, Compile(value, $"{path}.{name}", type, name)));
                    break;
            }
        }

        if (data is null && when is null)
        {
            return properties.All(p => p.Value is LiteralNode) ? new LiteralNode(obj) : new ObjectNode(properties);
        }

        return new RepeatedNode(data, when, new ObjectNode(properties));
    }

    private void Button(JsonObject action, string path)
    {
        if (action["verb"] is not JsonValue verb || verb.GetValueKind() != JsonValueKind.String || !CardActions.IsVerb(verb.GetValue<string>()))
        {
            throw new FormatException($"{path}.verb: an Action.Execute needs a literal verb (letters, digits, '.', '_', '-', ':').");
        }

        if (action["data"] is { } data && (data is not JsonObject fields || fields.ContainsKey(CardActions.VerbKey)))
        {
            throw new FormatException($"{path}.data: a button's data is an object without a \"{CardActions.VerbKey}\" field (Submit buttons carry the verb there).");
        }

        _verbs.Add(verb.GetValue<string>());
    }

    private static TemplateExpression WholeBinding(JsonNode? value, string path) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String && Parts(v.GetValue<string>(), path) is [TemplateExpression expression]
            ? expression
            : throw new FormatException($"{path}: expected a single binding such as \"${{items}}\".");

    private static TemplateNode Text(string text, string path, TextPosition position)
    {
        var parts = Parts(text, path);
        return parts is [string] or [] ? new LiteralNode(JsonValue.Create(text)) : new TextNode(parts, position);
    }

    /// <summary>The literal runs (strings) and bindings (<see cref="TemplateExpression"/>s) of a string, in order.</summary>
    private static List<object> Parts(string text, string path)
    {
        var parts = new List<object>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("${", at, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(text[at..]);
                break;
            }

            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"{path}: '${{' without a closing '}}'.");
            }

            if (open > at)
            {
                parts.Add(text[at..open]);
            }

            try
            {
                parts.Add(TemplateExpression.Parse(text[(open + 2)..close]));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{path}: {e.Message}", e);
            }

            at = close + 1;
        }

        return parts;
    }

    /// <summary>The properties Adaptive Cards render as Markdown: a TextBlock's text and a fact's title and value.</summary>
    private static TextPosition PositionOf(string? owner, string? property) => (owner, property) switch
    {
        ("TextBlock", "text") => TextPosition.TextBlock,
        ("Fact", "title" or "value") => TextPosition.Markdown,
        _ => TextPosition.Plain,
    };
}
