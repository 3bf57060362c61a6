using NodaTime;

using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;

namespace PipelineBot.Domain.Sla;

/// <summary>How a stored run ended, as far as the review is concerned.</summary>
public enum ReviewedRunState
{
    Started,
    Succeeded,
    Failed,
}

/// <summary>A stored run as the review reads it.</summary>
/// <param name="Date">The logical date it ran for (the date it finished in the team's zone when it reported none).</param>
public sealed record ReviewedRun(
    string PipelineId,
    string RunId,
    LocalDate Date,
    ReviewedRunState State,
    Instant? FinishedAt,
    long? Records = null,
    long? Dropped = null,
    IReadOnlyDictionary<string, long>? NullCritical = null);

/// <summary>A stored incident as the review reads it.</summary>
/// <param name="StakeholdersTold">For late data: whether the stakeholders' clock fired, i.e. they were told.</param>
public sealed record ReviewedIncident(
    long Id,
    string PipelineId,
    IncidentKind Kind,
    string RunId,
    LocalDate? LogicalDate,
    Instant OpenedAt,
    Instant? AcknowledgedAt = null,
    Instant? ResolvedAt = null,
    Instant? AckBreachedAt = null,
    Instant? ResolveBreachedAt = null,
    long? LinkedTo = null,
    Instant? MissedDeadline = null,
    bool StakeholdersTold = false);

/// <summary>Which part of the SLA a breach is of.</summary>
public enum ReviewArea
{
    Availability,
    Timeliness,
    DataQuality,
    Acknowledge,
    Resolve,
}

/// <summary>One breach of the month, with the incident that covered it when there was one.</summary>
public sealed record ReviewBreach(ReviewArea Area, string PipelineId, LocalDate Day, long? IncidentId, string What);

/// <summary>
/// Scheduled runs that succeeded out of those scheduled. A run that failed counts as failed even when a rerun succeeded
/// later (<see cref="RecoveredSameDay"/> says how many were saved the same day), and so does one that never reported.
/// </summary>
public sealed record Availability(int Scheduled, int Succeeded, int RecoveredSameDay, int NeverReported, decimal Target)
{
    public decimal? Percent => Scheduled == 0 ? null : Succeeded * 100m / Scheduled;

    /// <summary>Met at the target exactly; worked in whole numbers, so 199 of 200 is 99.5% and meets 99.5%.</summary>
    public bool Met => Succeeded * 100m >= Target * Scheduled;
}

/// <summary>Business days whose data was there by the deadline; the delays longer than the stakeholder limit, and how many of those the stakeholders heard of.</summary>
public sealed record Timeliness(int BusinessDays, int OnTime, int OverLimit, int OverLimitTold)
{
    public int Late => BusinessDays - OnTime;

    public bool Met => Late == 0;
}

/// <summary>Runs whose figures were checked, those with too many records dropped, and those with nulls in critical fields.</summary>
public sealed record Quality(int Checked, int DroppedOverLimit, int WithNulls)
{
    public bool Met => DroppedOverLimit == 0 && WithNulls == 0;
}

/// <summary>
/// How incidents that paged someone were answered. An incident counts for acknowledgement once acknowledged (or
/// resolved without it) or past its ack deadline, and for resolution once resolved or past its resolve deadline; until
/// then it is still running. Times to acknowledge are business time, times to resolve wall time, as the clocks count.
/// </summary>
public sealed record Response(
    int Incidents,
    int AckCounted,
    int AckedInTime,
    int ResolveCounted,
    int ResolvedInTime,
    int Escalations,
    Duration? MeanAck,
    Duration? P90Ack,
    Duration? MeanResolve,
    Duration? P90Resolve)
{
    public decimal? AckShare => AckCounted == 0 ? null : AckedInTime * 100m / AckCounted;

    public decimal? ResolveShare => ResolveCounted == 0 ? null : ResolvedInTime * 100m / ResolveCounted;

    public bool Met => AckedInTime == AckCounted && ResolvedInTime == ResolveCounted;
}

/// <summary>The four parts of the SLA (seed 003) for one pipeline or the team.</summary>
public sealed record ReviewFigures(Availability Availability, Timeliness Timeliness, Quality Quality, Response Response)
{
    public bool Met => Availability.Met && Timeliness.Met && Quality.Met && Response.Met;
}

