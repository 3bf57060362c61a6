using System.Text.Json.Nodes;

namespace PipelineBot.Testing.Airflow;

/// <summary>One request the fake Airflow received: the method, the path as sent (escaped), the query, the JSON body, and the status it answered.</summary>
public sealed record AirflowRequest(string Method, string Path, string Query, JsonNode? Body, string? Authorization, int Status);
