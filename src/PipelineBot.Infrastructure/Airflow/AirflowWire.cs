using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;

namespace PipelineBot.Infrastructure.Airflow;

/// <summary>Reading and writing Airflow's JSON, the same in both API versions.</summary>
internal static class AirflowWire
{
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