public sealed record PipelineReview(Pipeline Pipeline, ReviewFigures Figures);

/// <summary>
/// The SLA review of a month (seed 003: "reviewed monthly in the team's operations meeting"). Days are the team's
/// business-hours zone's; a month still running is reviewed through yesterday, and <see cref="Complete"/> says so.
/// </summary>
public sealed record SlaReview(YearMonth Month, LocalDate Through, bool Complete, IReadOnlyList<PipelineReview> Pipelines, ReviewFigures Team, IReadOnlyList<ReviewBreach> Breaches);

/// <summary>Works out a month's <see cref="SlaReview"/> from the runs and incidents the bot stored.</summary>
public static class SlaReviewer
{
    public static SlaReview Review(
        YearMonth month,
        Instant now,
        IReadOnlyList<Pipeline> pipelines,
        IReadOnlyList<ReviewedRun> runs,
        IReadOnlyList<ReviewedIncident> incidents,
        SlaPolicy sla,
        BusinessHours hours)
    {
        var first = month.OnDayOfMonth(1);
        var last = month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month));
        var yesterday = now.InZone(hours.Zone).Date.PlusDays(-1);
        var through = last <= yesterday ? last : yesterday;
        var monthStart = WallClock.FirstReading(hours.Zone, first.AtMidnight());
        var monthEnd = WallClock.FirstReading(hours.Zone, last.PlusDays(1).AtMidnight());

        var breaches = new List<ReviewBreach>();
        var reviews = new List<PipelineReview>();
        var answered = new List<Answer>();
        foreach (var pipeline in pipelines)
        {
            var own = runs.Where(r => r.PipelineId == pipeline.Id).ToList();
            var ownIncidents = incidents.Where(i => i.PipelineId == pipeline.Id).ToList();
            var pipelineAnswers = ownIncidents
                .Where(i => i.LinkedTo is null && i.OpenedAt >= monthStart && i.OpenedAt < monthEnd && i.OpenedAt <= now)
                .Select(i => Answered(i, sla, hours, breaches))
                .ToList();
            answered.AddRange(pipelineAnswers);
            reviews.Add(new PipelineReview(pipeline, new ReviewFigures(
                Available(pipeline, first, through, own, ownIncidents, sla, hours, breaches),
                Timely(pipeline, first, through, now, own, ownIncidents, sla, hours, breaches),
                Checked(pipeline, first, through, own, ownIncidents, sla, breaches),
                Responded(pipelineAnswers))));
        }

        var team = new ReviewFigures(
            new Availability(
                reviews.Sum(r => r.Figures.Availability.Scheduled),
                reviews.Sum(r => r.Figures.Availability.Succeeded),
                reviews.Sum(r => r.Figures.Availability.RecoveredSameDay),
                reviews.Sum(r => r.Figures.Availability.NeverReported),
                sla.AvailabilityPercent),
            new Timeliness(
                reviews.Sum(r => r.Figures.Timeliness.BusinessDays),
                reviews.Sum(r => r.Figures.Timeliness.OnTime),
                reviews.Sum(r => r.Figures.Timeliness.OverLimit),
                reviews.Sum(r => r.Figures.Timeliness.OverLimitTold)),
            new Quality(reviews.Sum(r => r.Figures.Quality.Checked), reviews.Sum(r => r.Figures.Quality.DroppedOverLimit), reviews.Sum(r => r.Figures.Quality.WithNulls)),
            Responded(answered));
        var ordered = breaches.OrderBy(b => b.Day).ThenBy(b => b.PipelineId, StringComparer.Ordinal).ThenBy(b => b.Area).ToList();
        return new SlaReview(month, through, through == last, reviews, team, ordered);
    }

    private static Availability Available(
        Pipeline pipeline, LocalDate first, LocalDate through, List<ReviewedRun> runs, List<ReviewedIncident> incidents, SlaPolicy sla, BusinessHours hours, List<ReviewBreach> breaches)
    {
        int scheduled = 0, succeeded = 0, recovered = 0, missing = 0;
        for (var day = first; day <= through; day = day.PlusDays(1))
        {
            if (!pipeline.Schedule.IsScheduled(day, hours))
            {
                continue;
            }

            scheduled++;
            var ofDay = runs.Where(r => r.Date == day).ToList();
            var failure = incidents.Where(i => i.Kind == IncidentKind.Failure && (i.LogicalDate == day || ofDay.Any(r => r.RunId == i.RunId))).MinBy(i => i.OpenedAt);
            var failedAt = failure?.OpenedAt ?? ofDay.Where(r => r.State == ReviewedRunState.Failed).Min(r => r.FinishedAt);
            var failed = failure is not null || ofDay.Any(r => r.State == ReviewedRunState.Failed);
            var success = ofDay.Where(r => r.State == ReviewedRunState.Succeeded).Min(r => r.FinishedAt);
            if (ofDay.Count == 0 && failure is null)
            {
                missing++;
                breaches.Add(new ReviewBreach(ReviewArea.Availability, pipeline.Id, day, null, "no run reported"));
            }
            else if (!failed && success is not null)
            {
                succeeded++;
            }
            else if (success is { } rerun && failedAt is { } broke && rerun.InZone(hours.Zone).Date == broke.InZone(hours.Zone).Date)
            {
                recovered++;
                breaches.Add(new ReviewBreach(ReviewArea.Availability, pipeline.Id, day, failure?.Id, "failed; a rerun succeeded the same day"));
            }
            else
            {
                breaches.Add(new ReviewBreach(ReviewArea.Availability, pipeline.Id, day, failure?.Id,
                    success is not null ? "failed; a rerun succeeded on a later day" : failed ? "failed" : "did not finish"));
            }
        }

        return new Availability(scheduled, succeeded, recovered, missing, sla.AvailabilityPercent);
    }

    private static Timeliness Timely(
        Pipeline pipeline, LocalDate first, LocalDate through, Instant now, List<ReviewedRun> runs, List<ReviewedIncident> incidents, SlaPolicy sla, BusinessHours hours, List<ReviewBreach> breaches)
    {
        var arrivals = runs.Where(r => r.State == ReviewedRunState.Succeeded).Select(r => r.FinishedAt).OfType<Instant>().Order().ToList();
        int days = 0, onTime = 0, overLimit = 0, told = 0;
        for (var day = first; day <= through; day = day.PlusDays(1))
        {
            if (!pipeline.Schedule.IsScheduled(day, hours) || DataDeadlines.DeadlineOn(day, sla, hours) is not { } deadline || deadline > now)
            {
                continue;
            }

            days++;
            if (arrivals.Any(a => a > deadline - Duration.FromDays(1) && a <= deadline))
            {
                onTime++;
                continue;
            }

            var arrived = arrivals.FirstOrDefault(a => a > deadline);
            var delay = (arrived == default ? now : arrived) - deadline;
            var late = incidents.FirstOrDefault(i => i.Kind == IncidentKind.LateData && i.MissedDeadline == deadline);
            var what = arrived == default ? "no data by the deadline, none since" : $"data {Text(delay)} late";
            if (delay > sla.StakeholderDelay)
            {
                overLimit++;
                var heard = late is { StakeholdersTold: true };
                told += heard ? 1 : 0;
                what += heard ? "; stakeholders told" : "; stakeholders not told";
            }

            breaches.Add(new ReviewBreach(ReviewArea.Timeliness, pipeline.Id, day, late?.Id, what));
        }

        return new Timeliness(days, onTime, overLimit, told);
    }

    private static Quality Checked(
        Pipeline pipeline, LocalDate first, LocalDate through, List<ReviewedRun> runs, List<ReviewedIncident> incidents, SlaPolicy sla, List<ReviewBreach> breaches)
    {
        int checkedRuns = 0, dropped = 0, nulls = 0;
        foreach (var run in runs.Where(r => r.Date >= first && r.Date <= through && r.State != ReviewedRunState.Started && (r.Dropped is not null || r.NullCritical is not null)))
        {
            checkedRuns++;
            var verdict = DataQuality.Check(run.Records, run.Dropped, run.NullCritical, pipeline.CriticalFields, sla);
            dropped += verdict.DroppedOverLimit ? 1 : 0;
            nulls += verdict.NullFields.Count > 0 ? 1 : 0;
            if (verdict.Breached)
            {
                var incident = incidents.FirstOrDefault(i => i.Kind == IncidentKind.DataQuality && i.RunId == run.RunId);
                breaches.Add(new ReviewBreach(ReviewArea.DataQuality, pipeline.Id, run.Date, incident?.Id, $"run {run.RunId}: {verdict.Summary}"));
            }
        }

        return new Quality(checkedRuns, dropped, nulls);
    }

    /// <summary>How one incident was answered: its times, whether each counts yet, and whether each was in time.</summary>
    private sealed record Answer(Duration? Ack, bool AckCounts, bool AckInTime, Duration? Resolve, bool ResolveCounts, bool ResolveInTime, int Escalations);

    private static Answer Answered(ReviewedIncident incident, SlaPolicy sla, BusinessHours hours, List<ReviewBreach> breaches)
    {
        var day = incident.OpenedAt.InZone(hours.Zone).Date;
        var ackAt = incident.AcknowledgedAt ?? incident.ResolvedAt;
        var ack = ackAt is { } at ? hours.OpenTimeBetween(incident.OpenedAt, at) : (Duration?)null;
        var ackCounts = ack is not null || incident.AckBreachedAt is not null;
        var ackInTime = ack <= sla.AckTimeout;
        if (ackCounts && !ackInTime)
        {
            breaches.Add(new ReviewBreach(ReviewArea.Acknowledge, incident.PipelineId, day, incident.Id,
                ack is { } late ? $"acknowledged after {Text(late)} of business hours" : "not acknowledged"));
        }

        var resolve = incident.ResolvedAt - incident.OpenedAt;
        var resolveCounts = resolve is not null || incident.ResolveBreachedAt is not null;
        var resolveInTime = resolve <= sla.ResolveTimeout;
        if (resolveCounts && !resolveInTime)
        {
            breaches.Add(new ReviewBreach(ReviewArea.Resolve, incident.PipelineId, day, incident.Id,
                resolve is { } slow ? $"resolved after {Text(slow)}" : "not resolved"));
        }

        var escalations = (incident.AckBreachedAt is null ? 0 : 1) + (incident.ResolveBreachedAt is null ? 0 : 1);
        return new Answer(ack, ackCounts, ackInTime, resolve, resolveCounts, resolveInTime, escalations);
    }

    private static Response Responded(List<Answer> answers)
    {
        var acks = answers.Select(a => a.Ack).OfType<Duration>().Order().ToList();
        var resolves = answers.Select(a => a.Resolve).OfType<Duration>().Order().ToList();
        return new Response(
            answers.Count,
            answers.Count(a => a.AckCounts),
            answers.Count(a => a.AckCounts && a.AckInTime),
            answers.Count(a => a.ResolveCounts),
            answers.Count(a => a.ResolveCounts && a.ResolveInTime),
            answers.Sum(a => a.Escalations),
            Mean(acks),
            Percentile90(acks),
            Mean(resolves),
            Percentile90(resolves));
    }

    private static Duration? Mean(List<Duration> sorted) =>
        sorted.Count == 0 ? null : Duration.FromNanoseconds(sorted.Average(d => d.TotalNanoseconds));

    /// <summary>The nearest-rank 90th percentile: the smallest time that at least 90% of the times are at or under.</summary>
    private static Duration? Percentile90(List<Duration> sorted) =>
        sorted.Count == 0 ? null : sorted[(int)Math.Ceiling(sorted.Count * 0.9m) - 1];

    /// <summary>A duration to the second, as people read it: "1 h 1 min", "14 min 59 s", "2 days 3 h".</summary>
    public static string Text(Duration duration)
    {
        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add(duration.Days == 1 ? "1 day" : $"{duration.Days} days");
        }

        if (duration.Hours > 0)
        {
            parts.Add($"{duration.Hours} h");
        }

        if (duration.Minutes > 0)
        {
            parts.Add($"{duration.Minutes} min");
        }

        if (duration.Seconds > 0 || parts.Count == 0)
        {
            parts.Add($"{duration.Seconds} s");
        }

        return string.Join(" ", parts);
    }
}
