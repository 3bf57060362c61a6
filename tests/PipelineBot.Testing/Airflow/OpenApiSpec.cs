using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace PipelineBot.Testing.Airflow;

/// <summary>An operation of a spec that a request matched, with the values of its path parameters (unescaped).</summary>
public sealed record SpecOperation(string Template, string Method, string OperationId, JsonObject Operation, JsonObject PathItem, IReadOnlyDictionary<string, string> PathValues);

/// <summary>
/// An OpenAPI document (3.0 or 3.1, YAML) to check HTTP traffic against: which operation a request is, whether its
/// path, query and body are what that operation declares, and whether an answer has the declared shape.
/// </summary>
public sealed class OpenApiSpec
{
    private static readonly ConcurrentDictionary<string, OpenApiSpec> Loaded = new();

    private readonly List<(string Template, string[] Segments, JsonObject PathItem)> _paths;

    private OpenApiSpec(JsonNode document)
    {
        Document = document;
        // Airflow 2's spec puts /api/v1 in servers; Airflow 3's writes /api/v2 into every path.
        var basePath = document["servers"]?[0]?["url"] is JsonValue url && url.GetValue<string>().StartsWith('/') ? url.GetValue<string>().TrimEnd('/') : "";
        _paths = [.. (document["paths"] as JsonObject ?? []).Select(p => (basePath + p.Key, (basePath + p.Key).Split('/'), (JsonObject)p.Value!))];
    }

    public JsonNode Document { get; }

    /// <summary>The spec in a YAML file; each file is read once per test run.</summary>
    public static OpenApiSpec Load(string path) => Loaded.GetOrAdd(Path.GetFullPath(path), p => new OpenApiSpec(YamlJson.Load(p)));

    /// <summary>
    /// The operation <paramref name="method"/> <paramref name="rawPath"/> (escaped, as on the wire) is, or why it is none.
    /// A literal segment beats a parameter, as in OpenAPI (<c>/dags/~/dagRuns/list</c> over <c>/dags/{dag_id}/dagRuns/{dag_run_id}</c>).
    /// </summary>
    public (SpecOperation? Operation, string? Problem) Find(string method, string rawPath)
    {
        var segments = rawPath.Split('/').Select(Uri.UnescapeDataString).ToArray();
        var matches = _paths
            .Select(p => (p.Template, p.PathItem, Values: Match(p.Segments, segments), Literals: p.Segments.Count(s => !s.StartsWith('{'))))
            .Where(m => m.Values is not null)
            .ToList();
        if (matches.Count == 0)
        {
            return (null, $"no path of the spec matches {rawPath}");
        }

        var key = method.ToLowerInvariant();
        var withMethod = matches.Where(m => m.PathItem[key] is JsonObject).OrderByDescending(m => m.Literals).ToList();
        if (withMethod.Count == 0)
        {
            var allowed = matches.SelectMany(m => m.PathItem.Select(p => p.Key.ToUpperInvariant())).Where(IsMethod).Distinct();
            return (null, $"{method} is not an operation of {string.Join(", ", matches.Select(m => m.Template))} (the spec has {string.Join(", ", allowed)})");
        }

        var best = withMethod[0];
        var operation = (JsonObject)best.PathItem[key]!;
        var id = operation["operationId"] is JsonValue v ? v.GetValue<string>() : $"{method} {best.Template}";
        return (new SpecOperation(best.Template, method, id, operation, best.PathItem, best.Values!), null);
    }

    /// <summary>Everything wrong with a request to <paramref name="operation"/>: path and query parameters, content type and body.</summary>
    public IReadOnlyList<string> CheckRequest(SpecOperation operation, IEnumerable<KeyValuePair<string, StringValues>> query, string? contentType, string body)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var check = new SchemaCheck(Document, inRequest: true);
        var parameters = Parameters(operation);
        foreach (var parameter in parameters.Where(p => In(p) == "path"))
        {
            var name = Name(parameter);
            if (operation.PathValues.TryGetValue(name, out var value))
            {
                check.Check(ParameterValue(parameter, [value], check), parameter["schema"], $"path.{name}");
            }
        }

        var declared = parameters.Where(p => In(p) == "query").ToDictionary(Name);
        var given = query.ToList();
        foreach (var (name, values) in given)
        {
            if (!declared.TryGetValue(name, out var parameter))
            {
                check.Problems.Add($"query parameter '{name}' is not declared for {operation.Method} {operation.Template}");
            }
            else
            {
                check.Check(ParameterValue(parameter, [.. values.Select(v => v ?? "")], check), parameter["schema"], $"query.{name}");
            }
        }

        foreach (var missing in declared.Values.Where(p => IsTrue(p["required"]) && given.All(g => g.Key != Name(p))))
        {
            check.Problems.Add($"query parameter '{Name(missing)}' is required");
        }

