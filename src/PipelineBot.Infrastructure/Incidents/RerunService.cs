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

/// <summary>Why a rerun request was refused.</summary>
public enum RerunRefusal
{
    /// <summary>Airflow is not configured (<see cref="AirflowOptions.WhatToSet"/>).</summary>
    NotConfigured,

    /// <summary>The rules refused it (<see cref="RerunRules"/>): see <see cref="RerunResult.Reason"/>.</summary>
    Refused,

    NoSuchIncident,
    AlreadyResolved,

    /// <summary>A rerun of the incident is under way: <see cref="RerunResult.Rerun"/>.</summary>
    UnderWay,
}

/// <summary>The answer to a rerun request: the rerun stored with its plan, or why there is none.</summary>
/// <param name="Reason">For <see cref="RerunRefusal.Refused"/>: the rules' reason.</param>
public sealed record RerunResult(RerunRefusal? Refusal, Rerun? Rerun, RerunPlan? Plan = null, long? IncidentId = null, string? Reason = null)
{
    public bool Accepted => Refusal is null;

    public static RerunResult Refuse(RerunRefusal refusal, long? incidentId = null, string? reason = null, Rerun? active = null) =>
        new(refusal, active, null, incidentId, reason);
}

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
    public bool IsConfigured => options.Value.IsConfigured;

    /// <param name="incidentId">The incident the rerun should fix; null for a rerun asked for by pipeline alone.</param>
    public async Task<RerunResult> RequestAsync(Member member, Pipeline pipeline, long? incidentId, RerunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!options.Value.IsConfigured)
        {
            return RerunResult.Refuse(RerunRefusal.NotConfigured, incidentId);
        }

        var now = Now();
        var onCall = (await schedule.OnCallAtAsync(now, cancellationToken)).MemberId;
        if (RerunRules.WhyNotAllowed(member, pipeline, onCall) is { } notAllowed)
        {
            return RerunResult.Refuse(RerunRefusal.Refused, incidentId, notAllowed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        string? failedRunId = null;
        LocalDate? loadDate = null;
        if (incidentId is { } id)
        {
            var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (incident is null)
            {
                return RerunResult.Refuse(RerunRefusal.NoSuchIncident, id);
            }

            if (incident.State == IncidentNames.Of(IncidentState.Resolved))
            {
                return RerunResult.Refuse(RerunRefusal.AlreadyResolved, id);
            }

            if (await db.Reruns.AsNoTracking().Where(r => r.IncidentId == id && r.FinishedAt == null).FirstOrDefaultAsync(cancellationToken) is { } active)
            {
                return RerunResult.Refuse(RerunRefusal.UnderWay, id, active: Rerun.From(active));
            }

            failedRunId = incident.Kind == IncidentNames.Of(IncidentKind.LateData) ? null : incident.RunId;
            loadDate = LoadDateOf(incident.LogicalDate);
        }

        var decision = RerunRules.Plan(pipeline, request, failedRunId, loadDate);
        if (decision.Plan is not { } plan)
        {
            return RerunResult.Refuse(RerunRefusal.Refused, incidentId, decision.Refusal);
        }

        var row = new RerunRow
        {
            IncidentId = incidentId,
            PipelineId = pipeline.Id,
            DagId = plan.DagId,
            RequestedBy = member.Id,
            RequestedAt = now.ToUnixTimeTicks(),
            Mode = plan.Mode == RerunMode.ClearFailedTasks ? Clear : "trigger",
            SourceRunId = plan.SourceRunId,
            LoadDate = plan.LoadDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Conf = JsonSerializer.Serialize(plan.Parameters),
            PendingPreconditions = plan.Preconditions.Count > 0 ? string.Join(',', plan.Preconditions) : null,
            State = StateName(RerunProgress.FirstStep(plan)),
            NextStepAt = now.ToUnixTimeTicks(),
        };
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Reruns.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        var rerun = Rerun.From(row);
        db.Audit(now, member.Id, "rerun-requested", Subject(row), $"{incidents.NameOf(member.Id)} asked for rerun #{row.Id}: {Describe(rerun, plan)}");
        if (incidentId is { } changed)
        {
            db.CardChanged(now, IncidentCards.Key(changed));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RerunResult(null, rerun, plan, incidentId);
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

    /// <summary>When the next step of an unfinished rerun is due (null: none, or Airflow is not configured).</summary>
    public async Task<Instant?> NextStepAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var next = await db.Reruns.Where(r => r.FinishedAt == null).OrderBy(r => r.NextStepAt).Select(r => (long?)r.NextStepAt).FirstOrDefaultAsync(cancellationToken);
        return next is { } ticks ? Instant.FromUnixTimeTicks(ticks) : null;
    }

    /// <summary>Loads the rerun, asks it what to do next in Airflow, does it, and stores where that got it.</summary>
    private async Task StepAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // Claimed by moving its next step a lease ahead, so of several instances one takes the step; if this one dies
        // with the step half done, another takes it again when the lease runs out (Airflow run ids are derived from
        // the rerun's id, so a repeated trigger finds the run the first one started).
        var claimedAt = Now().ToUnixTimeTicks();
        var lease = (Now() + StepLease).ToUnixTimeTicks();
        using (await writes.EnterAsync(cancellationToken))
        {
            if (await db.Reruns.Where(r => r.Id == id && r.FinishedAt == null && r.NextStepAt <= claimedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextStepAt, lease), cancellationToken) == 0)
            {
                return;
            }
        }

        var row = await db.Reruns.FirstAsync(r => r.Id == id, cancellationToken);
        var progress = new RerunProgress(
            row.Id, row.Mode == Clear ? RerunMode.ClearFailedTasks : RerunMode.TriggerNewRun, row.DagId, row.SourceRunId,
            (row.PendingPreconditions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), Enum.Parse<RerunStep>(row.State, ignoreCase: true),
            row.FollowDagId, row.FollowRunId);
        var now = Now();
        var work = progress.Next();
        var wait = true;
        try
        {
            // The one call to Airflow this step makes comes first in each branch, so getting past it means Airflow answered.
            if (work is WatchRun watch)
            {
                var standing = await airflow.GetRunAsync(watch.DagId, watch.RunId, cancellationToken) switch
                {
                    null => RunStanding.Gone,
                    { State: DagRun.Success } => RunStanding.Succeeded,
                    { State: DagRun.Failed } => RunStanding.Failed,
                    _ => RunStanding.Going,
                };
                Answered(db, row, now);
                var precondition = progress.Step == RerunStep.Precondition;
                progress.Observed(standing);

                // A precondition that passed lets the next step go at once.
                wait = standing == RunStanding.Going;
                if (progress.Finished)
                {
                    Finish(db, row, progress, now, precondition ? PreconditionNote(row, standing) : RunNote(watch, standing));
                }
            }
            else if (work is not NoWork)
            {
                var what = await StartAsync(row, work, cancellationToken);
                Answered(db, row, now);
                progress.Started(work);
                db.Audit(now, IncidentService.Bot, work is TriggerPrecondition ? "rerun-precondition" : "rerun-started", Subject(row), $"Rerun #{row.Id}: {what}");
                if (work is not TriggerPrecondition)
                {
                    Changed(db, row, now);
                }
            }
        }
        catch (AirflowException e) when (IsRefusal(e))
        {
            progress.Refused();
            Finish(db, row, progress, now, $"Airflow refused it: {e.Message}");
        }
        catch (Exception e) when (e is AirflowException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Airflow is down or slow: the retry handler already waited. The same step is tried again later, until the
            // rerun gives up; the card and the team hear of it at the first failed try, and again at the end.
            LogStepFailed(e, row.Id);
            Unanswered(db, row, progress, now, e);
        }

        row.State = StateName(progress.Step);
        row.PendingPreconditions = progress.Pending.Count > 0 ? string.Join(',', progress.Pending) : null;
        row.FollowDagId = progress.FollowDagId;
        row.FollowRunId = progress.FollowRunId;
        row.NextStepAt = (wait ? now + Duration.FromTimeSpan(options.Value.PollInterval) : now).ToUnixTimeTicks();
        using (await writes.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        if (progress.Step == RerunStep.Succeeded && row.IncidentId is { } incident)
        {
            await incidents.ResolveAsync(incident, IncidentService.Bot, $"rerun #{row.Id} asked by {incidents.NameOf(row.RequestedBy)} succeeded (Airflow {row.DagId} run {row.FollowRunId})", cancellationToken);
        }
    }

    /// <summary>Starts what <paramref name="work"/> names in Airflow; returns what was done, for the audit.</summary>
    private async Task<string> StartAsync(RerunRow row, RerunWork work, CancellationToken cancellationToken)
    {
        switch (work)
        {
            case TriggerPrecondition precondition:
                await airflow.TriggerAsync(precondition.DagId, precondition.RunId, null, new JsonObject { [RerunParameters.LoadDate] = row.LoadDate }, cancellationToken);
                return $"triggered {precondition.DagId} for load date {row.LoadDate} (run {precondition.RunId}) before the load";
            case ClearFailedTasks clear:
                var cleared = await airflow.ClearFailedTasksAsync(clear.DagId, clear.RunId, cancellationToken);
                return cleared.Count == 0
                    ? $"no failed tasks were left to clear in run {clear.RunId}; following it"
                    : $"cleared {cleared.Count} failed task(s) of run {clear.RunId}: {string.Join(", ", cleared)}";
            default:
                var run = (TriggerRun)work;
                await airflow.TriggerAsync(run.DagId, run.RunId, null, JsonNode.Parse(row.Conf) as JsonObject ?? [], cancellationToken);
                return $"triggered run {run.RunId} of {run.DagId} with conf {row.Conf}";
        }
    }

    private static string PreconditionNote(RerunRow row, RunStanding standing) =>
        $"{row.FollowDagId} {(standing == RunStanding.Gone ? "run disappeared" : "failed")} for load date {row.LoadDate}, so the load was not rerun: per the runbook it must succeed first";

    private static string RunNote(WatchRun run, RunStanding standing) => standing switch
    {
        RunStanding.Gone => $"Airflow no longer knows run {run.RunId} of {run.DagId}",
        RunStanding.Succeeded => $"Airflow run {run.RunId} of {run.DagId} succeeded",
        _ => $"Airflow run {run.RunId} of {run.DagId} failed; see its logs in Airflow",
    };

    private void Unanswered(PipelineBotDbContext db, RerunRow row, RerunProgress progress, Instant now, Exception e)
    {
        var (trouble, reason) = e switch
        {
            AirflowException { StatusCode: not null } => ("is failing", e.Message),
            AirflowException { InnerException: { } inner } => ("is not answering", inner.Message),
            TaskCanceledException => ("is not answering", "no answer in time"),
            _ => ("is not answering", e.Message),
        };
        reason = reason.TrimEnd('.');
        var first = row.GiveUpAt is null;
        var giveUpAt = first ? now + Duration.FromTimeSpan(options.Value.GiveUpAfter) : Instant.FromUnixTimeTicks(row.GiveUpAt!.Value);
        row.GiveUpAt = giveUpAt.ToUnixTimeTicks();
        progress.Unanswered(giveUpAt, now);
        if (progress.Finished)
        {
            var since = giveUpAt - Duration.FromTimeSpan(options.Value.GiveUpAfter);
            Finish(db, row, progress, now, $"Airflow at {options.Value.BaseUrl} did not answer from {Clock(since)} to {Clock(now)} ({reason}), so the rerun gave up; try again once Airflow is back");
        }
        else if (first)
        {
            row.Note = $"Airflow at {options.Value.BaseUrl} {trouble} ({reason})";
            db.Audit(now, IncidentService.Bot, "rerun-unanswered", Subject(row), $"Rerun #{row.Id}: {row.Note}; retrying until {Clock(giveUpAt)}");
            var data = new JsonObject { ["rerun"] = row.Id, ["incident"] = row.IncidentId, ["pipeline"] = row.PipelineId, ["note"] = row.Note, ["giveUpAt"] = row.GiveUpAt };
            db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.RerunUnanswered, data));
            Changed(db, row, now);
        }
    }

    /// <summary>Airflow answered a step: a rerun that was waiting for it stops counting down, and its card says so.</summary>
    private static void Answered(PipelineBotDbContext db, RerunRow row, Instant now)
    {
        if (row.GiveUpAt is not null)
        {
            row.GiveUpAt = null;
            row.Note = null;
            Changed(db, row, now);
        }
    }

    private static string Clock(Instant instant) => InstantPattern.General.Format(instant);

    /// <summary>The end of a rerun: its note, audit entry, card redraw, and a notice unless a success resolves its incident.</summary>
    private static void Finish(PipelineBotDbContext db, RerunRow row, RerunProgress progress, Instant now, string note)
    {
        var state = StateName(progress.Step);
        row.Note = note;
        row.GiveUpAt = null;
        row.FinishedAt = now.ToUnixTimeTicks();
        db.Audit(now, IncidentService.Bot, progress.Step == RerunStep.Succeeded ? "rerun-succeeded" : "rerun-failed", Subject(row), $"Rerun #{row.Id}: {note}");
        if (row.IncidentId is null || progress.Step == RerunStep.Failed)
        {
            var data = new JsonObject { ["rerun"] = row.Id, ["incident"] = row.IncidentId, ["pipeline"] = row.PipelineId, ["state"] = state, ["note"] = note };
            db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.RerunFinished, data));
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

    /// <summary>What a rerun will do, in words for its audit entry and its answer.</summary>
    public static string Describe(Rerun rerun, RerunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(rerun);
        ArgumentNullException.ThrowIfNull(plan);
        var first = plan.Preconditions.Count > 0 ? $"{string.Join(" then ", plan.Preconditions)} for load date {rerun.LoadDate} first, then " : "";
        return plan.Mode == RerunMode.ClearFailedTasks
            ? $"{first}clear the failed tasks of run {plan.SourceRunId} ({plan.DagId})"
            : $"{first}a new run of {plan.DagId} with conf {rerun.Conf}";
    }

    private const string Clear = "clear";

    /// <summary>How long a claimed step is this instance's: longer than a step with its retries takes.</summary>
    private static readonly Duration StepLease = Duration.FromMinutes(5);

    private static string StateName(RerunStep step) => step.ToString().ToLowerInvariant();

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
