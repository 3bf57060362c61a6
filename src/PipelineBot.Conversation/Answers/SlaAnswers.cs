using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Sla;

namespace PipelineBot.Conversation.Answers;

/// <summary>The SLA review of a month in words and as a card: the team's four figures, each pipeline's, and the breaches.</summary>
internal sealed class SlaAnswers(SlaReviewService reviews, SlaPolicy sla)
{
    public const string Template = "sla";

    /// <summary>How many breaches the card lists; the rest are in the CSV and <c>/api/sla</c>.</summary>
    private const int ListedBreaches = 12;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public async Task<Say> ReviewAsync(YearMonth? month, Pipeline? pipeline, CancellationToken cancellationToken)
    {
        var asked = month ?? reviews.LastMonth();
        if (asked > reviews.ThisMonth())
        {
            return new Say($"{MonthName(asked)} has not begun; I can review {MonthName(reviews.ThisMonth())} so far, or any month before it.");
        }

        var review = await reviews.ReviewAsync(asked, pipeline, cancellationToken);
        var missed = Missed(review.Team);
        var scope = pipeline is null ? "" : $" for {pipeline.Name}";
        var verdict = missed.Count == 0 ? "every target met" : $"missed: {string.Join(", ", missed)}";
        var availability = review.Team.Availability;

        // A month in which nothing reported at all is more likely a bot not yet wired to the orchestrator than an outage.
        var silent = availability.Scheduled > 0 && availability.NeverReported == availability.Scheduled
            ? " No run was reported at all that month: orchestrators report runs to POST /api/runs (see the README)."
            : "";
        return new Say($"The SLA review of {MonthName(asked)}{scope}{Through(review)}: {verdict}.{silent}", Card(review, pipeline));
    }

    /// <summary>The card of the review the bot posts by itself on the first business day (<see cref="SlaReviewService.CardKey"/>).</summary>
    public async Task<CardContent> CardAsync(YearMonth month, CancellationToken cancellationToken) =>
        Card(await reviews.ReviewAsync(month, null, cancellationToken), null);

    private CardContent Card(SlaReview review, Pipeline? pipeline)
    {
        var team = review.Team;
        var missed = Missed(team);
        var breaches = review.Breaches;
        var names = review.Pipelines.ToDictionary(p => p.Pipeline.Id, p => p.Pipeline.Name, StringComparer.Ordinal);
        var previous = review.Month.PlusMonths(-1);
        var month = review.Month.ToString("uuuu'-'MM", Invariant);
        var ask = pipeline is null ? "" : $"&pipeline={pipeline.Id}";
        return new CardContent(Template, new JsonObject
        {
            ["title"] = $"SLA review: {MonthName(review.Month)}{(pipeline is null ? "" : $", {pipeline.Name}")}",
            ["summary"] = $"{(missed.Count == 0 ? "Every target met" : $"Missed: {string.Join(", ", missed)}")}{Through(review)}. Targets: {Targets()}.",
            ["figures"] = new JsonArray(
                Fact("Availability", $"{Mark(team.Availability.Met)} {Availability(team.Availability)}"),
                Fact("Timeliness", $"{Mark(team.Timeliness.Met)} {Timeliness(team.Timeliness)}"),
                Fact("Data quality", $"{Mark(team.Quality.Met)} {Quality(team.Quality)}"),
                Fact("Incident response", $"{Mark(team.Response.Met)} {Response(team.Response)}")),
            ["pipelines"] = new JsonArray([.. review.Pipelines.Select(p => (JsonNode)Fact(p.Pipeline.Name, PipelineLine(p.Figures)))]),
            ["breachTitle"] = breaches.Count == 0 ? "No breaches" : $"Breaches ({breaches.Count})",
            ["breaches"] = new JsonArray([.. breaches.Take(ListedBreaches).Select(b => (JsonNode)new JsonObject { ["text"] = BreachLine(b, names) })]),
            ["more"] = $"{(breaches.Count > ListedBreaches ? $"{breaches.Count - ListedBreaches} more breaches are not listed here. " : "")}All figures as CSV: GET /api/sla?month={month}{ask}&format=csv",
            ["buttons"] = new JsonArray((JsonNode)new JsonObject
            {
                ["title"] = MonthName(previous),
                ["text"] = $"sla {(pipeline is null ? "" : $"{pipeline.Id} ")}{previous.ToString("uuuu'-'MM", Invariant)}",
            }),
        }, pipeline is null ? SlaReviewService.CardKey(review.Month) : null);
    }

