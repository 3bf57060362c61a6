using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PipelineBot.Testing.Airflow;

/// <summary>
/// Checks a JSON value against an OpenAPI schema: the subset the Airflow specs use, from OpenAPI 3.0 (<c>nullable</c>,
/// <c>readOnly</c>) and 3.1 (<c>type: 'null'</c>, <c>prefixItems</c>). <c>$ref</c>s are resolved in the spec's document.
/// In a request a read-only property is refused, as Airflow 2's validator does.
/// </summary>
internal sealed partial class SchemaCheck(JsonNode document, bool inRequest)
{
    private const int DeepestRef = 64;

    public List<string> Problems { get; } = [];

    public void Check(JsonNode? value, JsonNode? schemaNode, string at)
    {
        if (schemaNode is JsonValue always && always.TryGetValue(out bool allowed))
        {
            if (!allowed)
            {
                Problems.Add($"{at} is not allowed here");
            }

            return;
        }

        if (Resolve(document, schemaNode) is not JsonObject schema)
        {
            return;
        }

        if (inRequest && schema["readOnly"] is JsonValue ro && ro.TryGetValue(out bool readOnly) && readOnly)
        {
            Problems.Add($"{at} is read-only: it may not be sent");
            return;
        }

        if (schema["allOf"] is JsonArray all)
        {
            foreach (var part in all)
            {
                Check(value, part, at);
            }
        }

        if (schema["anyOf"] is JsonArray any)
        {
            var fits = any.Select(choice => Try(value, choice, at)).ToList();
            if (fits.All(f => f.Count > 0))
            {
                Problems.Add($"{at} matches none of its anyOf choices ({string.Join(" | ", fits.Select(f => f[0]))})");
            }
        }

        if (schema["oneOf"] is JsonArray one && one.Count(choice => Try(value, choice, at).Count == 0) != 1)
        {
            Problems.Add($"{at} does not match exactly one of its oneOf choices");
        }

        if (!TypeFits(value, schema, at))
        {
            return;
        }

        if (schema["enum"] is JsonArray choices && !choices.Any(c => JsonNode.DeepEquals(c, value)))
        {
            Problems.Add($"{at} is {Show(value)}, not one of {choices.ToJsonString()}");
        }

        switch (value)
        {
            case JsonObject o:
                CheckObject(o, schema, at);
                break;
            case JsonArray a:
                CheckArray(a, schema, at);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                CheckString(v.GetValue<string>(), schema, at);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                CheckNumber(Number(v), schema, at);
                break;
        }
    }

