using System.Text;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Incidents;
using static PipelineBot.Host.Features.Web.Html;

namespace PipelineBot.Host.Features.Web;

/// <summary>Every pipeline (<c>/app/pipelines</c>): its latest runs, its data's freshness against the deadline, its owners and its runbook.</summary>
internal static class PipelinesPage
{
    private const int RunsShown = 5;

    public static async Task<IResult> ShowAsync(
        HttpContext context, IncidentService incidents, Catalog catalog, SlaPolicy sla, BusinessHours hours, ShiftCalendar shifts, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var user = WebEndpoints.User(context);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var deadline = DataDeadlines.LastDeadline(now, sla, hours);
        var body = new StringBuilder($"""<p class="muted">Data is due by {sla.DataDeadline:HH':'mm} {E(sla.DataDeadlineZone.Id)} each business day{(deadline is { } d ? $"; the latest deadline was {E(shifts.Format(d))}" : "")}.</p>""");
        foreach (var pipeline in catalog.Pipelines)
        {
            var runs = await incidents.RunsOfAsync(pipeline.Id, RunsShown, cancellationToken);
            var open = await incidents.OpenIncidentOfAsync(pipeline.Id, cancellationToken);
            var lastSuccess = runs.Where(r => r.State == "succeeded").Select(r => r.FinishedAt).OfType<Instant>().DefaultIfEmpty().Max();
            var fresh = deadline is not { } due ? "no deadline has passed yet"
                : lastSuccess != default && lastSuccess > due - Duration.FromDays(1) && lastSuccess <= due ? "<span class=\"ok\">on time</span> for the latest deadline"
                : lastSuccess > due ? "<span class=\"bad\">late</span> for the latest deadline, arrived " + E(shifts.Format(lastSuccess))
                : "<span class=\"bad\">no data</span> for the latest deadline";
            body.Append($"""
                <section id="pipeline-{E(pipeline.Id)}"><h2>{E(pipeline.Name)}</h2>
                <p>Owners: {E(Name(catalog, pipeline.PrimaryOwner))} (primary), {E(Name(catalog, pipeline.SecondaryOwner))} (secondary) · runs {E(pipeline.Schedule.ToString())}{(pipeline.Orchestrator is { } o ? $" · Airflow DAG {E(o.DagId)}" : "")}</p>
                {(pipeline.Checks.Any ? $"<p>Count checks on each run: {E(CountChecks.Describe(pipeline.Checks, sla))}</p>" : "")}
                <p>Data: {fresh}{(lastSuccess == default ? "" : $"; last good run finished {E(shifts.Format(lastSuccess))}")}.{(open is null ? "" : $" Open incident: <a href=\"/app/incidents/{open.Id}\">{E(open.Name)}</a>.")}</p>
                """);
            if (runs.Count == 0)
            {
                body.Append("<p class=\"muted\">No runs reported yet.</p>");
            }
            else
            {
                body.Append("<div class=\"scroll\"><table class=\"runs\"><thead><tr><th>Run</th><th>Logical date</th><th>State</th><th>Finished</th><th>Records</th><th>Dropped</th></tr></thead><tbody>");
                foreach (var run in runs)
                {
                    body.Append($"<tr><td>{E(run.RunId)}</td><td>{E(run.LogicalDate)}</td><td class=\"{(run.State == "failed" ? "bad" : "")}\">{E(run.State)}</td><td>{(run.FinishedAt is { } f ? E(shifts.Format(f)) : "")}</td><td>{run.Records}</td><td>{run.Dropped}</td></tr>");
                }

                body.Append("</tbody></table></div>");
            }

            if (pipeline.StandardProcedures.Count > 0 || pipeline.KnownIssues.Count > 0)
            {
                body.Append("<details><summary>Runbook</summary>");
                if (pipeline.KnownIssues.Count > 0)
                {
                    body.Append($"<p>Known issues:</p><ul>{string.Concat(pipeline.KnownIssues.Select(k => $"<li>{E(k)}</li>"))}</ul>");
                }

                body.Append($"<ol>{string.Concat(pipeline.StandardProcedures.Select(p => $"<li>{E(p.Text)}{(p.Items.Count == 0 ? "" : $" ({E(string.Join(", ", p.Items))})")}</li>"))}</ol></details>");
            }

            body.Append("</section>");
        }

        return Page("Pipelines", "/app/pipelines", user, body.ToString());
    }
}