        CheckBody(operation, contentType, body, check);
        return check.Problems;
    }

    /// <summary>Whether an answer has the shape the operation declares for its status.</summary>
    public IReadOnlyList<string> CheckResponse(SpecOperation operation, int status, JsonNode? body)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var responses = operation.Operation["responses"] as JsonObject ?? [];
        var declared = responses[status.ToString(CultureInfo.InvariantCulture)] ?? responses[$"{status / 100}XX"] ?? responses["default"];
        if (declared is null)
        {
            return [$"{operation.OperationId} declares no {status} answer"];
        }

        var schema = SchemaCheck.Resolve(Document, declared)?["content"]?["application/json"]?["schema"];
        if (schema is null)
        {
            return [];
        }

        var check = new SchemaCheck(Document, inRequest: false);
        check.Check(body, schema, "response");
        return check.Problems;
    }

    /// <summary>Everything wrong with a value for <paramref name="schema"/> (a schema of this spec, or one with no <c>$ref</c>s).</summary>
    public IReadOnlyList<string> CheckValue(JsonNode? value, JsonNode schema, bool inRequest, string at = "body")
    {
        var check = new SchemaCheck(Document, inRequest);
        check.Check(value, schema, at);
        return check.Problems;
    }

    /// <summary>The whole check of one request, for a test of the checker itself: the lookup, then <see cref="CheckRequest"/>.</summary>
    public IReadOnlyList<string> Check(string method, string rawPathAndQuery, string? contentType = null, string body = "")
    {
        ArgumentNullException.ThrowIfNull(rawPathAndQuery);
        var parts = rawPathAndQuery.Split('?', 2);
        var (operation, problem) = Find(method, parts[0]);
        return operation is null
            ? [problem!]
            : CheckRequest(operation, QueryHelpers.ParseQuery(parts.Length > 1 ? parts[1] : null), contentType, body);
    }

    private void CheckBody(SpecOperation operation, string? contentType, string body, SchemaCheck check)
    {
        var requestBody = SchemaCheck.Resolve(Document, operation.Operation["requestBody"]) as JsonObject;
        if (body.Length == 0)
        {
            if (requestBody is not null && IsTrue(requestBody["required"]))
            {
                check.Problems.Add($"{operation.OperationId} needs a body");
            }

            return;
        }

        if (requestBody?["content"] is not JsonObject content)
        {
            check.Problems.Add($"{operation.OperationId} takes no body");
            return;
        }

        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        if (content[mediaType] is not JsonObject media)
        {
            check.Problems.Add($"content type '{contentType}' is not one of {string.Join(", ", content.Select(c => c.Key))}");
            return;
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            check.Problems.Add($"the body is not JSON: {e.Message}");
            return;
        }

        check.Check(json, media["schema"], "body");
    }

    /// <summary>The path item's parameters with the operation's own laid over them (same name and place).</summary>
    private List<JsonObject> Parameters(SpecOperation operation)
    {
        var all = (operation.PathItem["parameters"] as JsonArray ?? []).Concat(operation.Operation["parameters"] as JsonArray ?? [])
            .Select(p => (JsonObject)SchemaCheck.Resolve(Document, p)!);
        return [.. all.GroupBy(p => (In(p), Name(p))).Select(g => g.Last())];
    }

    // Query and path values are text; the schema says what they stand for (form style: an array is the key repeated).
    private JsonNode? ParameterValue(JsonObject parameter, string[] values, SchemaCheck check)
    {
        var types = SchemaCheck.Types(Document, parameter["schema"]).ToHashSet();
        if (types.Contains("array"))
        {
            var items = ArraySchema(parameter["schema"])?["items"];
            var itemTypes = SchemaCheck.Types(Document, items).ToHashSet();
            return new JsonArray([.. values.Select(v => Typed(v, itemTypes))]);
        }

        if (values.Length != 1)
        {
            check.Problems.Add($"parameter '{Name(parameter)}' is given {values.Length} times");
        }

        return Typed(values[0], types);
    }

    private JsonObject? ArraySchema(JsonNode? schemaNode)
    {
        var schema = SchemaCheck.Resolve(Document, schemaNode) as JsonObject;
        if (schema?["items"] is not null)
        {
            return schema;
        }

        return (schema?["anyOf"] as JsonArray ?? []).Select(ArraySchema).FirstOrDefault(s => s is not null);
    }

    private static JsonValue Typed(string text, HashSet<string> types) => text switch
    {
        _ when types.Contains("integer") && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        _ when types.Contains("number") && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        "true" or "false" when types.Contains("boolean") => JsonValue.Create(text == "true"),
        _ => JsonValue.Create(text),
    };

    private static Dictionary<string, string>? Match(string[] template, string[] path)
    {
        if (template.Length != path.Length)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{') && template[i].EndsWith('}'))
            {
                if (path[i].Length == 0)
                {
                    return null;
                }

                values[template[i][1..^1]] = path[i];
            }
            else if (template[i] != path[i])
            {
                return null;
            }
        }

        return values;
    }

    private static string In(JsonObject parameter) => parameter["in"]!.GetValue<string>();

    private static string Name(JsonObject parameter) => parameter["name"]!.GetValue<string>();

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue(out bool b) && b;

    private static bool IsMethod(string key) => key is "GET" or "PUT" or "POST" or "DELETE" or "PATCH" or "HEAD" or "OPTIONS" or "TRACE";
}
