using NodaTime;

namespace PipelineBot.Domain.Rotation;

/// <summary>A change to the rotation's roster, effective from a local date.</summary>
public abstract record RosterChange(LocalDate EffectiveFrom, string MemberId);

/// <summary>A member joins the rotation: they take their turn after everyone else has had theirs.</summary>
public sealed record MemberJoined(LocalDate EffectiveFrom, string MemberId) : RosterChange(EffectiveFrom, MemberId);

/// <summary>
/// A member leaves the rotation. With a <paramref name="ReplacedBy"/> the replacement takes the leaver's slot, so nobody
/// else's weeks move; without one the remaining members close ranks after the current week.
/// </summary>
public sealed record MemberLeft(LocalDate EffectiveFrom, string MemberId, string? ReplacedBy) : RosterChange(EffectiveFrom, MemberId);

/// <summary>
/// The weekly rotation over time: one person holds every shift for <see cref="RotationDays"/> consecutive days, then the
/// next person of the ordered roster. Invariant: every epoch has at least one member, so every date has exactly one holder.
/// </summary>
public sealed class RosterTimeline
{
    private readonly Epoch[] _epochs;

    private RosterTimeline(Epoch[] epochs, IReadOnlyList<RosterChange> changes, int rotationDays)
    {
        _epochs = epochs;
        Changes = changes;
        RotationDays = rotationDays;
    }

    /// <summary>The roster changes this timeline was built from, in date order.</summary>
    public IReadOnlyList<RosterChange> Changes { get; }

    public int RotationDays { get; }

    public LocalDate Start => _epochs[0].From;

    /// <summary>Everyone who is or was on the rotation, in order of first appearance.</summary>
    public IReadOnlyList<string> EveryMember => _epochs.SelectMany(e => e.Members).Distinct(StringComparer.Ordinal).ToArray();

    public static RosterTimeline Create(LocalDate start, IReadOnlyList<string> roster, IEnumerable<RosterChange> changes, int rotationDays = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rotationDays, 1);
        if (roster.Count == 0)
        {
            throw new ArgumentException("The rotation needs at least one member.", nameof(roster));
        }

        if (roster.Distinct(StringComparer.Ordinal).Count() != roster.Count)
        {
            throw new ArgumentException("A member appears twice in the rotation.", nameof(roster));
        }

        var epochs = new List<Epoch> { new(start, start, [.. roster]) };
        var ordered = changes.OrderBy(c => c.EffectiveFrom).ToArray();
        foreach (var change in ordered)
        {
            if (change.EffectiveFrom < start)
            {
                throw new ArgumentException($"The change for '{change.MemberId}' on {change.EffectiveFrom:uuuu-MM-dd} is before the rotation starts.", nameof(changes));
            }

            epochs.Add(Apply(epochs[^1], change, rotationDays));
        }

        return new RosterTimeline([.. epochs], ordered, rotationDays);
    }

    /// <summary>Who holds the weekly rotation on a local date (before the start, the rotation is extended backwards).</summary>
    public string MemberFor(LocalDate date) => EpochFor(date).MemberFor(date, RotationDays);

    /// <summary>The first date of the rotation week that contains <paramref name="date"/>.</summary>
    public LocalDate WeekStartOf(LocalDate date) => EpochFor(date).WeekStartOf(date, RotationDays);

    public bool IsActive(string memberId, LocalDate date) => EpochFor(date).Members.Contains(memberId, StringComparer.Ordinal);

    public IReadOnlyList<string> ActiveOn(LocalDate date) => EpochFor(date).Members;

    /// <summary>The date a member first joined the rotation, or null for someone never on it.</summary>
    public LocalDate? JoinedOn(string memberId) =>
        _epochs.FirstOrDefault(e => e.Members.Contains(memberId, StringComparer.Ordinal))?.From;

    private Epoch EpochFor(LocalDate date)
    {
        // Epochs are few (one per roster change) and sorted; scanning from the end finds recent dates first.
        for (var i = _epochs.Length - 1; i > 0; i--)
        {
            if (_epochs[i].From <= date)
            {
                return _epochs[i];
            }
        }

        return _epochs[0];
    }

    private static Epoch Apply(Epoch current, RosterChange change, int rotationDays)
    {
        var date = change.EffectiveFrom;
        var members = current.Members;
        var index = Array.IndexOf(members, change.MemberId);
        switch (change)
        {
            case MemberLeft { ReplacedBy: { } replacement }:
                RequireOnRoster(index, change);
                RequireOffRoster(members, replacement);
                var replaced = (string[])members.Clone();
                replaced[index] = replacement;
                return current with { From = date, Members = replaced };

            case MemberLeft:
                RequireOnRoster(index, change);
                if (members.Length == 1)
                {
                    throw new ArgumentException($"'{change.MemberId}' is the last member; the rotation cannot be empty from {date:uuuu-MM-dd}.");
                }

                var holder = current.MemberFor(date, rotationDays);
                if (holder == change.MemberId)
                {
                    // The leaver's week is cut short: the next member starts a full week on the leaving date.
                    return new Epoch(date, date, Cycle(members, index + 1).Where(m => m != change.MemberId).ToArray());
                }

                // The current holder keeps their week; the others follow in the same order, the leaver skipped.
                return new Epoch(date, current.WeekStartOf(date, rotationDays), Cycle(members, Array.IndexOf(members, holder)).Where(m => m != change.MemberId).ToArray());

            case MemberJoined:
                RequireOffRoster(members, change.MemberId);
                var currentHolder = current.MemberFor(date, rotationDays);
                return new Epoch(date, current.WeekStartOf(date, rotationDays), [.. Cycle(members, Array.IndexOf(members, currentHolder)), change.MemberId]);

            default:
                throw new ArgumentOutOfRangeException(nameof(change));
        }
    }

    private static IEnumerable<string> Cycle(string[] members, int from) =>
        Enumerable.Range(0, members.Length).Select(i => members[(from + i) % members.Length]);

    private static void RequireOnRoster(int index, RosterChange change)
    {
        if (index < 0)
        {
            throw new ArgumentException($"'{change.MemberId}' is not on the rotation on {change.EffectiveFrom:uuuu-MM-dd}.");
        }
    }

    private static void RequireOffRoster(string[] members, string memberId)
    {
        if (members.Contains(memberId, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{memberId}' is already on the rotation.");
        }
    }

    /// <summary>A stretch of time with one ordered roster; weeks are counted from <see cref="Anchor"/>.</summary>
    private sealed record Epoch(LocalDate From, LocalDate Anchor, string[] Members)
    {
        public string MemberFor(LocalDate date, int rotationDays) => Members[FloorMod(WeekIndex(date, rotationDays), Members.Length)];

        public LocalDate WeekStartOf(LocalDate date, int rotationDays) => Anchor.PlusDays(WeekIndex(date, rotationDays) * rotationDays);

        private int WeekIndex(LocalDate date, int rotationDays) => FloorDiv(Period.DaysBetween(Anchor, date), rotationDays);

        private static int FloorDiv(int a, int b) => a >= 0 ? a / b : ((a + 1) / b) - 1;

        private static int FloorMod(int a, int b) => ((a % b) + b) % b;
    }
}
