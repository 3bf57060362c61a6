using NodaTime;

using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Sla;

using static PipelineBot.Domain.Tests.Sla.SlaTime;

namespace PipelineBot.Domain.Tests.Sla;

/// <summary>A month of runs and incidents with known answers; November 2026, Thanksgiving (the 26th) not a business day.</summary>
public sealed class SlaReviewTests
{
    private static readonly YearMonth November = new(2026, 11);
    private static readonly Instant AfterNovember = At("UTC", "2026-12-02 12:00");
    private static readonly HolidayRule Thanksgiving = new("Thanksgiving", HolidayRuleKind.NthWeekday, 11, 0, IsoDayOfWeek.Thursday, 4) { BusinessDay = false };
    private static readonly BusinessHours Hours = SlaTime.Hours("UTC", "09:00", "17:00") with { Closures = [Thanksgiving] };

    [Fact]
    public void A_closed_holiday_is_no_business_day_and_has_no_data_deadline()
    {
        Assert.False(Hours.IsBusinessDay(new LocalDate(2026, 11, 26)));
        Assert.True(Hours.IsBusinessDay(new LocalDate(2026, 11, 27)));
        Assert.Equal(At("UTC", "2026-11-27 08:00"), DataDeadlines.NextDeadline(At("UTC", "2026-11-25 09:00"), Policy(), Hours));
    }

    [Theory]
    [InlineData(200, 199, true)] // exactly 99.5%
    [InlineData(200, 198, false)] // 99.0%
    [InlineData(1000, 996, true)] // 99.6%, just over
    [InlineData(1000, 994, false)] // 99.4%, just under
    public void Availability_meets_the_target_at_it_exactly(int scheduled, int succeeded, bool met) =>
        Assert.Equal(met, new Availability(scheduled, succeeded, 0, 0, 99.5m).Met);

    [Fact]
    public void Two_hundred_scheduled_runs_with_one_failure_are_exactly_at_the_target()
    {
        // Six daily pipelines (6 × 30 runs) and one on business days (20: 21 weekdays less Thanksgiving) make 200.
        var pipelines = Enumerable.Range(1, 6).Select(i => Pipe($"daily{i}")).Append(Pipe("weekdays") with { Schedule = RunSchedule.BusinessDays }).ToList();
        var runs = pipelines.SelectMany(p => Days().Where(d => p.Schedule.IsScheduled(d, Hours)).Select(d => Succeeded(p.Id, d, "07:00"))).ToList();
        var broken = runs.Single(r => r.PipelineId == "daily3" && r.Date == new LocalDate(2026, 11, 10));
        runs[runs.IndexOf(broken)] = broken with { State = ReviewedRunState.Failed };

        var review = SlaReviewer.Review(November, AfterNovember, pipelines, runs, [], Policy(), Hours);

        Assert.Equal(200, review.Team.Availability.Scheduled);
        Assert.Equal(199, review.Team.Availability.Succeeded);
        Assert.Equal(99.5m, review.Team.Availability.Percent);
        Assert.True(review.Team.Availability.Met);
        Assert.Equal(20, review.Pipelines.Single(p => p.Pipeline.Id == "weekdays").Figures.Availability.Scheduled);
        var breach = Assert.Single(review.Breaches, b => b.Area == ReviewArea.Availability);
        Assert.Equal(("daily3", new LocalDate(2026, 11, 10), "failed"), (breach.PipelineId, breach.Day, breach.What));
        Assert.True(review.Complete);
    }

    [Fact]
    public void A_scheduled_run_that_never_reported_fails_and_a_same_day_rerun_is_said()
    {
        var growth = Pipe("growth");
        var runs = Days().Where(d => d.Day is not 3 and not 4).Select(d => Succeeded("growth", d, "07:00")).ToList();
        runs.Add(new ReviewedRun("growth", "manual__rerun", new LocalDate(2026, 11, 4), ReviewedRunState.Succeeded, At("UTC", "2026-11-04 11:00")));
        var failure = new ReviewedIncident(7, "growth", IncidentKind.Failure, "scheduled__2026-11-04", new LocalDate(2026, 11, 4), At("UTC", "2026-11-04 06:30"));

        var review = SlaReviewer.Review(November, AfterNovember, [growth], runs, [failure], Policy(), Hours);

        var availability = review.Team.Availability;
        Assert.Equal((30, 28, 1, 1), (availability.Scheduled, availability.Succeeded, availability.RecoveredSameDay, availability.NeverReported));
        Assert.False(availability.Met);
        Assert.Equal(
            [(new LocalDate(2026, 11, 3), (long?)null, "no run reported"), (new LocalDate(2026, 11, 4), 7, "failed; a rerun succeeded the same day")],
            review.Breaches.Where(b => b.Area == ReviewArea.Availability).Select(b => (b.Day, b.IncidentId, b.What)));
    }

    [Theory]
    [InlineData("08:59", "data 59 min late", 0, 0)]
    [InlineData("09:01", "data 1 h 1 min late; stakeholders told", 1, 1)]
    public void A_delay_over_an_hour_is_counted_with_whether_the_stakeholders_were_told(string arrival, string what, int overLimit, int told)
    {
        var runs = Days().Where(d => d.Day != 17).Select(d => Succeeded("growth", d, "07:00")).ToList();
        runs.Add(Succeeded("growth", new LocalDate(2026, 11, 17), arrival));
        var late = new ReviewedIncident(9, "growth", IncidentKind.LateData, "late:2026-11-17", new LocalDate(2026, 11, 17), At("UTC", "2026-11-17 08:00"),
            MissedDeadline: At("UTC", "2026-11-17 08:00"), StakeholdersTold: overLimit == 1);

        var review = SlaReviewer.Review(November, AfterNovember, [Pipe("growth")], runs, [late], Policy(), Hours);

        var timeliness = review.Team.Timeliness;
        Assert.Equal((20, 19, overLimit, told), (timeliness.BusinessDays, timeliness.OnTime, timeliness.OverLimit, timeliness.OverLimitTold));
        var breach = Assert.Single(review.Breaches, b => b.Area == ReviewArea.Timeliness);
        Assert.Equal((9L, what), (breach.IncidentId!.Value, breach.What));
    }

