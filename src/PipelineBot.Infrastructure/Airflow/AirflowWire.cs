using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;

namespace PipelineBot.Infrastructure.Airflow;

/// <summary>The plumbing both API versions share: one exchange with Airflow, and reading and writing its JSON.</summary>
internal static class AirflowWire
{
    public static HttpRequestMessage Request(HttpMethod method, Uri uri, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            // Buffered, so a retry handler can send it again.
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>Sends the request and reads the answer to the end; a transport failure or a timeout is an <see cref="AirflowException"/>.</summary>
    public static async Task<AirflowAnswer> ExchangeAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var what = $"{request.Method} {request.RequestUri!.PathAndQuery}";
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return new AirflowAnswer(what, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            throw new AirflowException($"Could not reach Airflow at {request.RequestUri.GetLeftPart(UriPartial.Authority)} for {what}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AirflowException($"Airflow at {request.RequestUri.GetLeftPart(UriPartial.Authority)} did not answer {what} within {http.Timeout.TotalSeconds:0} s.", e);
        }
    }

    public static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    public static DagRun Run(JsonNode? node, AirflowAnswer answer)
    {
        if (node is not JsonObject run)
        {
            throw answer.Unexpected("a DAG run");
        }

        return new DagRun(
            Text(run, "dag_id", answer),
            Text(run, "dag_run_id", answer),
            Text(run, "state", answer),
            Date(run, "logical_date", answer),
            Date(run, "start_date", answer),
            Date(run, "end_date", answer));
    }

    private static string Text(JsonObject o, string name, AirflowAnswer answer) =>
        o[name] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s : throw answer.Unexpected($"a DAG run's {name}");

    // Airflow 2 writes "2026-11-21T15:00:00.123456+00:00", Airflow 3 "2026-11-21T15:00:00Z": both are ISO 8601 with an offset.
    private static Instant? Date(JsonObject o, string name, AirflowAnswer answer) => o[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => Instant.FromDateTimeOffset(at),
        _ => throw answer.Unexpected($"an ISO 8601 {name}"),
    };
}
