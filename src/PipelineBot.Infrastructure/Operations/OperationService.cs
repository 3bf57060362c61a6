using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Operations;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Infrastructure.Operations;

/// <summary>An operation as stored, for its card and its answers.</summary>
public sealed record StoredOperation(
    long Id,
    OperationKind Kind,
    string? PipelineId,
    string RequestedBy,
    Instant RequestedAt,
    OperationState State,
    IReadOnlyList<OperationStep> Steps,
    string? DecidedBy,
    Instant? FinishedAt,
    Instant? GiveUpAt)
{
    public string CardKey => OperationCards.Key(Id);
}

/// <summary>The answer to a request or a decision: the operation as it is now, or why nothing changed.</summary>
public sealed record OperationResult(StoredOperation? Operation, string? Refusal, bool NotConfigured = false)
{
    public static OperationResult Refuse(string reason, StoredOperation? operation = null) => new(operation, reason);
}

/// <summary>The card keys of operations: every posted copy of <c>operation:3</c> is redrawn when it moves on.</summary>
public static class OperationCards
{
    public const string Prefix = "operation:";

    public static string Key(long id) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{id}");
}

/// <summary>
/// Backfills (seed 003: clear the selected dates, downstream included) and environment rebuilds (Runbook #6) through
/// Airflow. A request is checked (who may, the range, one at a time) and, for a backfill, dry-run in Airflow so the
/// card can say what will be cleared; nothing changes in Airflow before Confirm. Once confirmed, the sweeper moves it on
/// one step at a time, each step claimed by moving its next step a lease ahead, as reruns are.
/// </summary>
public sealed partial class OperationService(
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    WriteGate writes,
    Catalog catalog,
    ScheduleService schedule,
    AirflowClient airflow,
    IOptions<AirflowOptions> options,
    TimeProvider time,
    ILogger<OperationService> logger)
{
    private static readonly Duration StepLease = Duration.FromMinutes(5);

    public async Task<OperationResult> ProposeBackfillAsync(Member member, Pipeline pipeline, LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!options.Value.IsConfigured)
        {
            return new OperationResult(null, null, NotConfigured: true);
        }

        var now = Now();
        var onCall = (await schedule.OnCallAtAsync(now, cancellationToken)).MemberId;
        if (Operation.WhyNotAllowedToBackfill(member, pipeline, onCall) is { } notAllowed)
        {
            return OperationResult.Refuse(notAllowed);
        }

        var (steps, refusal) = Operation.PlanBackfill(catalog, pipeline, from, to, now.InUtc().Date);
        if (steps is null)
        {
            return OperationResult.Refuse(refusal!);
        }

        if (await RunningAsync(OperationKind.Backfill, pipeline.Id, cancellationToken) is { } running)
        {
            return OperationResult.Refuse($"backfill #{running.Id} of {pipeline.Name} is still running; one backfill of a pipeline at a time", running);
        }

        // The dry run: what Confirm would clear, per DAG, so nobody confirms blind.
        var planned = new List<OperationStep>();
        foreach (var step in steps)
        {
            try
            {
                var found = await airflow.ClearRangeAsync(step.DagId, Start(from), End(to), dryRun: true, cancellationToken);
                planned.Add(step with { Planned = found.Count, Note = $"{found.Count} task instance(s) in {found.Select(f => f.RunId).Distinct(StringComparer.Ordinal).Count()} run(s)" });
            }
            catch (Exception e) when (e is AirflowException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return OperationResult.Refuse($"Airflow did not answer the dry run of {step.DagId} ({e.Message.TrimEnd('.')}), so nothing was cleared; try again once it does");
            }
        }

        if (planned[0].Planned == 0)
        {
            return OperationResult.Refuse($"Airflow has no runs of {planned[0].DagId} with a logical date from {Iso(from)} to {Iso(to)}, so there is nothing to backfill");
        }

        return new OperationResult(await StoreAsync(OperationKind.Backfill, pipeline.Id, member, planned, $"{member.Name} asked to backfill {pipeline.Name} from {Iso(from)} to {Iso(to)}", cancellationToken), null);
    }

    public async Task<OperationResult> ProposeRebuildAsync(Member member, LocalDate loadDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!options.Value.IsConfigured)
        {
            return new OperationResult(null, null, NotConfigured: true);
        }

        if (Operation.WhyNotAllowedToRebuild(member) is { } notAllowed)
        {
            return OperationResult.Refuse(notAllowed);
        }

        var steps = Operation.PlanRebuild(catalog, loadDate);
        if (steps.Count == 0)
        {
            return OperationResult.Refuse("the catalog lists no setup DAGs (PipelineBot:SetupDags), so there is nothing to run");
        }

        if (await RunningAsync(OperationKind.Rebuild, null, cancellationToken) is { } running)
        {
            return OperationResult.Refuse($"rebuild #{running.Id} is still running; one rebuild at a time", running);
        }

        return new OperationResult(await StoreAsync(OperationKind.Rebuild, null, member, steps, $"{member.Name} asked to rebuild the environment for load date {Iso(loadDate)}", cancellationToken), null);
    }

    /// <summary>Confirm or Cancel, by someone who may ask for the operation themselves.</summary>
    public async Task<OperationResult> DecideAsync(long id, Member member, bool confirm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var now = Now();
        var onCall = (await schedule.OnCallAtAsync(now, cancellationToken)).MemberId;
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Operations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (row is null)
        {
            return OperationResult.Refuse($"there is no operation #{id}");
        }

        var operation = Load(row);
        var notAllowed = operation.Kind == OperationKind.Rebuild
            ? Operation.WhyNotAllowedToRebuild(member)
            : catalog.FindPipeline(row.PipelineId!) is { } pipeline ? Operation.WhyNotAllowedToBackfill(member, pipeline, onCall) : "its pipeline is no longer in the catalog";
        if (notAllowed is not null)
        {
            return OperationResult.Refuse(notAllowed, From(row));
        }

        if (confirm && operation.State == OperationState.Proposed
            && await db.Operations.AnyAsync(o => o.Id != id && o.Kind == row.Kind && o.PipelineId == row.PipelineId && o.State == Name(OperationState.Running), cancellationToken))
        {
            return OperationResult.Refuse($"another {row.Kind} of the same is still running; confirm this one once it is over", From(row));
        }

        if (!(confirm ? operation.Confirm() : operation.Cancel()))
        {
            return OperationResult.Refuse($"#{id} is {Name(operation.State)} already", From(row));
        }

        // Guarded on the state read: of two decisions at once on two instances, the second finds it decided.
        var (proposed, state) = (Name(OperationState.Proposed), Name(operation.State));
        var (next, finished) = (confirm ? now.ToUnixTimeTicks() : (long?)null, confirm ? (long?)null : now.ToUnixTimeTicks());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Operations.Where(o => o.Id == id && o.State == proposed)
            .ExecuteUpdateAsync(
                s => s.SetProperty(o => o.State, state).SetProperty(o => o.DecidedBy, member.Id).SetProperty(o => o.NextStepAt, next).SetProperty(o => o.FinishedAt, finished),
                cancellationToken) == 0)
        {
            return OperationResult.Refuse($"#{id} was decided a moment ago by someone else", await FindAsync(id, cancellationToken));
        }

        db.Audit(now, member.Id, $"{row.Kind}-{(confirm ? "confirmed" : "cancelled")}", Subject(row), $"{member.Name} {(confirm ? "confirmed" : "cancelled")} {row.Kind} #{id}");
        db.CardChanged(now, OperationCards.Key(id));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        (row.State, row.DecidedBy, row.NextStepAt, row.FinishedAt) = (state, member.Id, next, finished);
        return new OperationResult(From(row), null);
    }

    public async Task<StoredOperation?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Operations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return row is null ? null : From(row);
    }

    /// <summary>Moves every running operation whose next step is due; returns how many were stepped.</summary>
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
            due = await db.Operations.Where(o => o.NextStepAt != null && o.NextStepAt <= now).OrderBy(o => o.NextStepAt).Select(o => o.Id).Take(20).ToListAsync(cancellationToken);
        }

        foreach (var id in due)
        {
            await StepAsync(id, cancellationToken);
        }

        return due.Count;
    }

    /// <summary>When the next step of a running operation is due (null: none, or Airflow is not configured).</summary>
    public async Task<Instant?> NextStepAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var next = await db.Operations.Where(o => o.NextStepAt != null).OrderBy(o => o.NextStepAt).Select(o => o.NextStepAt).FirstOrDefaultAsync(cancellationToken);
        return next is { } ticks ? Instant.FromUnixTimeTicks(ticks) : null;
    }

    /// <summary>Loads the operation, asks it what to do next in Airflow, does it, and stores where that got it.</summary>
    private async Task StepAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claimedAt = Now().ToUnixTimeTicks();
        using (await writes.EnterAsync(cancellationToken))
        {
            if (await db.Operations.Where(o => o.Id == id && o.NextStepAt != null && o.NextStepAt <= claimedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.NextStepAt, (Now() + StepLease).ToUnixTimeTicks()), cancellationToken) == 0)
            {
                return;
            }
        }

        var row = await db.Operations.FirstAsync(o => o.Id == id, cancellationToken);
        var operation = Load(row);
        var before = (row.Steps, row.State, row.GiveUpAt);
        var now = Now();
        var work = operation.Next();
        var wait = true;
        if (work is not null)
        {
            var step = operation.Steps[work.Step];
            try
            {
                if (work is StartStep start)
                {
                    var (runs, note) = await StartAsync(step, start.RunId, cancellationToken);
                    operation.Started(work.Step, runs, note);
                    db.Audit(now, IncidentService.Bot, $"{row.Kind}-step", Subject(row), $"{Title(row)}, step {work.Step + 1} of {operation.Steps.Count} ({step.DagId}): {note}");
                    wait = operation.Steps[work.Step].State == StepState.Running;
                }
                else
                {
                    var standings = new List<RunStanding>();
                    foreach (var runId in step.Followed)
                    {
                        standings.Add(await airflow.GetRunAsync(step.DagId, runId, cancellationToken) switch
                        {
                            null => RunStanding.Gone,
                            { State: DagRun.Success } => RunStanding.Succeeded,
                            { State: DagRun.Failed } => RunStanding.Failed,
                            _ => RunStanding.Going,
                        });
                    }

                    operation.Observed(work.Step, standings, WatchNote(step, standings));

                    // A step that succeeded lets the next one start at once.
                    wait = operation.Steps[work.Step].State == StepState.Running;
                }

                row.GiveUpAt = null;
            }
            catch (AirflowException e) when (e.StatusCode is { } status && (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
            {
                operation.Fail(work.Step, $"Airflow refused it: {e.Message.TrimEnd('.')}");
            }
            catch (Exception e) when (e is AirflowException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Airflow is down or slow: the same step is tried again later, until the operation gives up.
                LogStepFailed(e, id);
                var giveUpAt = row.GiveUpAt is { } at ? Instant.FromUnixTimeTicks(at) : now + Duration.FromTimeSpan(options.Value.GiveUpAfter);
                row.GiveUpAt = giveUpAt.ToUnixTimeTicks();
                if (now >= giveUpAt)
                {
                    operation.Fail(work.Step, $"Airflow at {options.Value.BaseUrl} did not answer until {InstantPattern.General.Format(giveUpAt)} ({e.Message.TrimEnd('.')}), so it stopped here");
                }
            }
        }

        row.State = Name(operation.State);
        row.Steps = Write(operation.Steps);
        if (operation.Finished)
        {
            Finish(db, row, operation, now);
        }
        else
        {
            row.NextStepAt = (wait ? now + Duration.FromTimeSpan(options.Value.PollInterval) : now).ToUnixTimeTicks();
        }

        // A look at runs still going changes nothing on the card: redrawing it every poll would only spend API calls.
        if ((row.Steps, row.State, row.GiveUpAt) != before)
        {
            db.CardChanged(now, OperationCards.Key(id));
        }

        using (await writes.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Starts a step in Airflow: returns the runs it follows and what was done, in words.</summary>
    private async Task<(IReadOnlyList<string> Runs, string Note)> StartAsync(OperationStep step, string runId, CancellationToken cancellationToken)
    {
        if (step.Clears)
        {
            var cleared = await airflow.ClearRangeAsync(step.DagId, Start(step.From!.Value), End(step.To!.Value), dryRun: false, cancellationToken);
            var runs = cleared.Select(c => c.RunId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return (runs, runs.Count == 0
                ? $"nothing to clear from {Iso(step.From.Value)} to {Iso(step.To.Value)}"
                : $"cleared {cleared.Count} task instance(s) in {runs.Count} run(s) from {Iso(step.From.Value)} to {Iso(step.To.Value)}");
        }

        var conf = new JsonObject([.. step.Conf.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)JsonValue.Create(c.Value)))]);
        try
        {
            await airflow.TriggerAsync(step.DagId, runId, null, conf, cancellationToken);
        }
        catch (AirflowException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Triggered before a crash, which lost what was stored after: follow the run that exists.
            if (await airflow.GetRunAsync(step.DagId, runId, cancellationToken) is null)
            {
                throw;
            }
        }

        return ([runId], $"triggered run {runId}{(step.Conf.Count == 0 ? "" : $" with conf {conf.ToJsonString()}")}");
    }

    private static string WatchNote(OperationStep step, List<RunStanding> standings)
    {
        var failed = step.Followed.Zip(standings).Where(p => p.Second is RunStanding.Failed or RunStanding.Gone).Select(p => p.First).ToList();
        var done = standings.Count(s => s == RunStanding.Succeeded);
        return failed.Count > 0
            ? $"run {string.Join(", ", failed)} of {step.DagId} {(standings.Contains(RunStanding.Failed) ? "failed; see its logs in Airflow" : "is gone from Airflow")}"
            : $"{done} of {standings.Count} run(s) succeeded";
    }

    /// <summary>The end: the audit entry, and the team told how it ended.</summary>
    private void Finish(PipelineBotDbContext db, OperationRow row, Operation operation, Instant now)
    {
        row.NextStepAt = null;
        row.GiveUpAt = null;
        row.FinishedAt = now.ToUnixTimeTicks();
        var failed = operation.Steps.Select((s, i) => (Step: s, Index: i)).FirstOrDefault(s => s.Step.State == StepState.Failed);
        var note = failed.Step is { } step
            ? $"stopped at step {failed.Index + 1} of {operation.Steps.Count}, {step.DagId}: {step.Note}"
            : $"all {operation.Steps.Count} step(s) succeeded ({string.Join(", ", operation.Steps.Select(s => s.DagId))})";
        db.Audit(now, IncidentService.Bot, $"{row.Kind}-{row.State}", Subject(row), $"{Title(row)}: {note}");
        var data = new JsonObject { ["operation"] = row.Id, ["kind"] = row.Kind, ["pipeline"] = row.PipelineId, ["state"] = row.State, ["note"] = note };
        db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.OperationFinished, data));
    }

    private async Task<StoredOperation> StoreAsync(OperationKind kind, string? pipelineId, Member member, IReadOnlyList<OperationStep> steps, string detail, CancellationToken cancellationToken)
    {
        var now = Now();
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = new OperationRow
        {
            Kind = Name(kind),
            PipelineId = pipelineId,
            RequestedBy = member.Id,
            RequestedAt = now.ToUnixTimeTicks(),
            State = Name(OperationState.Proposed),
            Steps = Write(steps),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Operations.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        db.Audit(now, member.Id, $"{row.Kind}-proposed", Subject(row), $"{detail} (#{row.Id}); waiting for Confirm");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return From(row);
    }

    private async Task<StoredOperation?> RunningAsync(OperationKind kind, string? pipelineId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (kindName, running) = (Name(kind), Name(OperationState.Running));
        var row = await db.Operations.AsNoTracking().FirstOrDefaultAsync(o => o.Kind == kindName && o.PipelineId == pipelineId && o.State == running, cancellationToken);
        return row is null ? null : From(row);
    }

    private string Title(OperationRow row) => row.Kind == Name(OperationKind.Rebuild)
        ? $"Rebuild #{row.Id}"
        : $"Backfill #{row.Id} of {catalog.FindPipeline(row.PipelineId!)?.Name ?? row.PipelineId}";

    private static string Subject(OperationRow row) => row.PipelineId is { } pipeline ? $"pipeline:{pipeline}" : "environment";

    private static Operation Load(OperationRow row) =>
        new(row.Id, Enum.Parse<OperationKind>(row.Kind, ignoreCase: true), row.PipelineId, Enum.Parse<OperationState>(row.State, ignoreCase: true), Read(row.Steps));

    private static StoredOperation From(OperationRow row)
    {
        var operation = Load(row);
        return new StoredOperation(
            row.Id, operation.Kind, row.PipelineId, row.RequestedBy, Instant.FromUnixTimeTicks(row.RequestedAt), operation.State, operation.Steps, row.DecidedBy,
            row.FinishedAt is { } f ? Instant.FromUnixTimeTicks(f) : null, row.GiveUpAt is { } g ? Instant.FromUnixTimeTicks(g) : null);
    }

    private static string Write(IEnumerable<OperationStep> steps) => JsonSerializer.Serialize(steps.Select(s => new StepJson(
        s.DagId, s.PipelineId, s.From is { } from ? Iso(from) : null, s.To is { } to ? Iso(to) : null, new Dictionary<string, string>(s.Conf), s.Planned, Name(s.State), s.Runs, s.Note)));

    private static List<OperationStep> Read(string json) => [.. (JsonSerializer.Deserialize<List<StepJson>>(json) ?? []).Select(s => new OperationStep(
        s.DagId, s.PipelineId, s.From is null ? null : LocalDatePattern.Iso.Parse(s.From).Value, s.To is null ? null : LocalDatePattern.Iso.Parse(s.To).Value,
        s.Conf, s.Planned, Enum.Parse<StepState>(s.State, ignoreCase: true), s.Runs, s.Note))];

    // A backfill's dates are Airflow's logical dates, which are UTC: the range is whole UTC days.
    private static Instant Start(LocalDate from) => from.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    private static Instant End(LocalDate to) => to.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() - Duration.FromSeconds(1);

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId}: the Airflow step failed; it is tried again later")]
    private partial void LogStepFailed(Exception error, long operationId);

    /// <summary>A step as stored: dates as ISO text, states by name.</summary>
    private sealed record StepJson(
        string DagId, string? PipelineId, string? From, string? To, Dictionary<string, string> Conf, int Planned, string State, IReadOnlyList<string>? Runs, string? Note);
}
