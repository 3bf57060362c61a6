using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Sla;
using PipelineBot.Host.Features.Sla;
using PipelineBot.Infrastructure.Sla;
using static PipelineBot.Host.Features.Web.Html;

namespace PipelineBot.Host.Features.Web;

/// <summary>
/// The SLA review of a month (<c>/app/sla?month=2026-11</c>): the team's and each pipeline's figures, charts of
/// availability against its target and of the times to acknowledge and resolve against theirs, the breaches, and the CSV.
/// </summary>
internal static class SlaPage
{
    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");

    public static async Task<IResult> ShowAsync(
        HttpContext context, string? month, SlaReviewService reviews, SlaPolicy sla, BusinessHours hours, Catalog catalog, CancellationToken cancellationToken)
    {
        var user = WebEndpoints.User(context);
        var shown = month is not null && MonthPattern.Parse(month) is { Success: true } parsed && parsed.Value.Year is > 2 and < 9998 && parsed.Value <= reviews.ThisMonth()
            ? parsed.Value
            : reviews.LastMonth();
        var review = await reviews.ReviewAsync(shown, null, cancellationToken);
        var key = shown.ToString("uuuu'-'MM", CultureInfo.InvariantCulture);
        var name = shown.ToString("MMMM uuuu", CultureInfo.InvariantCulture);
        var body = new StringBuilder($"""
            <div class="nav"><a href="/app/sla?month={MonthPattern.Format(shown.PlusMonths(-1))}">← {E(shown.PlusMonths(-1).ToString("MMMM uuuu", CultureInfo.InvariantCulture))}</a>
            {(shown < reviews.ThisMonth() ? $"<a href=\"/app/sla?month={MonthPattern.Format(shown.PlusMonths(1))}\">{E(shown.PlusMonths(1).ToString("MMMM uuuu", CultureInfo.InvariantCulture))} →</a>" : "")}
            <a href="/api/sla?month={key}&amp;format=csv" download="sla-{key}.csv" id="csv">Download CSV</a></div>
            <section id="team"><h2>The team{(review.Complete ? "" : $" (so far, through {review.Through.ToString("MMM d", CultureInfo.InvariantCulture)})")}: <span class="{(review.Team.Met ? "ok\">every target met" : "bad\">targets missed")}</span></h2>
            <div class="scroll"><table><thead><tr><th></th><th>Availability</th><th>On time</th><th>Data quality</th><th>Acknowledged in time</th><th>Resolved in time</th><th>Escalations</th></tr></thead><tbody>
            {Row("Team", review.Team, "team")}
            {string.Concat(review.Pipelines.Select(p => Row(p.Pipeline.Name, p.Figures, p.Pipeline.Id)))}
            </tbody></table></div>
            <p class="muted">Targets: {Number(sla.AvailabilityPercent)}% of scheduled runs; data by {sla.DataDeadline:HH':'mm} {E(sla.DataDeadlineZone.Id)} each business day; at most {Number(sla.MaxDroppedPercent)}% of records dropped and no nulls in critical fields; acknowledged within {sla.AckTimeout.TotalMinutes:0} minutes of business hours; resolved within {sla.ResolveTimeout.TotalHours:0.#} hours.</p>
            </section>
            """);

        var lowest = review.Pipelines.Select(p => (double?)p.Figures.Availability.Percent).Where(v => v is not null).DefaultIfEmpty(100).Min()!.Value;
        var floor = Math.Max(0, Math.Min(95, Math.Floor(lowest) - 1));
        body.Append("<section class=\"scroll\">");
        body.Append(Charts.Bars("availability-chart", $"Availability, {name}",
            [.. review.Pipelines.Select(p => new Bar(p.Pipeline.Name, (double?)p.Figures.Availability.Percent, p.Figures.Availability.Met))],
            floor, 100, (double)sla.AvailabilityPercent, $"target {Number(sla.AvailabilityPercent)}%", v => $"{v.ToString("0.##", CultureInfo.InvariantCulture)}%"));
        var ackMax = Math.Max(sla.AckTimeout.TotalMinutes * 2, review.Pipelines.Select(p => p.Figures.Response.P90Ack?.TotalMinutes ?? 0).DefaultIfEmpty(0).Max());
        body.Append(Charts.Bars("ack-chart", "Time to acknowledge, 90th percentile (business minutes)",
            [.. review.Pipelines.Select(p => new Bar(p.Pipeline.Name, p.Figures.Response.P90Ack?.TotalMinutes, p.Figures.Response.P90Ack <= sla.AckTimeout))],
            0, ackMax, sla.AckTimeout.TotalMinutes, $"{sla.AckTimeout.TotalMinutes:0} min", v => $"{v.ToString("0.#", CultureInfo.InvariantCulture)} min"));
        var resolveMax = Math.Max(sla.ResolveTimeout.TotalHours * 2, review.Pipelines.Select(p => p.Figures.Response.P90Resolve?.TotalHours ?? 0).DefaultIfEmpty(0).Max());
        body.Append(Charts.Bars("resolve-chart", "Time to resolve, 90th percentile (hours)",
            [.. review.Pipelines.Select(p => new Bar(p.Pipeline.Name, p.Figures.Response.P90Resolve?.TotalHours, p.Figures.Response.P90Resolve <= sla.ResolveTimeout))],
            0, resolveMax, sla.ResolveTimeout.TotalHours, $"{sla.ResolveTimeout.TotalHours:0.#} h", v => $"{v.ToString("0.#", CultureInfo.InvariantCulture)} h"));
        body.Append("</section>");

        body.Append($"<section id=\"breaches\"><h2>Breaches ({review.Breaches.Count})</h2>");
        if (review.Breaches.Count == 0)
        {
            body.Append("<p class=\"muted\">None.</p>");
        }
        else
        {
            var names = review.Pipelines.ToDictionary(p => p.Pipeline.Id, p => p.Pipeline.Name, StringComparer.Ordinal);
            body.Append("<div class=\"scroll\"><table><thead><tr><th>Day</th><th>Pipeline</th><th>Part</th><th>What</th><th>Incident</th></tr></thead><tbody>");
            // A day breaks the run of a breach only if it counted for that part of the SLA and did not breach it.
            bool Counts(ReviewBreach breach, LocalDate day) => catalog.FindPipeline(breach.PipelineId) is not { } pipeline
                || (pipeline.Schedule.IsScheduled(day, hours) && (breach.Area != ReviewArea.Timeliness || hours.IsBusinessDay(day)));
            foreach (var (breach, last, count) in Spans(review.Breaches, Counts))
            {
                var incident = breach.IncidentId is { } id ? $"<a href=\"/app/incidents/{id}\">{E(IncidentNames.Id(id))}</a>" : "";
                var days = breach.Day == last ? Day(last) : $"{Day(breach.Day)} to {Day(last)} ({count} days)";
                body.Append($"<tr><td>{days}</td><td>{E(names.GetValueOrDefault(breach.PipelineId, breach.PipelineId))}</td><td>{E(SlaWire.Area(breach.Area))}</td><td>{E(breach.What)}</td><td>{incident}</td></tr>");
            }

            body.Append("</tbody></table></div>");
        }

        body.Append("</section>");
        return Page($"SLA review: {name}", "/app/sla", user, body.ToString());
    }

    /// <summary>
    /// The breaches with a run of days alike (one pipeline, one part, the same words, no incident: "no run reported" on
    /// each day of a month) joined into one row from its first day to its last, so a page reads as the month did. Days
    /// in between that did not count (a weekend for the data deadline) do not break a run.
    /// </summary>
    private static IEnumerable<(ReviewBreach First, LocalDate Last, int Count)> Spans(IReadOnlyList<ReviewBreach> breaches, Func<ReviewBreach, LocalDate, bool> counts)
    {
        var spans = new List<(ReviewBreach First, LocalDate Last, int Count)>();
        foreach (var alike in breaches.GroupBy(b => (b.PipelineId, b.Area, b.What)))
        {
            var start = spans.Count;
            foreach (var breach in alike)
            {
                if (spans.Count > start && spans[^1] is var (first, last, count) && first.IncidentId is null && breach.IncidentId is null
                    && Enumerable.Range(1, Period.Between(last, breach.Day, PeriodUnits.Days).Days - 1).All(d => !counts(breach, last.PlusDays(d))))
                {
                    spans[^1] = (first, breach.Day, count + 1);
                }
                else
                {
                    spans.Add((breach, breach.Day, 1));
                }
            }
        }

        return spans.OrderBy(s => s.First.Day).ThenBy(s => s.First.PipelineId, StringComparer.Ordinal);
    }

    private static string Day(LocalDate day) => day.ToString("MMM d", CultureInfo.InvariantCulture);

    private static string Row(string label, ReviewFigures f, string id)
    {
        var a = f.Availability;
        var r = f.Response;
        return $"""
            <tr data-scope="{E(id)}"><th>{E(label)}</th>
            <td class="{Mark(a.Met)}" data-percent="{(a.Percent is { } p ? SlaWire.Percent(p)!.Value.ToString(CultureInfo.InvariantCulture) : "")}">{(a.Percent is { } percent ? $"{Number(decimal.Round(percent, 2, MidpointRounding.ToZero))}%" : "none scheduled")} <span class="muted">({a.Succeeded}/{a.Scheduled})</span></td>
            <td class="{Mark(f.Timeliness.Met)}">{f.Timeliness.OnTime}/{f.Timeliness.BusinessDays}{(f.Timeliness.OverLimit > 0 ? $" <span class=\"muted\">({f.Timeliness.OverLimit} over 1 h, {f.Timeliness.OverLimitTold} told)</span>" : "")}</td>
            <td class="{Mark(f.Quality.Met)}">{f.Quality.Checked} runs checked{(f.Quality.DroppedOverLimit > 0 ? $"; {f.Quality.DroppedOverLimit} over the dropped limit" : "")}{(f.Quality.WithNulls > 0 ? $"; {f.Quality.WithNulls} with nulls" : "")}</td>
            <td class="{Mark(r.AckedInTime == r.AckCounted)}">{r.AckedInTime}/{r.AckCounted}{Times(r.MeanAck, r.P90Ack)}</td>
            <td class="{Mark(r.ResolvedInTime == r.ResolveCounted)}">{r.ResolvedInTime}/{r.ResolveCounted}{Times(r.MeanResolve, r.P90Resolve)}</td>
            <td>{r.Escalations}</td></tr>
            """;
    }

    private static string Times(Duration? mean, Duration? p90) =>
        mean is { } m && p90 is { } p ? $" <span class=\"muted\">(mean {E(SlaReviewer.Text(Round(m)))}, p90 {E(SlaReviewer.Text(Round(p)))})</span>" : "";

    private static Duration Round(Duration d) => Duration.FromSeconds(Math.Round(d.TotalSeconds));

    private static string Mark(bool met) => met ? "ok" : "bad";
}
