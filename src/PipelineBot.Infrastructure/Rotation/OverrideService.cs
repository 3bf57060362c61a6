using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Rotation;

public enum OverrideRefusal
{
    None,
    NotManager,
    UnknownMember,
    InvalidSpan,
    NotFound,
}

/// <summary>The answer to an override request.</summary>
public sealed record OverrideResult(bool Succeeded, string Message, Override? Override, OverrideRefusal Refusal = OverrideRefusal.None)
{
    public static OverrideResult Refused(OverrideRefusal refusal, string message) => new(false, message, null, refusal);
}

/// <summary>
/// Manager overrides: someone covers a span whatever the rotation or holiday plan says (PRODUCT §2). Only members with
/// the manager role may set or cancel one; every change is audited and told to the people it affects.
/// </summary>
public sealed class OverrideService(IDbContextFactory<PipelineBotDbContext> dbFactory, Catalog catalog, ShiftCalendar shifts, TimeProvider time)
{
    public async Task<OverrideResult> SetAsync(string managerId, string memberId, Interval span, string reason, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        if (Refusal(managerId, "set") is { } refused)
        {
            return refused;
        }

        if (catalog.FindMember(memberId) is not { } cover)
        {
            return OverrideResult.Refused(OverrideRefusal.UnknownMember, $"There is no member '{memberId}' to cover the shift.");
        }

        if (span.End <= span.Start)
        {
            return OverrideResult.Refused(OverrideRefusal.InvalidSpan, "An override must end after it starts.");
        }

        if (span.End <= now)
        {
            return OverrideResult.Refused(OverrideRefusal.InvalidSpan, "That span is already over; an override can only change the present or the future.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = new OverrideRow
        {
            Start = span.Start.ToUnixTimeTicks(),
            End = span.End.ToUnixTimeTicks(),
            MemberId = cover.Id,
            Reason = reason,
            SetBy = managerId,
            SetAt = now.ToUnixTimeTicks(),
        };
        db.Overrides.Add(row);
        await db.SaveChangesAsync(cancellationToken);

        var what = $"{cover.Name} covers {shifts.Format(span.Start)} to {shifts.Format(span.End)}" + (string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason})");
        db.Audit(now, managerId, "override-set", $"override:{row.Id}", what);
        db.Notify(now, cover.Id, NoticeContent.Of(NoticeKinds.OverrideSet, new JsonObject { ["override"] = row.Id, ["manager"] = managerId, ["what"] = what }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OverrideResult(true, $"Override #{row.Id} set: {what}.", row.ToDomain());
    }

    /// <summary>An override by id, cancelled or not; null if there is none.</summary>
    public async Task<Override?> FindAsync(long overrideId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Overrides.AsNoTracking().FirstOrDefaultAsync(o => o.Id == overrideId, cancellationToken))?.ToDomain();
    }

    /// <summary>The overrides not cancelled and not yet over, in order of their start.</summary>
    public async Task<IReadOnlyList<Override>> ActiveAsync(CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow()).ToUnixTimeTicks();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Overrides.AsNoTracking().Where(o => o.CancelledAt == null && o.End > now).OrderBy(o => o.Start).ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<OverrideResult> CancelAsync(string managerId, long overrideId, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        if (Refusal(managerId, "cancel") is { } refused)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Overrides.FindAsync([overrideId], cancellationToken) is not { CancelledAt: null } row)
        {
            return OverrideResult.Refused(OverrideRefusal.NotFound, $"There is no active override #{overrideId}.");
        }

        row.CancelledAt = now.ToUnixTimeTicks();
        row.CancelledBy = managerId;
        db.Audit(now, managerId, "override-cancelled", $"override:{row.Id}", $"Override #{row.Id} for {catalog.FindMember(row.MemberId)?.Name ?? row.MemberId} cancelled.");
        db.Notify(now, row.MemberId, NoticeContent.Of(NoticeKinds.OverrideCancelled, new JsonObject { ["override"] = row.Id, ["start"] = row.Start }));
        await db.SaveChangesAsync(cancellationToken);
        return new OverrideResult(true, $"Override #{row.Id} cancelled.", row.ToDomain());
    }

    private OverrideResult? Refusal(string managerId, string verb) =>
        catalog.FindMember(managerId) is { } manager && manager.Has(Roles.Manager)
            ? null
            : OverrideResult.Refused(OverrideRefusal.NotManager, $"Only a manager can {verb} an override; overrides are not trades (people trade holiday shifts with each other).");
}
