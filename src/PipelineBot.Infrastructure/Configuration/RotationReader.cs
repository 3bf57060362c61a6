using NodaTime;

using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Infrastructure.Configuration;

/// <summary>
/// Checks the rotation (<see cref="RotationOptions"/>) and builds its shift calendar and roster timeline: the roster and
/// its changes name members with the member role, and replaying the changes never leaves the rotation impossible.
/// </summary>
internal sealed class RotationReader(ConfigurationReader reader, RotationOptions rotation, MemberRoles members)
{
    private const string Section = RotationOptions.Section;

    public ShiftCalendar? ReadShifts() =>
        reader.Zone(rotation.TimeZone, $"{Section}:TimeZone") is { } zone ? new ShiftCalendar(zone) : null;

    public RosterTimeline? ReadRoster()
    {
        var before = reader.Problems.Count;
        var start = reader.Date(rotation.Start, $"{Section}:Start");
        var rotationDays = reader.WholeNumber(rotation.RotationDays, $"{Section}:RotationDays", 1, 366, "a number of days from 1 to 366");

        if (rotation.Roster.Count == 0)
        {
            reader.Problem($"{Section}:Roster", "the rotation needs at least one member: the roster is missing or empty");
        }

        var onRoster = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (member, key) in reader.Items(rotation.Roster, $"{Section}:Roster"))
        {
            if (reader.Required(member, key) is { } id && members.Check(reader, id, key, Roles.Member) && !onRoster.TryAdd(id, key))
            {
                reader.Problem(key, $"'{id}' is on the roster twice (also {onRoster[id]})");
            }
        }

        var changes = new List<(RosterChange Change, string Key)>();
        foreach (var (change, key) in reader.Items(rotation.Changes, $"{Section}:Changes"))
        {
            if (ReadChange(change, key, start) is { } read)
            {
                changes.Add((read, key));
            }
        }

        if (reader.Problems.Count > before)
        {
            return null;
        }

        var roster = onRoster.Keys.ToList();
        ReplayChanges(roster, changes);
        if (reader.Problems.Count > before)
        {
            return null;
        }

        return RosterTimeline.Create(start!.Value, roster, changes.Select(c => c.Change), rotationDays!.Value);
    }

    private RosterChange? ReadChange(RosterChangeOptions change, string key, LocalDate? start)
    {
        var member = reader.Required(change.Member, $"{key}:Member");
        var memberOk = member is not null && members.Check(reader, member, $"{key}:Member", Roles.Member);
        var joins = ConfigurationReader.Optional(change.Joins);
        var leaves = ConfigurationReader.Optional(change.Leaves);
        var replacedBy = ConfigurationReader.Optional(change.ReplacedBy);
        if ((joins is null) == (leaves is null))
        {
            reader.Problem(key, joins is null ? "gives neither Joins nor Leaves" : "gives both Joins and Leaves; a change is one or the other");
            return null;
        }

        var dateKey = joins is null ? $"{key}:Leaves" : $"{key}:Joins";
        var date = reader.Date(joins ?? leaves, dateKey);
        if (date is { } effective && start is { } first && effective < first)
        {
            reader.Problem(dateKey, $"{effective:uuuu-MM-dd} is before the rotation starts ({first:uuuu-MM-dd})");
        }

        var replacementOk = true;
        if (replacedBy is not null)
        {
            replacementOk = joins is null
                ? members.Check(reader, replacedBy, $"{key}:ReplacedBy", Roles.Member)
                : Fail($"{key}:ReplacedBy", "only a leaver has a replacement");
        }

        if (!memberOk || !replacementOk || date is null)
        {
            return null;
        }

        return joins is null ? new MemberLeft(date.Value, member!, replacedBy) : new MemberJoined(date.Value, member!);
    }

    private bool Fail(string key, string problem)
    {
        reader.Problem(key, problem);
        return false;
    }

    /// <summary>
    /// Walks the changes in date order over the roster, as the rotation will, so that an impossible change is reported at
    /// its own key rather than as the rotation's first complaint.
    /// </summary>
    private void ReplayChanges(IReadOnlyList<string> roster, List<(RosterChange Change, string Key)> changes)
    {
        var current = roster.ToList();
        foreach (var (change, key) in changes.OrderBy(c => c.Change.EffectiveFrom))
        {
            var on = $"on {change.EffectiveFrom:uuuu-MM-dd}";
            var present = current.Contains(change.MemberId, StringComparer.Ordinal);
            switch (change)
            {
                case MemberJoined when present:
                    reader.Problem($"{key}:Member", $"'{change.MemberId}' is already on the rotation {on}");
                    break;
                case MemberJoined:
                    current.Add(change.MemberId);
                    break;
                case MemberLeft when !present:
                    reader.Problem($"{key}:Member", $"'{change.MemberId}' is not on the rotation {on}");
                    break;
                case MemberLeft { ReplacedBy: { } replacement } when current.Contains(replacement, StringComparer.Ordinal):
                    reader.Problem($"{key}:ReplacedBy", $"'{replacement}' is already on the rotation {on}");
                    break;
                case MemberLeft { ReplacedBy: { } replacement }:
                    current[current.IndexOf(change.MemberId)] = replacement;
                    break;
                case MemberLeft when current.Count == 1:
                    reader.Problem($"{key}:Leaves", $"'{change.MemberId}' is the last member: the rotation would be empty from {change.EffectiveFrom:uuuu-MM-dd}");
                    break;
                case MemberLeft:
                    current.Remove(change.MemberId);
                    break;
            }
        }
    }
}
