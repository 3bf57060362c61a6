using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Text;
using PipelineBot.Host.Api;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Host.Features.Incidents;

/// <summary>
/// <c>POST /api/alerts</c> and <c>POST /api/runs</c>: what orchestrator callbacks send (PRODUCT §4). The signature is
/// checked over the raw body before it is read as JSON; a report is stored, with the incident it opens, before the 2xx.
/// </summary>
internal static class IntakeEndpoints
{
    /// <summary>The largest body accepted: an alert with a long stack trace fits many times over.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A misspelt field ("runid") would otherwise be dropped without a word, and the report lose what it said.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapIntake(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/alerts", Alert);
        app.MapPost("/api/runs", Run);
        return app;
    }

    private static async Task<IResult> Alert(HttpRequest http, IOptions<AlertsOptions> options, Catalog catalog, IncidentService incidents, CancellationToken cancellationToken)
    {
        var (body, refusal) = await ReadAsync<AlertBody>(http, options.Value, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var check = new Report(catalog);
        var pipeline = check.Pipeline(body!.Pipeline);
        var runId = check.Text("runId", body.RunId, 250, required: true);
        var kind = body.Kind is "failure" or "data-quality" ? IncidentNames.KindOf(body.Kind) : check.Fail<IncidentKind?>($"'kind' is '{body.Kind}'; it must be \"failure\" or \"data-quality\".");
        var summary = check.Text("summary", body.Summary, 2000, required: true);
        check.Text("detail", body.Detail, 100_000, required: false);
        var logicalDate = check.LogicalDate(body.LogicalDate);
        check.Text("dagId", body.DagId, 250, required: false);
        check.Text("taskId", body.TaskId, 250, required: false);
        check.Url("logUrl", body.LogUrl);
        var occurredAt = check.Instant("occurredAt", body.OccurredAt);
        if (!check.IsValid)
        {
            return Problems.BadQuery(check.Errors);
        }

        var result = await incidents.ReportAlertAsync(
            new AlertReport(pipeline!.Id, runId!, kind!.Value, summary!, body.Detail, logicalDate, body.DagId, body.TaskId, body.LogUrl, occurredAt),
            cancellationToken);
        var answer = new IntakeAnswer(result.Incident!, result.Created);
        return result.Created ? TypedResults.Created($"/api/incidents/{result.IncidentId}", answer) : TypedResults.Ok(answer);
    }

    private static async Task<IResult> Run(HttpRequest http, IOptions<AlertsOptions> options, Catalog catalog, IncidentService incidents, CancellationToken cancellationToken)
    {
        var (body, refusal) = await ReadAsync<RunBody>(http, options.Value, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var check = new Report(catalog);
        var pipeline = check.Pipeline(body!.Pipeline);
        var runId = check.Text("runId", body.RunId, 250, required: true);
        RunState? state = body.State switch
        {
            "started" => RunState.Started,
            "succeeded" => RunState.Succeeded,
            "failed" => RunState.Failed,
            "waiting" => RunState.Waiting,
            _ => check.Fail<RunState?>($"'state' is '{body.State}'; it must be \"started\", \"waiting\", \"succeeded\" or \"failed\"."),
        };
        var file = check.Text("file", body.File, 500, required: false);
        if (file is null && state == RunState.Waiting)
        {
            check.Fail<string?>("'file' is required with \"state\": \"waiting\": the name of the source file the run waits for.");
        }
        else if (file is not null && state is not (RunState.Waiting or null))
        {
            check.Fail<string?>("'file' names the source file a waiting run waits for; it goes with \"state\": \"waiting\" only.");
        }

        var logicalDate = check.LogicalDate(body.LogicalDate);
        var at = check.Instant("at", body.At);
        check.Count("records", body.Records);
        check.Count("dropped", body.Dropped);
        foreach (var (field, count) in body.NullCritical ?? [])
        {
            check.Count($"nullCritical.{field}", count);
        }

        check.Text("error", body.Error, 100_000, required: false);
        if (!check.IsValid)
        {
            return Problems.BadQuery(check.Errors);
        }

        var result = await incidents.RecordRunAsync(
            new RunReport(pipeline!.Id, runId!, state!.Value, logicalDate, at, body.Records, body.Dropped, body.NullCritical, body.Error, file),
            cancellationToken);
        return TypedResults.Ok(new RunAnswer(true, result.Incident, result.Created));
    }

    /// <summary>The body, once its size and signature pass: 503 without a secret, 413 over the cap, 401 unsigned, 400 not JSON of that shape.</summary>
    private static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpRequest http, AlertsOptions options, CancellationToken cancellationToken)
        where T : class
    {
        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            return (null, TypedResults.Problem(
                title: "Alert intake is off.",
                detail: "Set PipelineBot:Alerts:WebhookSecret (for example the environment variable PipelineBot__Alerts__WebhookSecret) and sign each body with it.",
                statusCode: StatusCodes.Status503ServiceUnavailable));
        }

        if (http.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        var raw = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!WebhookSignature.Matches(Encoding.UTF8.GetBytes(options.WebhookSecret), raw, http.Headers[WebhookSignature.Header].ToString()))
        {
            return (null, TypedResults.Problem(
                title: "The signature is missing or wrong.",
                detail: $"Send {WebhookSignature.Header}: sha256=<hex HMAC-SHA256 of the raw body under the webhook secret>.",
                statusCode: StatusCodes.Status401Unauthorized));
        }

        try
        {
            return JsonSerializer.Deserialize<T>(raw, Json) is { } body
                ? (body, null)
                : (null, Problems.BadQuery(["The body must be a JSON object."]));
        }
        catch (JsonException e)
        {
            return (null, Problems.BadQuery([$"The body is not valid JSON of the expected shape: {e.Message}"]));
        }
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        title: "The body is too large.",
        detail: $"Alerts and run events may be at most {MaxBodyBytes / 1024} KiB; shorten 'detail' or 'error'.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>Checks a report's fields, collecting one plain message per problem.</summary>
    private sealed class Report(Catalog catalog)
    {
        private readonly List<string> _errors = [];

        public bool IsValid => _errors.Count == 0;

        public IReadOnlyList<string> Errors => _errors;

        public TResult Fail<TResult>(string message)
        {
            _errors.Add(message);
            return default!;
        }

        public Pipeline? Pipeline(string? id)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                return Fail<Pipeline?>("'pipeline' is required: a pipeline id of the catalog.");
            }

            return catalog.FindPipeline(id) ?? Fail<Pipeline?>(
                $"'pipeline' is '{id}', which is not in the catalog. Nearest: {string.Join(", ", Similarity.Nearest(id, catalog.Pipelines.Select(p => p.Id)))}.");
        }

        public string? Text(string name, string? value, int max, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return required ? Fail<string?>($"'{name}' is required.") : null;
            }

            return value.Length > max ? Fail<string?>($"'{name}' is {value.Length} characters long; at most {max} are accepted.") : value.Trim();
        }

        /// <summary>An ISO 8601 date or date-time, kept as given: Airflow sends a date-time, people type a date.</summary>
        public string? LogicalDate(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            var text = value.Trim();
            return LocalDatePattern.Iso.Parse(text).Success || OffsetDateTimePattern.ExtendedIso.Parse(text).Success
                ? text
                : Fail<string?>($"'logicalDate' is '{value}', which is not an ISO 8601 date (2026-11-20) or date-time (2026-11-20T00:00:00+00:00).");
        }

        public Instant? Instant(string name, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            var parsed = OffsetDateTimePattern.ExtendedIso.Parse(value.Trim());
            return parsed.Success
                ? parsed.Value.ToInstant()
                : Fail<Instant?>($"'{name}' is '{value}', which is not an ISO 8601 instant with an offset, such as 2026-11-20T06:15:00Z.");
        }

        public void Url(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)
                && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                Fail<object?>($"'{name}' is '{value}', which is not an absolute http(s) URL.");
            }
        }

        public void Count(string name, long? value)
        {
            if (value < 0)
            {
                Fail<object?>($"'{name}' is {value}; counts cannot be negative.");
            }
        }
    }
}

internal sealed record AlertBody(
    string? Pipeline, string? RunId, string? Kind, string? Summary, string? Detail, string? LogicalDate, string? DagId, string? TaskId, string? LogUrl, string? OccurredAt);

internal sealed record RunBody(
    string? Pipeline, string? RunId, string? State, string? LogicalDate, string? At, long? Records, long? Dropped, Dictionary<string, long>? NullCritical, string? Error, string? File);

internal sealed record IntakeAnswer(string Incident, bool Created);

internal sealed record RunAnswer(bool Recorded, string? Incident, bool Created);
