using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Sla;
using PipelineBot.Host.Api;
using PipelineBot.Infrastructure.Sla;

namespace PipelineBot.Host.Features.Sla;

/// <summary><c>GET /api/sla?month=2026-11[&amp;pipeline=growth][&amp;format=csv]</c>: the month's SLA review, as JSON or CSV; last month by default.</summary>
internal static class SlaEndpoints
{
    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");

    public static IEndpointRouteBuilder MapSla(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sla", GetReview);
        return app;
    }

    private static async Task<Results<Ok<SlaReviewDto>, ContentHttpResult, ProblemHttpResult>> GetReview(
        string? month, string? pipeline, string? format, SlaReviewService reviews, Catalog catalog, CancellationToken cancellationToken)
    {
        var query = new Query();
        var asked = reviews.LastMonth();
        if (!string.IsNullOrWhiteSpace(month))
        {
            var parsed = MonthPattern.Parse(month.Trim());
            if (!parsed.Success || parsed.Value.Year is < 2 or > 9998)
            {
                query.Fail($"'month' is '{month}', which is not a month such as 2026-11 (years 0002 to 9998).");
            }
            else
            {
                asked = parsed.Value;
            }
        }

        Pipeline? one = null;
        if (!string.IsNullOrWhiteSpace(pipeline) && (one = catalog.FindPipeline(pipeline.Trim())) is null)
        {
            query.Fail($"'pipeline' is '{pipeline}', which names no pipeline of the catalog ({string.Join(", ", catalog.Pipelines.Select(p => p.Id))}).");
        }

        var csv = string.Equals(format?.Trim(), "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !string.IsNullOrWhiteSpace(format) && !string.Equals(format.Trim(), "json", StringComparison.OrdinalIgnoreCase))
        {
            query.Fail($"'format' is '{format}'; it is json (the default) or csv.");
        }

        if (!query.IsValid)
        {
            return Problems.BadQuery(query.Errors);
        }

        var review = await reviews.ReviewAsync(asked, one, cancellationToken);
        return csv ? TypedResults.Text(SlaCsv.Write(review), "text/csv; charset=utf-8", Encoding.UTF8) : TypedResults.Ok(SlaReviewDto.From(review));
    }
}

internal sealed record SlaReviewDto(string Month, string Through, bool Complete, bool Met, FiguresDto Team, IReadOnlyList<PipelineFiguresDto> Pipelines, IReadOnlyList<BreachDto> Breaches)
{
    public static SlaReviewDto From(SlaReview review) => new(
        review.Month.ToString("uuuu'-'MM", CultureInfo.InvariantCulture),
        Wire.Date(review.Through),
        review.Complete,
        review.Team.Met,
        FiguresDto.From(review.Team),
        [.. review.Pipelines.Select(p => new PipelineFiguresDto(p.Pipeline.Id, p.Pipeline.Name, p.Pipeline.Schedule.ToString(), p.Figures.Met, FiguresDto.From(p.Figures)))],
        [.. review.Breaches.Select(b => new BreachDto(SlaWire.Area(b.Area), b.PipelineId, Wire.Date(b.Day), b.IncidentId is { } id ? IncidentNames.Id(id) : null, b.What))]);
}

internal sealed record PipelineFiguresDto(string Id, string Name, string Schedule, bool Met, FiguresDto Figures);

internal sealed record BreachDto(string Area, string Pipeline, string Day, string? Incident, string What);

internal sealed record FiguresDto(AvailabilityDto Availability, TimelinessDto Timeliness, QualityDto DataQuality, ResponseDto Response)
{
    public static FiguresDto From(ReviewFigures f) => new(
        new AvailabilityDto(f.Availability.Scheduled, f.Availability.Succeeded, f.Availability.RecoveredSameDay, f.Availability.NeverReported,
            SlaWire.Percent(f.Availability.Percent), f.Availability.Target, f.Availability.Met),
        new TimelinessDto(f.Timeliness.BusinessDays, f.Timeliness.OnTime, f.Timeliness.Late, f.Timeliness.OverLimit, f.Timeliness.OverLimitTold, f.Timeliness.Met),
        new QualityDto(f.Quality.Checked, f.Quality.DroppedOverLimit, f.Quality.WithNulls, f.Quality.Met),
        new ResponseDto(f.Response.Incidents, f.Response.AckCounted, f.Response.AckedInTime, SlaWire.Percent(f.Response.AckShare),
            f.Response.ResolveCounted, f.Response.ResolvedInTime, SlaWire.Percent(f.Response.ResolveShare), f.Response.Escalations,
            SlaWire.Minutes(f.Response.MeanAck), SlaWire.Minutes(f.Response.P90Ack), SlaWire.Minutes(f.Response.MeanResolve), SlaWire.Minutes(f.Response.P90Resolve),
            f.Response.Met));
}

internal sealed record AvailabilityDto(int Scheduled, int Succeeded, int RecoveredSameDay, int NeverReported, decimal? Percent, decimal Target, bool Met);

internal sealed record TimelinessDto(int BusinessDays, int OnTime, int Late, int OverOneHour, int OverOneHourTold, bool Met);

internal sealed record QualityDto(int Checked, int DroppedOverLimit, int WithNulls, bool Met);

/// <summary>Times in minutes: to acknowledge in business minutes, to resolve in wall-clock minutes.</summary>
internal sealed record ResponseDto(
    int Incidents,
    int AckCounted,
    int AckedInTime,
    decimal? AckedInTimePercent,
    int ResolveCounted,
    int ResolvedInTime,
    decimal? ResolvedInTimePercent,
    int Escalations,
    decimal? MeanAckMinutes,
    decimal? P90AckMinutes,
    decimal? MeanResolveMinutes,
    decimal? P90ResolveMinutes,
    bool Met);

/// <summary>How the review's figures are written on the wire, the same in JSON and CSV.</summary>
internal static class SlaWire
{
    public static string Area(ReviewArea area) => area switch
    {
        ReviewArea.DataQuality => "data-quality",
        _ => area.ToString().ToLowerInvariant(),
    };

