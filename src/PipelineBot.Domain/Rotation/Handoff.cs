using NodaTime;

namespace PipelineBot.Domain.Rotation;

/// <summary>
/// A change of the person on call: at <see cref="At"/> (a shift's start, local midnight in the team's zone, seed 003)
/// <see cref="From"/> hands over to <see cref="To"/>. The incoming person is reminded <see cref="ReminderLead"/> before;
/// the change is announced while it is fresh (<see cref="PostWithin"/>), so a bot started days later does not post old
/// news, and one restarted just after a change still posts it.
/// </summary>
public sealed record Handoff(Instant At, string From, string To)
{
    public static readonly Duration ReminderLead = Duration.FromHours(1);
    public static readonly Duration PostWithin = Duration.FromHours(1);

    public Instant RemindAt => At - ReminderLead;

    /// <summary>The change that began <paramref name="current"/>'s stretch, when <paramref name="before"/> (on call just before it) is someone else.</summary>
    public static Handoff? Began(OnCall current, OnCall before)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(before);
        return before.MemberId == current.MemberId ? null : new Handoff(current.From, before.MemberId, current.MemberId);
    }

    /// <summary>The change that ends <paramref name="current"/>'s stretch, if someone takes over.</summary>
    public static Handoff? Ending(OnCall current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Next is { } next && next.MemberId != current.MemberId ? new Handoff(current.Until, current.MemberId, next.MemberId) : null;
    }

    public bool IsFresh(Instant now) => now >= At && now - At < PostWithin;
}
