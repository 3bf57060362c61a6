using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// The live half of "status of growth pipeline": the runs the pipeline reported, whether the latest data deadline was
/// met, the latest figures against the data-quality SLA, its open incident, and, with Airflow configured, the DAG's
/// latest runs as Airflow sees them.
/// </summary>
internal sealed class PipelineStatus(IncidentService incidents, AirflowClient airflow, IOptions<AirflowOptions> options, Catalog catalog, SlaPolicy sla, BusinessHours businessHours, CatalogNames names)
{
    private const int Shown = 3;

    public async Task AppendAsync(StringBuilder text, Pipeline pipeline, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        var runs = await incidents.RunsOfAsync(pipeline.Id, Shown, cancellationToken);
        if (runs.Count == 0)
        {
            text.Append("\nNo runs recorded yet: they appear here once the pipeline reports them to /api/runs (see the README for the Airflow callbacks).");
        }
        else
        {
            text.Append("\nLast runs:");
            foreach (var run in runs)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n- {run.RunId}: {run.State} {TimeText.Format(run.FinishedAt ?? run.StartedAt ?? run.UpdatedAt, zone)}{Figures(run)}");
                if (run.Error is { } error)
                {
                    text.Append($" ({Short(error)})");
                }
            }

            if (runs.FirstOrDefault(r => r.Records is not null || r.Dropped is not null || r.NullCritical.Count > 0) is { } measured)
            {
                var quality = DataQuality.Check(measured.Records, measured.Dropped, measured.NullCritical, pipeline.CriticalFields, sla);
                text.Append(quality.Breached
                    ? $"\nData quality: SLA BROKEN in run {measured.RunId}: {quality.Summary}"
                    : $"\nData quality: within the SLA in run {measured.RunId} (≤ {sla.MaxDroppedPercent.ToString(CultureInfo.InvariantCulture)}% dropped, critical fields non-null).");
            }
        }

        if (DataDeadlines.LastDeadline(now, sla, businessHours) is { } deadline)
        {
            var met = await incidents.SucceededBeforeAsync(pipeline.Id, deadline, cancellationToken);
            text.Append(met
                ? $"\nData deadline {TimeText.Format(deadline, zone)}: met."
                : runs.Count == 0 ? "" : $"\nData deadline {TimeText.Format(deadline, zone)}: MISSED (no successful run in the day before it).");
        }