    [Fact]
    public void Data_quality_counts_runs_over_the_dropped_limit_and_runs_with_nulls_in_critical_fields()
    {
        var runs = new List<ReviewedRun>
        {
            Succeeded("growth", new LocalDate(2026, 11, 2), "07:00") with { Records = 10_000, Dropped = 10 }, // exactly 0.1%: within
            Succeeded("growth", new LocalDate(2026, 11, 3), "07:00") with { Records = 10_000, Dropped = 11 },
            Succeeded("growth", new LocalDate(2026, 11, 4), "07:00") with { Records = 10_000, Dropped = 0, NullCritical = new Dictionary<string, long> { ["transaction_id"] = 3 } },
        };
        var incident = new ReviewedIncident(4, "growth", IncidentKind.DataQuality, runs[1].RunId, new LocalDate(2026, 11, 3), At("UTC", "2026-11-03 07:00"));

        var review = SlaReviewer.Review(November, AfterNovember, [Pipe("growth")], runs, [incident], Policy(), Hours);

        Assert.Equal(new Quality(3, 1, 1), review.Team.Quality);
        Assert.Equal(new long?[] { 4, null }, review.Breaches.Where(b => b.Area == ReviewArea.DataQuality).Select(b => b.IncidentId));
    }

    [Theory]
    [InlineData("2026-11-20 16:50", "2026-11-23 09:04:59", true)] // Friday to Monday: 10 min + 4 min 59 s
    [InlineData("2026-11-20 16:50", "2026-11-23 09:05:01", false)]
    [InlineData("2026-11-25 16:50", "2026-11-27 09:04:59", true)] // across Thanksgiving, closed
    [InlineData("2026-11-25 16:50", "2026-11-27 09:05:01", false)]
    public void An_acknowledgement_is_in_time_by_business_minutes_across_weekends_and_closed_holidays(string opened, string acknowledged, bool inTime)
    {
        var incident = new ReviewedIncident(1, "growth", IncidentKind.Failure, "r1", null, At("UTC", opened), AcknowledgedAt: Exact(acknowledged));

        var review = SlaReviewer.Review(November, AfterNovember, [Pipe("growth")], [], [incident], Policy(), Hours);

        Assert.Equal((1, inTime ? 1 : 0), (review.Team.Response.AckCounted, review.Team.Response.AckedInTime));
        Assert.Equal(inTime, !review.Breaches.Any(b => b.Area == ReviewArea.Acknowledge));
    }

    [Fact]
    public void Response_times_give_their_mean_and_90th_percentile_and_count_escalations()
    {
        var opened = At("UTC", "2026-11-10 10:00");
        var incidents = Enumerable.Range(1, 10)
            .Select(i => new ReviewedIncident(i, "growth", IncidentKind.Failure, $"r{i}", null, opened,
                AcknowledgedAt: opened + Duration.FromMinutes(i * 2), ResolvedAt: opened + Duration.FromMinutes(i * 20)))
            .Append(new ReviewedIncident(11, "growth", IncidentKind.Failure, "r11", null, opened, AckBreachedAt: opened + Duration.FromMinutes(15), ResolveBreachedAt: opened + Duration.FromHours(3)))
            .Append(new ReviewedIncident(12, "growth", IncidentKind.Failure, "r12", null, opened, LinkedTo: 1))
            .ToList();

        var response = SlaReviewer.Review(November, AfterNovember, [Pipe("growth")], [], incidents, Policy(), Hours).Team.Response;

        Assert.Equal((11, 11, 7, 11, 9, 2), (response.Incidents, response.AckCounted, response.AckedInTime, response.ResolveCounted, response.ResolvedInTime, response.Escalations));
        Assert.Equal(Duration.FromMinutes(11), response.MeanAck);
        Assert.Equal(Duration.FromMinutes(18), response.P90Ack);
        Assert.Equal(Duration.FromMinutes(110), response.MeanResolve);
        Assert.Equal(Duration.FromMinutes(180), response.P90Resolve);
    }

    [Fact]
    public void A_month_still_running_is_reviewed_through_yesterday()
    {
        var review = SlaReviewer.Review(November, At("UTC", "2026-11-11 12:00"), [Pipe("growth")], [], [], Policy(), Hours);

        Assert.False(review.Complete);
        Assert.Equal(new LocalDate(2026, 11, 10), review.Through);
        Assert.Equal(10, review.Team.Availability.NeverReported);
    }

    private static IEnumerable<LocalDate> Days() => Enumerable.Range(1, 30).Select(d => new LocalDate(2026, 11, d));

    private static ReviewedRun Succeeded(string pipeline, LocalDate day, string finished) =>
        new(pipeline, $"scheduled__{day:yyyy-MM-dd}", day, ReviewedRunState.Succeeded, At("UTC", $"{day:yyyy-MM-dd} {finished}"));

    private static Instant Exact(string text) =>
        NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss").Parse(text).Value;

    private static Pipeline Pipe(string id) => new(id, id, [], "", "a", "b", null, [], null, ["transaction_id"], [], [], [], []);
}
