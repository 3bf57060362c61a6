using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// The subset of the Adaptive Cards expression language the templates use: a dotted path (<c>a.b</c>) from the current
/// item, from <c>$root</c> or <c>$data</c>, or <c>$index</c>, optionally negated with <c>!</c> (for <c>$when</c>).
/// Anything richer is refused when the template loads, so a template never half-works.
/// </summary>
internal sealed partial class TemplateExpression
{
    private readonly bool _negated;
    private readonly string[] _path;

    private TemplateExpression(bool negated, string[] path) => (_negated, _path) = (negated, path);

    public static TemplateExpression Parse(string text)
    {
        var trimmed = text.Trim();
        if (!Path().IsMatch(trimmed))
        {
            throw new FormatException($"'${{{text}}}' is not a supported binding (a name, a.b, $root.x, $data, $index, optionally with !).");
        }

        var negated = trimmed.StartsWith('!');
        return new TemplateExpression(negated, trimmed.TrimStart('!').Split('.'));
    }

    public JsonNode? Evaluate(TemplateScope scope)
    {
        var value = Lookup(scope);
        return _negated ? JsonValue.Create(!IsTruthy(value)) : value;
    }

    public bool IsTrue(TemplateScope scope) => IsTruthy(Evaluate(scope));

    /// <summary>As in the templating language's JavaScript roots: null, false, 0, "" and [] are false; anything else is true.</summary>
    public static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject => true,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) != 0,
            _ => true,
        },
        _ => true,
    };

    private JsonNode? Lookup(TemplateScope scope)
    {
        var (node, start) = _path[0] switch
        {
            "$root" => (scope.Root, 1),
            "$data" => (scope.Data, 1),
            "$index" => (JsonValue.Create(scope.Index), 1),
            _ => (scope.Data, 0),
        };
        for (var i = start; i < _path.Length && node is not null; i++)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(_path[i], out var child) ? child : null;
        }

        return node;
    }

    [GeneratedRegex(@"^!?(\$root|\$data|\$index|[A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex Path();
}