    /// <summary>A share to three decimals: enough to tell 99.5 from 99.49.</summary>
    public static decimal? Percent(decimal? value) => value is { } v ? decimal.Round(v, 3, MidpointRounding.ToZero) : null;

    public static decimal? Minutes(Duration? value) => value is { } d ? decimal.Round((decimal)d.TotalMinutes, 2) : null;
}

/// <summary>The review as CSV (RFC 4180): a row for the team, then one per pipeline.</summary>
internal static class SlaCsv
{
    private static readonly string[] Header =
    [
        "month", "scope", "pipeline", "met",
        "scheduled_runs", "succeeded_runs", "availability_percent", "availability_target", "recovered_same_day", "never_reported",
        "business_days", "on_time_days", "late_days", "delays_over_1h", "delays_over_1h_told",
        "runs_checked", "runs_dropped_over_limit", "runs_with_nulls",
        "incidents", "acked_in_time", "ack_counted", "resolved_in_time", "resolve_counted", "escalations",
        "mean_ack_minutes", "p90_ack_minutes", "mean_resolve_minutes", "p90_resolve_minutes",
    ];

    public static string Write(SlaReview review)
    {
        var month = review.Month.ToString("uuuu'-'MM", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        Line(text, Header);
        Line(text, Row(month, "team", "", review.Team));
        foreach (var pipeline in review.Pipelines)
        {
            Line(text, Row(month, "pipeline", pipeline.Pipeline.Id, pipeline.Figures));
        }

        return text.ToString();
    }

    private static string[] Row(string month, string scope, string pipeline, ReviewFigures f) =>
    [
        month, scope, pipeline, Bool(f.Met),
        Number(f.Availability.Scheduled), Number(f.Availability.Succeeded), Number(SlaWire.Percent(f.Availability.Percent)), Number(f.Availability.Target),
        Number(f.Availability.RecoveredSameDay), Number(f.Availability.NeverReported),
        Number(f.Timeliness.BusinessDays), Number(f.Timeliness.OnTime), Number(f.Timeliness.Late), Number(f.Timeliness.OverLimit), Number(f.Timeliness.OverLimitTold),
        Number(f.Quality.Checked), Number(f.Quality.DroppedOverLimit), Number(f.Quality.WithNulls),
        Number(f.Response.Incidents), Number(f.Response.AckedInTime), Number(f.Response.AckCounted), Number(f.Response.ResolvedInTime), Number(f.Response.ResolveCounted),
        Number(f.Response.Escalations),
        Number(SlaWire.Minutes(f.Response.MeanAck)), Number(SlaWire.Minutes(f.Response.P90Ack)), Number(SlaWire.Minutes(f.Response.MeanResolve)), Number(SlaWire.Minutes(f.Response.P90Resolve)),
    ];

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, IEnumerable<string> fields) =>
        text.Append(string.Join(',', fields.Select(Field))).Append("\r\n");

    /// <summary>Quoted when it holds a comma, a quote or a line break, quotes doubled (RFC 4180 §2).</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
