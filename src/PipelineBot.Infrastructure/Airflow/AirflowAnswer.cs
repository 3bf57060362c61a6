using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Infrastructure.Airflow;

/// <summary>One answer from Airflow, read to the end: what was asked, the status and the body text.</summary>
internal sealed record AirflowAnswer(string Request, HttpStatusCode Status, string Body)
{
    private const int LongestQuote = 300;

    public bool Succeeded => (int)Status is >= 200 and < 300;

    /// <summary>What was asked, as the messages quote it: the method and the path with its query.</summary>
    public static string Describe(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Method} {(request.RequestUri is { IsAbsoluteUri: true } uri ? uri.PathAndQuery : request.RequestUri?.OriginalString)}";
    }

    /// <summary>Waits for the answer to a call and reads it to the end.</summary>
    public static async Task<AirflowAnswer> ReadAsync(Task<HttpResponseMessage> call, CancellationToken cancellationToken)
    {
        using var response = await call;
        return new AirflowAnswer(Describe(response.RequestMessage!), response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The body of a successful answer as JSON; any other answer is an <see cref="AirflowException"/>.</summary>
    public JsonNode Json()
    {
        if (!Succeeded)
        {
            throw Failure();
        }

        try
        {
            return JsonNode.Parse(Body) ?? throw Unexpected("a JSON body");
        }
        catch (JsonException)
        {
            throw Unexpected("a JSON body");
        }
    }

    /// <summary>Why Airflow said no, in the words of its problem body (Airflow 2: title and detail; Airflow 3: detail).</summary>
    public AirflowException Failure()
    {
        var hint = Status switch
        {
            HttpStatusCode.Unauthorized => $" (check {AirflowOptions.Section}:Username and {AirflowOptions.Section}:Password)",
            HttpStatusCode.Forbidden => $" (the Airflow account in {AirflowOptions.Section}:Username lacks the permission)",
            _ => "",
        };
        var why = Explanation();
        return new AirflowException($"Airflow answered {(int)Status} {Status} to {Request}{(why.Length > 0 ? ": " + why : "")}{hint}.", Status);
    }

    /// <summary>A successful answer that is not what the API promises: Airflow (or something in front of it) is not what the bot expects.</summary>
    public AirflowException Unexpected(string expected) =>
        new($"Airflow answered {Request} without {expected}: {Quote(Body)}", Status);

    private string Explanation()
    {
        JsonNode? problem;
        try
        {
            problem = JsonNode.Parse(Body);
        }
        catch (JsonException)
        {
            return Quote(Body);
        }

        if (problem is not JsonObject o)
        {
            return Quote(Body);
        }

        var parts = new[] { Text(o["title"]), Detail(o["detail"]) }.Where(p => p.Length > 0).Distinct().ToList();
        return parts.Count > 0 ? string.Join(": ", parts) : Quote(Body);
    }

    private static string Detail(JsonNode? detail) => detail switch
    {
        // Airflow 3's validation errors: [{ "loc": ["body", "logical_date"], "msg": "Field required", ... }].
        JsonArray errors => string.Join("; ", errors.OfType<JsonObject>().Select(e =>
            $"{string.Join('.', (e["loc"] as JsonArray ?? []).Select(l => l?.ToString()))}: {Text(e["msg"])}")),
        JsonObject other => other.ToJsonString(),
        _ => Text(detail),
    };

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out string? s) ? s.Trim() : "";

    private static string Quote(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= LongestQuote ? line : line[..LongestQuote] + "…";
    }
}