    /// <summary>Follows <c>$ref</c>s (<c>#/components/...</c>) to the schema, parameter or response they name.</summary>
    public static JsonNode? Resolve(JsonNode document, JsonNode? node)
    {
        for (var depth = 0; node is JsonObject o && o["$ref"] is JsonValue reference && reference.TryGetValue(out string? pointer); depth++)
        {
            if (depth == DeepestRef || !pointer.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Cannot follow $ref '{pointer}'.");
            }

            node = document;
            foreach (var step in pointer[2..].Split('/'))
            {
                node = node?[step.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                    ?? throw new InvalidDataException($"$ref '{pointer}' names nothing in the spec.");
            }
        }

        return node;
    }

    /// <summary>The types a schema allows, its anyOf/oneOf choices included.</summary>
    public static IEnumerable<string> Types(JsonNode document, JsonNode? schemaNode)
    {
        if (Resolve(document, schemaNode) is not JsonObject schema)
        {
            return [];
        }

        var own = schema["type"] switch
        {
            JsonArray list => list.Select(t => t!.GetValue<string>()),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        var choices = (schema["anyOf"] as JsonArray ?? []).Concat(schema["oneOf"] as JsonArray ?? []);
        return [.. own, .. choices.SelectMany(c => Types(document, c))];
    }

    private List<string> Try(JsonNode? value, JsonNode? schema, string at)
    {
        var trial = new SchemaCheck(document, inRequest);
        trial.Check(value, schema, at);
        return trial.Problems;
    }

    private bool TypeFits(JsonNode? value, JsonObject schema, string at)
    {
        var types = schema["type"] switch
        {
            JsonArray list => [.. list.Select(t => t!.GetValue<string>())],
            JsonValue one => [one.GetValue<string>()],
            _ => (string[])[],
        };
        var nullable = schema["nullable"] is JsonValue n && n.TryGetValue(out bool isNullable) && isNullable;
        if (value is null)
        {
            var enumAllowsNull = schema["enum"] is not JsonArray choices || choices.Any(c => c is null);
            if ((types.Length > 0 && !types.Contains("null") && !nullable) || (!nullable && !enumAllowsNull))
            {
                Problems.Add($"{at} is null, but must be {(types.Length > 0 ? string.Join(" or ", types) : "one of " + schema["enum"]!.ToJsonString())}");
            }

            return false;
        }

        if (types.Length > 0 && !types.Any(t => IsOfType(value, t)))
        {
            Problems.Add($"{at} is {Show(value)}, but must be {string.Join(" or ", types)}");
            return false;
        }

        return true;
    }

    private void CheckObject(JsonObject value, JsonObject schema, string at)
    {
        var properties = schema["properties"] as JsonObject;
        foreach (var name in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (!value.ContainsKey(name) && !SkippedHere(properties?[name]))
            {
                Problems.Add($"{at} lacks the required property '{name}'");
            }
        }

        foreach (var (name, property) in value)
        {
            if (properties?[name] is { } propertySchema)
            {
                Check(property, propertySchema, $"{at}.{name}");
            }
            else if (schema["additionalProperties"] is JsonValue extra && extra.TryGetValue(out bool extraAllowed) && !extraAllowed)
            {
                Problems.Add($"{at}.{name} is not a property of this schema (additionalProperties: false)");
            }
            else if (schema["additionalProperties"] is JsonObject extraSchema)
            {
                Check(property, extraSchema, $"{at}.{name}");
            }
        }
    }

    // OpenAPI: a required read-only property is required in answers only, a write-only one in requests only.
    private bool SkippedHere(JsonNode? propertySchema) =>
        Resolve(document, propertySchema) is JsonObject p
        && p[inRequest ? "readOnly" : "writeOnly"] is JsonValue flag && flag.TryGetValue(out bool set) && set;

    private void CheckArray(JsonArray value, JsonObject schema, string at)
    {
        if (schema["minItems"] is JsonValue min && value.Count < Number(min))
        {
            Problems.Add($"{at} has {value.Count} items, fewer than {min}");
        }

        if (schema["maxItems"] is JsonValue max && value.Count > Number(max))
        {
            Problems.Add($"{at} has {value.Count} items, more than {max}");
        }

        var leading = schema["prefixItems"] as JsonArray ?? [];
        for (var i = 0; i < value.Count; i++)
        {
            Check(value[i], i < leading.Count ? leading[i] : schema["items"], $"{at}[{i}]");
        }
    }

    private void CheckString(string value, JsonObject schema, string at)
    {
        if (schema["minLength"] is JsonValue min && value.Length < Number(min))
        {
            Problems.Add($"{at} is shorter than {min} characters");
        }

        if (schema["maxLength"] is JsonValue max && value.Length > Number(max))
        {
            Problems.Add($"{at} is longer than {max} characters");
        }

        if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(value, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            Problems.Add($"{at} '{value}' does not match the pattern {pattern}");
        }

        var format = (schema["format"] as JsonValue)?.GetValue<string>();
        var fits = format switch
        {
            // Airflow 2's spec also spells it "datetime". Both versions refuse a time without an offset.
            "date-time" or "datetime" => DateTimeWithOffset().IsMatch(value)
                && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "uuid" => Guid.TryParse(value, out _),
            _ => true,
        };
        if (!fits)
        {
            Problems.Add($"{at} '{value}' is not a {format}");
        }
    }

    private void CheckNumber(double value, JsonObject schema, string at)
    {
        if (schema["minimum"] is JsonValue min && value < Number(min))
        {
            Problems.Add($"{at} is {value}, less than the minimum {min}");
        }

        if (schema["maximum"] is JsonValue max && value > Number(max))
        {
            Problems.Add($"{at} is {value}, more than the maximum {max}");
        }
    }

    private static bool IsOfType(JsonNode value, string type) => (type, value) switch
    {
        ("object", JsonObject) => true,
        ("array", JsonArray) => true,
        ("string", JsonValue v) => v.GetValueKind() == JsonValueKind.String,
        ("boolean", JsonValue v) => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        ("number", JsonValue v) => v.GetValueKind() == JsonValueKind.Number,
        ("integer", JsonValue v) => v.GetValueKind() == JsonValueKind.Number && Math.Abs(Number(v) % 1) < double.Epsilon,
        _ => false,
    };

    // A number node may hold a long (read from YAML) or a JSON element (read from a body): its JSON text is the common ground.
    private static double Number(JsonNode number) => double.Parse(number.ToJsonString(), CultureInfo.InvariantCulture);

    private static string Show(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length <= 60 ? text : text[..60] + "…";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$")]
    private static partial Regex DateTimeWithOffset();
}
