using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Infrastructure.Holidays;

/// <summary>What one publishing pass changed.</summary>
public sealed record PublishReport(int Imported, int Planned, int Reassigned, IReadOnlyList<PlanProblem> Problems);

/// <summary>
/// Keeps the stored holiday plan up to date: imports history from before the bot, applies turnover from the configured
/// roster changes (once each), and publishes the plan through <see cref="HolidaySettings.PublishYearsAhead"/> years
/// after the current one. Published holidays never move, except by a trade or the turnover of their holder.
/// </summary>
public sealed partial class HolidayPublisher(
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    Catalog catalog,
    ShiftCalendar shifts,
    RosterTimeline roster,
    HolidayCalendar holidayCalendar,
    HolidaySettings holidaySettings,
    TimeProvider time,
    ILogger<HolidayPublisher> logger)
{
    private const string Actor = "pipelinebot";

    private readonly HolidayPlanner _planner = new(holidayCalendar, roster, holidaySettings.RuleYears);

    /// <summary>The local date of the last publication by this instance (null: none yet), so the daily chore knows whether today's is done.</summary>
    public LocalDate? PublishedOn { get; private set; }

    public async Task<PublishReport> PublishAsync(CancellationToken cancellationToken)
    {
        // Another instance publishing at the same moment makes the unique indexes refuse one of the two; the loser
        // starts over from what the winner stored, which then has nothing left to add.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var report = await PublishOnceAsync(cancellationToken);
                PublishedOn = shifts.DateOf(Instant.FromDateTimeOffset(time.GetUtcNow()));
                return report;
            }
            catch (DbUpdateException error) when (attempt < 3)
            {
                LogPublishRetry(logger, error.InnerException?.Message ?? error.Message);
            }
        }
    }

    private async Task<PublishReport> PublishOnceAsync(CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.HolidayAssignments.ToListAsync(cancellationToken);
        var plan = HolidayPlan.FromHistory(rows.Select(r => r.ToDomain()));

        var imported = 0;
        foreach (var past in holidaySettings.History.Where(h => plan.AssignmentOf(h.Holiday, h.Year) is null))
        {
            rows.Add(db.HolidayAssignments.Add(Row(past, "imported")).Entity);
            plan = plan.With(past);
            imported++;
        }

        if (imported > 0)
        {
            db.Audit(now, Actor, "holiday-history-imported", "holidays", $"{imported} past holiday assignments imported.");
        }

        var applied = (await db.AppliedRosterChanges.Select(c => c.Key).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var reassigned = 0;
        var problems = new List<PlanProblem>();
        foreach (var left in roster.Changes.OfType<MemberLeft>())
        {
            var key = $"left:{left.MemberId}:{left.EffectiveFrom:uuuu-MM-dd}";
            if (applied.Contains(key))
            {
                continue;
            }

            var (changed, unplanned) = ApplyTurnover(db, rows, ref plan, left, now);
            reassigned += changed;
            problems.AddRange(unplanned);
            db.AppliedRosterChanges.Add(new AppliedRosterChangeRow { Key = key, AppliedAt = now.ToUnixTimeTicks() });
        }

        var throughYear = shifts.DateOf(now).Year + holidaySettings.PublishYearsAhead;
        var result = _planner.Plan(plan, roster.Start.Year, throughYear);
        foreach (var added in result.Added)
        {
            db.HolidayAssignments.Add(Row(added, "planned"));
        }

        if (result.Added.Count > 0)
        {
            db.Audit(now, Actor, "holiday-plan-published", "holidays", $"{result.Added.Count} holiday shifts planned through {throughYear}.");
        }

        problems.AddRange(result.Problems);
        await TellTeamOfNewProblemsAsync(db, problems, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new PublishReport(imported, result.Added.Count, reassigned, problems);
    }

    /// <summary>A replacement inherits the leaver's holidays from the leaving date; without one they are re-planned.</summary>
    private (int Changed, IReadOnlyList<PlanProblem> Problems) ApplyTurnover(
        PipelineBotDbContext db, List<HolidayAssignmentRow> rows, ref HolidayPlan plan, MemberLeft left, Instant now)
    {
        var leaver = catalog.FindMember(left.MemberId)?.Name ?? left.MemberId;
        if (left.ReplacedBy is { } replacement)
        {
            var inherited = Turnover.Inherit(plan, left.MemberId, replacement, left.EffectiveFrom);
            foreach (var assignment in inherited)
            {
                Reassign(rows, assignment, "inherited");
            }

            plan = plan.With(inherited);
            var heir = catalog.FindMember(replacement)?.Name ?? replacement;
            db.Audit(now, Actor, "turnover-inherited", $"member:{left.MemberId}", $"{heir} inherits {inherited.Count} holiday shifts and the rotation slot of {leaver} from {left.EffectiveFrom:uuuu-MM-dd}.");
            if (inherited.Count > 0)
            {
                db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.TurnoverInherited, new JsonObject { ["leaver"] = left.MemberId, ["heir"] = replacement, ["from"] = $"{left.EffectiveFrom:uuuu-MM-dd}", ["what"] = Describe(inherited) }));
            }

            return (inherited.Count, []);
        }

        var freed = Turnover.Free(plan, left.MemberId, left.EffectiveFrom);
        var replanned = _planner.Replan(plan, freed);
        plan = replanned.Plan;
        foreach (var assignment in replanned.Added)
        {
            Reassign(rows, assignment, "replanned");
        }

        foreach (var problem in replanned.Problems)
        {
            // Unfilled, the holiday falls back to the weekly rotation; the problem notice tells the team.
            var row = rows.Single(r => r.IsSlot(problem.Instance.Name, problem.Instance.Year));
            db.HolidayAssignments.Remove(row);
            rows.Remove(row);
        }

        db.Audit(now, Actor, "turnover-replanned", $"member:{left.MemberId}", $"{leaver} leaves on {left.EffectiveFrom:uuuu-MM-dd}; {replanned.Added.Count} of {freed.Count} freed holiday shifts re-planned.");
        if (freed.Count > 0)
        {
            db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.TurnoverReplanned, new JsonObject { ["leaver"] = left.MemberId, ["from"] = $"{left.EffectiveFrom:uuuu-MM-dd}", ["what"] = Describe(replanned.Added) }));
        }

        return (replanned.Added.Count, replanned.Problems);
    }

    private static async Task TellTeamOfNewProblemsAsync(PipelineBotDbContext db, List<PlanProblem> problems, Instant now, CancellationToken cancellationToken)
    {
        foreach (var problem in problems)
        {
            // Each publishing pass meets the same unplannable holidays again; the team hears of each once (the audit
            // entry is saved with the notice, and says the same).
            if (!await db.AuditEntries.AnyAsync(a => a.Action == "holiday-unplanned" && a.Detail == problem.Reason, cancellationToken))
            {
                db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.HolidayUnplanned, new JsonObject { ["holiday"] = problem.Instance.Name, ["year"] = problem.Instance.Year, ["reason"] = problem.Reason }));
                db.Audit(now, Actor, "holiday-unplanned", $"holiday:{problem.Instance.Name}:{problem.Instance.Year}", problem.Reason);
            }
        }
    }

    private string Describe(IEnumerable<HolidayAssignment> assignments) =>
        string.Join("; ", assignments.Select(a => $"{a.Holiday} {a.Year} ({a.Date:uuuu-MM-dd}) → {catalog.FindMember(a.MemberId)?.Name ?? a.MemberId}"));

    private static void Reassign(List<HolidayAssignmentRow> rows, HolidayAssignment assignment, string source)
    {
        var row = rows.Single(r => r.IsSlot(assignment.Holiday, assignment.Year));
        row.MemberId = assignment.MemberId;
        row.Source = source;
        row.Version++;
    }

    private static HolidayAssignmentRow Row(HolidayAssignment assignment, string source) => new()
    {
        Holiday = assignment.Holiday,
        Year = assignment.Year,
        Date = assignment.Date.ToDateOnly(),
        MemberId = assignment.MemberId,
        Source = source,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Holiday publishing met a concurrent publisher ({Reason}); starting over.")]
    private static partial void LogPublishRetry(ILogger logger, string reason);
}
