using System.Text;
using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// One node of a compiled template. Templates are compiled once when they load, so a render walks ready nodes and builds
/// fresh JSON nodes; data only ever becomes JSON values, never template or JSON syntax.
/// </summary>
internal abstract class TemplateNode
{
    public abstract JsonNode? Expand(TemplateScope scope);

    /// <summary>What the node contributes to the array it is an item of: itself, or (with <c>$data</c>/<c>$when</c>) zero or more copies.</summary>
    public virtual IEnumerable<JsonNode?> ExpandItems(TemplateScope scope) => [Expand(scope)];
}

/// <summary>A part of the template without bindings: copied as it is.</summary>
internal sealed class LiteralNode(JsonNode? value) : TemplateNode
{
    public override JsonNode? Expand(TemplateScope scope) => value?.DeepClone();
}

internal sealed class ObjectNode(IReadOnlyList<KeyValuePair<string, TemplateNode>> properties) : TemplateNode
{
    public override JsonNode? Expand(TemplateScope scope)
    {
        var result = new JsonObject();
        foreach (var (name, value) in properties)
        {
            result[name] = value.Expand(scope);
        }

        return result;
    }
}

internal sealed class ArrayNode(IReadOnlyList<TemplateNode> items) : TemplateNode
{
    public override JsonNode? Expand(TemplateScope scope)
    {
        var result = new JsonArray();
        foreach (var item in items)
        {
            foreach (var expanded in item.ExpandItems(scope))
            {
                result.Add(expanded);
            }
        }

        return result;
    }
}

/// <summary>
/// An array item with <c>$data</c> and/or <c>$when</c>. <c>$data</c> bound to an array repeats the item once per entry,
/// to anything else makes that value the item's data, and to nothing drops the item; <c>$when</c> is then evaluated in
/// the item's own data and keeps the item only when true.
/// </summary>
internal sealed class RepeatedNode(TemplateExpression? data, TemplateExpression? when, TemplateNode body) : TemplateNode
{
    public override JsonNode? Expand(TemplateScope scope) => throw new InvalidOperationException("$data and $when apply to array items only.");

    public override IEnumerable<JsonNode?> ExpandItems(TemplateScope scope)
    {
        foreach (var itemScope in Scopes(scope))
        {
            if (when is null || when.IsTrue(itemScope))
            {
                yield return body.Expand(itemScope);
            }
        }
    }

    private IEnumerable<TemplateScope> Scopes(TemplateScope scope)
    {
        if (data is null)
        {
            yield return scope;
            yield break;
        }

        switch (data.Evaluate(scope))
        {
            case null:
                yield break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    yield return scope.Item(items[i], i);
                }

                break;
            case var single:
                yield return scope.Item(single, 0);
                break;
        }
    }
}

/// <summary>
/// A string with bindings. Exactly <c>${x}</c> in a plain position takes x's JSON value (a number stays a number);
/// elsewhere, and for a time, a link or text made of parts, each binding adds what the <see cref="CardWriter"/> makes
/// of the value. In Markdown positions (a TextBlock's text, a fact) data text is Markdown-escaped, so what someone
/// typed shows as typed and cannot turn into a link or a list.
/// </summary>
internal sealed class TextNode(IReadOnlyList<object> parts, TextPosition position) : TemplateNode
{
    public override JsonNode? Expand(TemplateScope scope)
    {
        // Markdown positions are strings in the schema, so there a whole binding still becomes text.
        if (parts is [TemplateExpression whole] && position == TextPosition.Plain && whole.Evaluate(scope) is var value && !CardWriter.IsShaped(value))
        {
            return value?.DeepClone() ?? JsonValue.Create("");
        }

        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part is TemplateExpression binding ? scope.Writer.Write(binding.Evaluate(scope), position) : (string)part);
        }

        return JsonValue.Create(text.ToString());
    }
}
