using NodaTime;

using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Infrastructure.Configuration;

internal sealed partial class SettingsReader
{
    private RosterTimeline? ReadRotation()
    {
        const string section = $"{Root}:Rotation";
        var before = _problems.Count;
        var rotation = options.Rotation;
        var start = Date(rotation.Start, $"{section}:Start");
        var rotationDays = Int(rotation.RotationDays, $"{section}:RotationDays", 1, 366, "a number of days from 1 to 366");

        if (rotation.Roster.Count == 0)
        {
            Problem($"{section}:Roster", "the rotation needs at least one member: the roster is missing or empty");
        }

        var onRoster = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (member, key) in Items(rotation.Roster, $"{section}:Roster"))
        {
            if (Required(member, key) is { } id && MemberWithRole(id, key, Roles.Member) && !onRoster.TryAdd(id, key))
            {
                Problem(key, $"'{id}' is on the roster twice (also {onRoster[id]})");
            }
        }

        var changes = new List<(RosterChange Change, string Key)>();
        foreach (var (change, key) in Items(rotation.Changes, $"{section}:Changes"))
        {
            if (ReadChange(change, key, start) is { } read)
            {
                changes.Add((read, key));
            }
        }

        if (_problems.Count > before)
        {
            return null;
        }

        var roster = onRoster.Keys.ToList();
        ReplayChanges(roster, changes);
        if (_problems.Count > before)
        {
            return null;
        }

        return RosterTimeline.Create(start!.Value, roster, changes.Select(c => c.Change), rotationDays!.Value);
    }

    private RosterChange? ReadChange(RosterChangeOptions change, string key, LocalDate? start)
    {
        var member = Required(change.Member, $"{key}:Member");
        var memberOk = member is not null && MemberWithRole(member, $"{key}:Member", Roles.Member);
        var joins = Optional(change.Joins);
        var leaves = Optional(change.Leaves);
        var replacedBy = Optional(change.ReplacedBy);
        if ((joins is null) == (leaves is null))
        {
            Problem(key, joins is null ? "gives neither Joins nor Leaves" : "gives both Joins and Leaves; a change is one or the other");
            return null;
        }

        var dateKey = joins is null ? $"{key}:Leaves" : $"{key}:Joins";
        var date = Date(joins ?? leaves, dateKey);
        if (date is { } effective && start is { } first && effective < first)
        {
            Problem(dateKey, $"{effective:uuuu-MM-dd} is before the rotation starts ({first:uuuu-MM-dd})");
        }

        var replacementOk = true;
        if (replacedBy is not null)
        {
            replacementOk = joins is null
                ? MemberWithRole(replacedBy, $"{key}:ReplacedBy", Roles.Member)
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
        Problem(key, problem);
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
                    Problem($"{key}:Member", $"'{change.MemberId}' is already on the rotation {on}");
                    break;
                case MemberJoined:
                    current.Add(change.MemberId);
                    break;
                case MemberLeft when !present:
                    Problem($"{key}:Member", $"'{change.MemberId}' is not on the rotation {on}");
                    break;
                case MemberLeft { ReplacedBy: { } replacement } when current.Contains(replacement, StringComparer.Ordinal):
                    Problem($"{key}:ReplacedBy", $"'{replacement}' is already on the rotation {on}");
                    break;
                case MemberLeft { ReplacedBy: { } replacement }:
                    current[current.IndexOf(change.MemberId)] = replacement;
                    break;
                case MemberLeft when current.Count == 1:
                    Problem($"{key}:Leaves", $"'{change.MemberId}' is the last member: the rotation would be empty from {change.EffectiveFrom:uuuu-MM-dd}");
                    break;
                case MemberLeft:
                    current.Remove(change.MemberId);
                    break;
            }
        }
    }
}