    private string Targets() =>
        $"{Percent(sla.AvailabilityPercent)} of scheduled runs, data by {sla.DataDeadline:HH':'mm} {sla.DataDeadlineZone.Id} each business day, " +
        $"at most {Percent(sla.MaxDroppedPercent)} of records dropped, acknowledged within {SlaText.Minutes(sla.AckTimeout)} of business hours, " +
        $"resolved within {SlaText.Hours(sla.ResolveTimeout)}";

    private static List<string> Missed(ReviewFigures f) =>
    [
        .. new (bool Met, string Name)[] { (f.Availability.Met, "availability"), (f.Timeliness.Met, "timeliness"), (f.Quality.Met, "data quality"), (f.Response.Met, "incident response") }
            .Where(p => !p.Met).Select(p => p.Name),
    ];

    private static string Through(SlaReview review) => review.Complete ? "" : $" (so far, through {Day(review.Through)})";

    private static string Availability(Availability a)
    {
        if (a.Scheduled == 0)
        {
            return "no scheduled runs yet";
        }

        var text = $"{Percent(a.Percent!.Value)} of {a.Scheduled} scheduled runs succeeded (target {Percent(a.Target)})";
        if (a.RecoveredSameDay > 0)
        {
            text += $"; {Count(a.RecoveredSameDay, "failed run")} saved by a rerun the same day";
        }

        return a.NeverReported > 0 ? $"{text}; {Count(a.NeverReported, "run")} never reported" : text;
    }

    private string Timeliness(Timeliness t) => t.BusinessDays == 0
        ? "no business days yet"
        : $"{t.OnTime} of {Count(t.BusinessDays, "business day")} on time" +
          (t.OverLimit > 0 ? $"; {Count(t.OverLimit, "delay")} over {SlaText.Hours(sla.StakeholderDelay)}, stakeholders told of {t.OverLimitTold}" : "");

    private static string Quality(Quality q) => q.Checked == 0
        ? "no run reported its figures"
        : $"{Count(q.Checked, "run")} checked" +
          (q.DroppedOverLimit > 0 ? $"; {q.DroppedOverLimit} over the dropped-records limit" : "") +
          (q.WithNulls > 0 ? $"; {q.WithNulls} with nulls in critical fields" : "");

    private string Response(Response r) => r.Incidents == 0
        ? "no incidents"
        : $"{r.AckedInTime} of {r.AckCounted} acknowledged within {SlaText.Minutes(sla.AckTimeout)}{Times(r.MeanAck, r.P90Ack)}; " +
          $"{r.ResolvedInTime} of {r.ResolveCounted} resolved within {SlaText.Hours(sla.ResolveTimeout)}{Times(r.MeanResolve, r.P90Resolve)}; " +
          $"{Count(r.Escalations, "escalation")}";

    private static string Times(Duration? mean, Duration? p90) =>
        mean is { } m && p90 is { } p ? $" (mean {SlaReviewer.Text(Round(m))}, p90 {SlaReviewer.Text(Round(p))})" : "";

    private static string PipelineLine(ReviewFigures f) =>
        $"{Mark(f.Met)} " + string.Join(" · ",
            f.Availability.Percent is { } percent ? $"{Percent(percent)} available" : "nothing scheduled",
            $"{f.Timeliness.OnTime} of {f.Timeliness.BusinessDays} days on time",
            $"{Count(f.Quality.Checked, "run")} checked",
            f.Response.Incidents == 0 ? "no incidents" : Count(f.Response.Incidents, "incident"));

    private static string BreachLine(ReviewBreach breach, Dictionary<string, string> names)
    {
        var area = breach.Area switch
        {
            ReviewArea.DataQuality => "data quality",
            ReviewArea.Acknowledge => "acknowledgement",
            ReviewArea.Resolve => "resolution",
            _ => breach.Area.ToString().ToLowerInvariant(),
        };
        var incident = breach.IncidentId is { } id ? $" ({IncidentNames.Id(id)})" : "";
        return $"{Day(breach.Day)} · {names.GetValueOrDefault(breach.PipelineId, breach.PipelineId)} · {area}: {breach.What}{incident}";
    }

    private static JsonObject Fact(string name, string value) => new JsonObject { ["name"] = name, ["value"] = value };

    private static string Mark(bool met) => met ? "✅" : "❌";

    /// <summary>A share cut (not rounded) to two decimals, so 99.499% never shows as a met 99.5%.</summary>
    private static string Percent(decimal value) => $"{decimal.Round(value, 2, MidpointRounding.ToZero).ToString("0.##", Invariant)}%";

    private static Duration Round(Duration d) => Duration.FromSeconds(Math.Round(d.TotalSeconds));

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(Invariant)} {noun}s";

    private static string Day(LocalDate date) => date.ToString("MMM d", Invariant);

    private static string MonthName(YearMonth month) => month.ToString("MMMM uuuu", Invariant);
}
