using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Sla;

/// <summary>
/// The monthly SLA review (seed 003): loads a month's runs and incidents and asks <see cref="SlaReviewer"/>. Once a
/// minute on <see cref="TimeProvider"/> it also posts the previous month's review to the team when the first business
/// day of a month opens, claimed once in the database (<c>SlaReviewPosts</c>) with its notice, across instances and restarts.
/// </summary>
public sealed partial class SlaReviewService(
    Catalog catalog,
    SlaPolicy sla,
    BusinessHours hours,
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    WriteGate writes,
    TimeProvider time,
    ILogger<SlaReviewService> logger) : BackgroundService
{
    public const string CardPrefix = "sla:";

    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    /// <summary>How long after the first business day opens a missed post is still sent: a bot down that morning posts when back, not weeks later.</summary>
    private static readonly Duration PostWithin = Duration.FromDays(3);

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    /// <summary>How long after a month the review still looks for the data of its last days.</summary>
    private static readonly Duration LateArrivals = Duration.FromDays(7);

    /// <summary>The month before the current one, in the team's zone: the one the operations meeting reviews.</summary>
    public YearMonth LastMonth()
    {
        var today = Now().InZone(hours.Zone).Date;
        return today.PlusMonths(-1).ToYearMonth();
    }

    public YearMonth ThisMonth() => Now().InZone(hours.Zone).Date.ToYearMonth();

    /// <summary>The review of <paramref name="month"/> for the team, or for one pipeline.</summary>
    public async Task<SlaReview> ReviewAsync(YearMonth month, Pipeline? pipeline, CancellationToken cancellationToken)
    {
        var now = Now();
        var first = month.OnDayOfMonth(1);
        var from = (first.AtStartOfDayInZone(hours.Zone).ToInstant() - Duration.FromDays(2)).ToUnixTimeTicks();
        var to = (first.PlusMonths(1).AtStartOfDayInZone(hours.Zone).ToInstant() + Duration.FromDays(2)).ToUnixTimeTicks();

        // Data late for the month's last business days may arrive in the week after it.
        var arrivalsTo = (first.PlusMonths(1).AtStartOfDayInZone(hours.Zone).ToInstant() + LateArrivals).ToUnixTimeTicks();
        var pipelines = pipeline is null ? catalog.Pipelines : [pipeline];
        var ids = pipelines.Select(p => p.Id).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // The runs that finished in the month (or, unfinished, were last heard of in it), and the week after.
        var runRows = await db.Runs.AsNoTracking()
            .Where(r => ids.Contains(r.PipelineId)
                && (r.FinishedAt == null ? r.UpdatedAt >= from && r.UpdatedAt < arrivalsTo : r.FinishedAt >= from && r.FinishedAt < arrivalsTo))
            .ToListAsync(cancellationToken);
        var incidentRows = await db.Incidents.AsNoTracking()
            .Where(i => ids.Contains(i.PipelineId) && i.OpenedAt >= from && i.OpenedAt < to)
            .ToListAsync(cancellationToken);
        var incidentIds = incidentRows.Select(i => i.Id).ToList();
        var stakeholders = IncidentClock.NameOf(ClockKind.Stakeholders);
        var told = (await db.IncidentClocks.AsNoTracking()
            .Where(c => incidentIds.Contains(c.IncidentId) && c.Kind == stakeholders && c.Outcome == IncidentRows.Fired)
            .Select(c => c.IncidentId)
            .ToListAsync(cancellationToken)).ToHashSet();

        var runs = runRows.Select(Reviewed).ToList();
        var incidents = incidentRows.Select(i => new ReviewedIncident(
            i.Id,
            i.PipelineId,
            IncidentNames.KindOf(i.Kind) ?? IncidentKind.Failure,
            i.RunId,
            DateOf(i.LogicalDate),
            Instant.FromUnixTimeTicks(i.OpenedAt),
            At(i.AcknowledgedAt),
            At(i.ResolvedAt),
            At(i.AckBreachedAt),
            At(i.ResolveBreachedAt),
            i.LinkedTo,
            At(i.MissedDeadline),
            told.Contains(i.Id))).ToList();
        return SlaReviewer.Review(month, now, pipelines, runs, incidents, sla, hours);
    }

    /// <summary>The key of a month's review card.</summary>
    public static string CardKey(YearMonth month) => $"{CardPrefix}{month.Year:D4}{month.Month:D2}";

    /// <summary>The month a card key names, if it names one.</summary>
    public static YearMonth? MonthOfKey(long key) =>
        key / 100 is >= 1 and <= 9999 and var year && key % 100 is >= 1 and <= 12 and var month ? new YearMonth((int)year, (int)month) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                await PostDueAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A failed pass (the database briefly unreachable) is tried again on the next tick; the loop lives on.
                LogFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Posts last month's review once the first business day of this month has opened; true when this call posted it.</summary>
    public async Task<bool> PostDueAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        var postAt = PostTime(ThisMonth());
        if (postAt is not { } at || now < at || now > at + PostWithin)
        {
            return false;
        }

        var month = LastMonth();
        var key = month.ToString("yyyy'-'MM", CultureInfo.InvariantCulture);
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // One statement either provider runs atomically: the first instance to get here posts the review.
        var claimed = await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "SlaReviewPosts" ("Month", "PostedAt") VALUES ({key}, {now.ToUnixTimeTicks()}) ON CONFLICT ("Month") DO NOTHING""", cancellationToken) == 1;
        if (!claimed)
        {
            return false;
        }

        db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.SlaReview, new JsonObject { ["month"] = key }), CardKey(month));
        db.Audit(now, IncidentService.Bot, "sla-review-posted", $"sla:{key}", $"posted the SLA review of {key}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>When the month's first business day opens (business hours' start), the moment its review goes out.</summary>
    private LocalDateTime? FirstBusinessMorning(YearMonth month)
    {
        for (var day = month.OnDayOfMonth(1); day.Month == month.Month; day = day.PlusDays(1))
        {
            if (hours.IsBusinessDay(day))
            {
                return day + hours.Start;
            }
        }

        return null;
    }

    private Instant? PostTime(YearMonth month) =>
        FirstBusinessMorning(month) is { } local ? local.InZoneLeniently(hours.Zone).ToInstant() : null;

    private ReviewedRun Reviewed(RunRow row)
    {
        var finished = At(row.FinishedAt);
        return new ReviewedRun(
            row.PipelineId,
            row.RunId,
            DateOf(row.LogicalDate) ?? (finished ?? Instant.FromUnixTimeTicks(row.UpdatedAt)).InZone(hours.Zone).Date,
            row.State == RunStates.Succeeded ? ReviewedRunState.Succeeded
                : row.State == RunStates.Of(RunState.Failed) ? ReviewedRunState.Failed
                : ReviewedRunState.Started,
            finished,
            row.Records,
            row.Dropped,
            row.NullCritical is null ? null : JsonSerializer.Deserialize<Dictionary<string, long>>(row.NullCritical));
    }

    /// <summary>The date of a logical date as runs report it: <c>2026-11-03</c>, or a timestamp that starts with it.</summary>
    private static LocalDate? DateOf(string? logicalDate) =>
        logicalDate is { Length: >= 10 } && IsoDate.Parse(logicalDate[..10]) is { Success: true } parsed ? parsed.Value : null;

    private static Instant? At(long? ticks) => ticks is { } t ? Instant.FromUnixTimeTicks(t) : null;

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting the monthly SLA review failed; it is tried again in a minute.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