        var open = await incidents.OpenIncidentOfAsync(pipeline.Id, cancellationToken);
        text.Append(open is null
            ? "\nOpen incident: none."
            : $"\nOpen incident: {open.Name}, {IncidentService.KindText(open.Kind)} (run {open.RunId}), {(open.AcknowledgedBy is { } by ? $"acknowledged by {names.Name(by)}" : "not acknowledged")}.");
        await AppendAirflowAsync(text, pipeline, zone, cancellationToken);
    }

    /// <summary>
    /// "history growth": the last <paramref name="count"/> runs as Airflow and the stored run events know them, joined by
    /// run id: logical date, state (Airflow's when it has the run), start, duration, records and dropped.
    /// </summary>
    public async Task<string> HistoryAsync(Pipeline pipeline, int count, DateTimeZone zone, CancellationToken cancellationToken)
    {
        var stored = (await incidents.RunsOfAsync(pipeline.Id, count, cancellationToken)).ToDictionary(r => r.RunId, StringComparer.Ordinal);
        IReadOnlyList<DagRun> live = [];
        var note = "";
        if (pipeline.Orchestrator is { } orchestrator && options.Value.IsConfigured)
        {
            try
            {
                live = await airflow.RecentRunsAsync(orchestrator.DagId, count, cancellationToken);
            }
            catch (Exception e) when (e is AirflowException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                note = $"\nAirflow did not answer about {orchestrator.DagId}: {Short(e.Message)}; these are the runs reported to me.";
            }
        }

        var rows = live.Select(run => (Id: run.DagRunId, Live: (DagRun?)run, Stored: stored.GetValueOrDefault(run.DagRunId)))
            .Concat(stored.Values.Where(r => live.All(l => l.DagRunId != r.RunId)).Select(r => (Id: r.RunId, Live: (DagRun?)null, Stored: (RecordedRun?)r)))
            .Select(row => (row.Id, row.Live, row.Stored, Started: row.Live?.StartDate ?? row.Stored?.StartedAt ?? row.Live?.LogicalDate ?? row.Stored?.UpdatedAt))
            .OrderByDescending(row => row.Started)
            .Take(count)
            .ToList();
        if (rows.Count == 0)
        {
            return $"No runs of {pipeline.Name} yet, in Airflow or reported to me.{note}";
        }

        var text = new StringBuilder($"**History of {pipeline.Name}**: {(rows.Count == 1 ? "the last run" : $"the last {rows.Count} runs")}{(live.Count > 0 ? ", as Airflow and the run events know them" : "")}:");
        foreach (var (id, run, reported, started) in rows)
        {
            var parts = new List<string> { run?.State ?? reported!.State };
            var date = reported?.LogicalDate ?? (run?.LogicalDate is { } logical ? NodaTime.Text.LocalDatePattern.Iso.Format(logical.InZone(zone).Date) : null);
            if (date is not null)
            {
                parts.Add($"for {date}");
            }

            if (started is { } start)
            {
                parts.Add($"started {TimeText.Format(start, zone)}");
            }

            if ((run?.EndDate ?? reported?.FinishedAt) is { } end && (run?.StartDate ?? reported?.StartedAt) is { } began && end >= began)
            {
                parts.Add($"took {Took(end - began)}");
            }

            if (reported is not null && Figures(reported) is { Length: > 0 } figures)
            {
                parts.Add(figures[2..]);
            }

            text.Append($"\n- {id}: {string.Join(", ", parts)}");
        }

        return text.Append(note).ToString();
    }

    /// <summary>Each upstream pipeline with its open incident or latest run, so a failure upstream is seen at once.</summary>
    public async Task<IReadOnlyList<string>> UpstreamAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        var states = new List<string>();
        foreach (var id in pipeline.Upstream)
        {
            var name = catalog.FindPipeline(id)?.Name ?? id;
            var open = await incidents.OpenIncidentOfAsync(id, cancellationToken);
            var last = open is null && await incidents.RunsOfAsync(id, 1, cancellationToken) is [var latest, ..] ? latest : null;
            states.Add(open is not null ? $"{name} (open incident {open.Name})" : last is not null ? $"{name} (last run {last.State})" : $"{name} (no runs recorded)");
        }

        return states;
    }

    private async Task AppendAirflowAsync(StringBuilder text, Pipeline pipeline, DateTimeZone zone, CancellationToken cancellationToken)
    {
        if (pipeline.Orchestrator is not { } orchestrator || !options.Value.IsConfigured)
        {
            return;
        }

        try
        {
            var live = await airflow.RecentRunsAsync(orchestrator.DagId, Shown, cancellationToken);
            text.Append(live.Count == 0 ? $"\nAirflow: no runs of {orchestrator.DagId}." : $"\nAirflow ({orchestrator.DagId}):");
            foreach (var run in live)
            {
                var when = run.EndDate ?? run.StartDate ?? run.LogicalDate;
                text.Append($"\n- {run.DagRunId}: {run.State}{(when is { } w ? $" {TimeText.Format(w, zone)}" : "")}");
            }
        }
        catch (Exception e) when (e is AirflowException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            text.Append($"\nAirflow did not answer about {orchestrator.DagId}: {Short(e.Message)}");
        }
    }

    private static string Figures(RecordedRun run)
    {
        var parts = new List<string>();
        if (run.Records is { } records)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{records:N0} records"));
        }

        if (run.Dropped is { } dropped)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{dropped:N0} dropped"));
        }

        var nulls = run.NullCritical.Where(n => n.Value > 0).Select(n => $"{n.Value} null {n.Key}").ToList();
        parts.AddRange(nulls);
        return parts.Count == 0 ? "" : $", {string.Join(", ", parts)}";
    }

    private static string Took(Duration duration) =>
        duration.TotalMinutes < 1 ? $"{duration.TotalSeconds:0} s" : duration.TotalHours < 1 ? $"{duration.TotalMinutes:0} min" : $"{(int)duration.TotalHours} h {duration.Minutes} min";

    private static string Short(string text) => text.Length <= 200 ? text : text[..199] + "…";
}
