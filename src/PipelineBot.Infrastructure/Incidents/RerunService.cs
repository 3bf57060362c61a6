using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>The answer to a rerun request: whether it was accepted, and words for the person who asked.</summary>
public sealed record RerunResult(bool Accepted, string Message, Rerun? Rerun);

/// <summary>
/// Reruns through Airflow (PRODUCT §4). A request is checked (who may, the runbook's parameters and preconditions) and
/// stored at once, so a click is answered in time; the sweeper then moves it on step by step: each precondition DAG
/// for the load date, then clearing the failed tasks or triggering a new run, then following that run to its end. A
/// success resolves the incident, a failure is shown on its card. The DAG run ids are derived from the rerun's id, so a
/// step repeated after a crash finds the run it already started instead of starting another.
/// </summary>
public sealed partial class RerunService(
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    WriteGate writes,
    ScheduleService schedule,
    IncidentService incidents,
    AirflowClient airflow,
    IOptions<AirflowOptions> options,
    TimeProvider time,
    ILogger<RerunService> logger)
{
    private static class States
    {
        public const string Precondition = "precondition";
        public const string Starting = "starting";
        public const string Running = "running";
        public const string Succeeded = "succeeded";
        public const string Failed = "failed";
    }

    public bool IsConfigured => options.Value.IsConfigured;

    /// <param name="incidentId">The incident the rerun should fix; null for a rerun asked for by pipeline alone.</param>
    public async Task<RerunResult> RequestAsync(Member member, Pipeline pipeline, long? incidentId, RerunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!options.Value.IsConfigured)
        {
            // WhatToSet already says that Airflow is not configured; a sentence of our own before it said so twice.
            return new RerunResult(false, AirflowOptions.WhatToSet, null);
        }

        var now = Now();
        var onCall = (await schedule.OnCallAtAsync(now, cancellationToken)).MemberId;
        if (RerunRules.WhyNotAllowed(member, pipeline, onCall) is { } notAllowed)
        {
            return new RerunResult(false, $"Nothing changed: {notAllowed}.", null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        string? failedRunId = null;
        LocalDate? loadDate = null;
        if (incidentId is { } id)
        {
            var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (incident is null || incident.State == "resolved")
            {
                return new RerunResult(false, incident is null ? $"There is no incident {IncidentNames.Id(id)}; nothing changed." : $"{IncidentNames.Id(id)} is already resolved; nothing changed.", null);
            }

            if (await db.Reruns.AsNoTracking().Where(r => r.IncidentId == id && r.FinishedAt == null).FirstOrDefaultAsync(cancellationToken) is { } active)
            {
                return new RerunResult(false, $"A rerun of {IncidentNames.Id(id)} is already under way (#{active.Id}, asked by {incidents.NameOf(active.RequestedBy)}); I'll update the card when it ends.", Rerun.From(active));
            }

            failedRunId = incident.Kind == IncidentNames.Of(IncidentKind.LateData) ? null : incident.RunId;
            loadDate = LoadDateOf(incident.LogicalDate);
        }

        var decision = RerunRules.Plan(pipeline, request, failedRunId, loadDate);
        if (decision.Plan is not { } plan)
        {
            return new RerunResult(false, $"Nothing changed: {decision.Refusal}.", null);
        }

        var row = new RerunRow
        {
            IncidentId = incidentId,
            PipelineId = pipeline.Id,
            DagId = plan.DagId,
            RequestedBy = member.Id,
            RequestedAt = now.ToUnixTimeTicks(),
            Mode = plan.Mode == RerunMode.ClearFailedTasks ? "clear" : "trigger",
            SourceRunId = plan.SourceRunId,
            LoadDate = plan.LoadDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Conf = JsonSerializer.Serialize(plan.Parameters),
            PendingPreconditions = plan.Preconditions.Count > 0 ? string.Join(',', plan.Preconditions) : null,
            State = plan.Preconditions.Count > 0 ? States.Precondition : States.Starting,
            NextStepAt = now.ToUnixTimeTicks(),
        };
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Reruns.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        var what = Describe(row, plan);
        db.Audit(now, member.Id, "rerun-requested", Subject(row), $"{incidents.NameOf(member.Id)} asked for rerun #{row.Id}: {what}");
        if (incidentId is { } changed)
        {
            db.CardChanged(now, IncidentCards.Key(changed));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RerunResult(true, $"Rerun #{row.Id} of {pipeline.Name} requested by {member.Name}: {what}. I'll follow it in Airflow and update {(incidentId is { } i ? IncidentNames.Id(i) : "the team")} when it ends.", Rerun.From(row));
    }

    /// <summary>Moves every rerun whose next step is due; returns how many were stepped.</summary>
    public async Task<int> StepDueAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            return 0;
        }

        var now = Now().ToUnixTimeTicks();
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Reruns.Where(r => r.FinishedAt == null && r.NextStepAt <= now).OrderBy(r => r.NextStepAt).Select(r => r.Id).Take(20).ToListAsync(cancellationToken);
        }

        foreach (var id in due)
        {
            await StepAsync(id, cancellationToken);
        }

        return due.Count;
    }

    private async Task StepAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Reruns.FirstAsync(r => r.Id == id, cancellationToken);
        var now = Now();
        try
        {
            switch (row.State)
            {
                case States.Precondition:
                    await PreconditionAsync(db, row, now, cancellationToken);
                    break;
                case States.Starting:
                    await StartAsync(db, row, now, cancellationToken);
                    break;
                default:
                    await FollowAsync(db, row, now, cancellationToken);
                    break;
            }
        }
        catch (AirflowException e) when (IsRefusal(e))
        {
            Finish(db, row, now, States.Failed, $"Airflow refused it: {e.Message}");
        }
        catch (Exception e) when (e is AirflowException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Airflow is down or slow: the retry handler already waited; try the same step again later.
            LogStepFailed(e, row.Id);
            row.NextStepAt = (now + Duration.FromTimeSpan(options.Value.PollInterval)).ToUnixTimeTicks();
        }

        using (await writes.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        if (row.State == States.Succeeded && row.IncidentId is { } incident)
        {
            await incidents.ResolveAsync(incident, IncidentService.Bot, $"rerun #{row.Id} asked by {incidents.NameOf(row.RequestedBy)} succeeded (Airflow {row.DagId} run {row.FollowRunId})", cancellationToken);
        }
    }

    private async Task PreconditionAsync(PipelineBotDbContext db, RerunRow row, Instant now, CancellationToken cancellationToken)
    {
        var pending = (row.PendingPreconditions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (row.FollowRunId is null)
        {
            var dag = pending[0];
            var runId = $"pipelinebot__rerun{row.Id}__{dag}";
            await airflow.TriggerAsync(dag, runId, null, new JsonObject { [RerunParameters.LoadDate] = row.LoadDate }, cancellationToken);
            row.FollowDagId = dag;
            row.FollowRunId = runId;
            db.Audit(now, IncidentService.Bot, "rerun-precondition", Subject(row), $"Rerun #{row.Id}: triggered {dag} for load date {row.LoadDate} (run {runId}) before the load");
            Later(row, now);
            return;
        }

        var run = await airflow.GetRunAsync(row.FollowDagId!, row.FollowRunId, cancellationToken);
        if (run is null || run.State == "failed")
        {
            Finish(db, row, now, States.Failed,
                $"{row.FollowDagId} {(run is null ? "run disappeared" : "failed")} for load date {row.LoadDate}, so the load was not rerun: per the runbook it must succeed first");
            return;
        }

        if (run.State != "success")
        {
            Later(row, now);
            return;
        }

        pending.RemoveAt(0);
        row.PendingPreconditions = pending.Count > 0 ? string.Join(',', pending) : null;
        row.FollowDagId = null;
        row.FollowRunId = null;
        row.State = pending.Count > 0 ? States.Precondition : States.Starting;
        row.NextStepAt = now.ToUnixTimeTicks();
    }

    private async Task StartAsync(PipelineBotDbContext db, RerunRow row, Instant now, CancellationToken cancellationToken)
    {
        string what;
        if (row.Mode == "clear")
        {
            var cleared = await airflow.ClearFailedTasksAsync(row.DagId, row.SourceRunId!, cancellationToken);
            row.FollowRunId = row.SourceRunId;
            what = cleared.Count == 0
                ? $"no failed tasks were left to clear in run {row.SourceRunId}; following it"
                : $"cleared {cleared.Count} failed task(s) of run {row.SourceRunId}: {string.Join(", ", cleared)}";
        }
        else
        {
            var runId = $"pipelinebot__rerun{row.Id}";
            var conf = JsonNode.Parse(row.Conf) as JsonObject ?? [];
            await airflow.TriggerAsync(row.DagId, runId, null, conf, cancellationToken);
            row.FollowRunId = runId;
            what = $"triggered run {runId} of {row.DagId} with conf {row.Conf}";
        }

        row.FollowDagId = row.DagId;
        row.State = States.Running;
        db.Audit(now, IncidentService.Bot, "rerun-started", Subject(row), $"Rerun #{row.Id}: {what}");
        Changed(db, row, now);
        Later(row, now);
    }

    private async Task FollowAsync(PipelineBotDbContext db, RerunRow row, Instant now, CancellationToken cancellationToken)
    {
        var run = await airflow.GetRunAsync(row.FollowDagId!, row.FollowRunId!, cancellationToken);
        if (run is null)
        {
            Finish(db, row, now, States.Failed, $"Airflow no longer knows run {row.FollowRunId} of {row.FollowDagId}");
        }
        else if (run.State == "success")
        {
            Finish(db, row, now, States.Succeeded, $"Airflow run {row.FollowRunId} of {row.FollowDagId} succeeded");
        }
        else if (run.State == "failed")
        {
            Finish(db, row, now, States.Failed, $"Airflow run {row.FollowRunId} of {row.FollowDagId} failed; see its logs in Airflow");
        }
        else
        {
            Later(row, now);
        }
    }

    private void Finish(PipelineBotDbContext db, RerunRow row, Instant now, string state, string note)
    {
        row.State = state;
        row.Note = note;
        row.FinishedAt = now.ToUnixTimeTicks();
        db.Audit(now, IncidentService.Bot, state == States.Succeeded ? "rerun-succeeded" : "rerun-failed", Subject(row), $"Rerun #{row.Id}: {note}");
        if (row.IncidentId is null || state == States.Failed)
        {
            var where = row.IncidentId is { } id ? $"{IncidentNames.Id(id)}: r" : "R";
            db.Notify(now, Journal.Team, $"{where}erun #{row.Id} of {incidents.NameOfPipeline(row.PipelineId)} {state}: {note}.", null);
        }

        Changed(db, row, now);
    }

    private static void Changed(PipelineBotDbContext db, RerunRow row, Instant now)
    {
        if (row.IncidentId is { } id)
        {
            db.CardChanged(now, IncidentCards.Key(id));
        }
    }

    private void Later(RerunRow row, Instant now) => row.NextStepAt = (now + Duration.FromTimeSpan(options.Value.PollInterval)).ToUnixTimeTicks();

    private static string Describe(RerunRow row, RerunPlan plan)
    {
        var first = plan.Preconditions.Count > 0 ? $"{string.Join(" then ", plan.Preconditions)} for load date {row.LoadDate} first, then " : "";
        return plan.Mode == RerunMode.ClearFailedTasks
            ? $"{first}clear the failed tasks of run {plan.SourceRunId} ({plan.DagId})"
            : $"{first}a new run of {plan.DagId} with conf {row.Conf}";
    }

    /// <summary>The audit subject: the incident the rerun is for, else the pipeline.</summary>
    private static string Subject(RerunRow row) => row.IncidentId is { } id ? IncidentService.Subject(id) : $"pipeline:{row.PipelineId}";

    /// <summary>The load date of a run's logical date: a date, or the date part of an ISO instant in UTC.</summary>
    internal static LocalDate? LoadDateOf(string? logicalDate)
    {
        if (logicalDate is null)
        {
            return null;
        }

        if (LocalDatePattern.Iso.Parse(logicalDate) is { Success: true } date)
        {
            return date.Value;
        }

        return OffsetDateTimePattern.ExtendedIso.Parse(logicalDate) is { Success: true } instant ? instant.Value.ToInstant().InUtc().Date : null;
    }

    /// <summary>Airflow said no (a 4xx other than a timeout or a rate limit): trying the same step again cannot help.</summary>
    private static bool IsRefusal(AirflowException e) =>
        e.StatusCode is { } status && (int)status is >= 400 and < 500 && status is not (System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests);

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rerun {RerunId}: the Airflow step failed; it is tried again later")]
    private partial void LogStepFailed(Exception error, long rerunId);
}
