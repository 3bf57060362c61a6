using NodaTime;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// Consecutive shifts held by one person in one capacity, as people think of them: "Miles is on call until Monday",
/// not "until midnight" seven times over.
/// </summary>
internal sealed record Duty(string MemberId, Interval Span, ShiftKind Kind, string? Holiday)
{
    public static List<Duty> Merge(IEnumerable<Shift> shifts)
    {
        var duties = new List<Duty>();
        foreach (var shift in shifts)
        {
            if (duties.Count > 0 && duties[^1] is var last && last.MemberId == shift.MemberId && last.Kind == shift.Kind
                && last.Holiday == shift.Holiday && last.Span.End == shift.Span.Start)
            {
                duties[^1] = last with { Span = new Interval(last.Span.Start, shift.Span.End) };
            }
            else
            {
                duties.Add(new Duty(shift.MemberId, shift.Span, shift.Kind, shift.Holiday));
            }
        }

        return duties;
    }

    /// <summary>" (Christmas Day holiday shift)", " (override)", or nothing for the weekly rotation.</summary>
    public string Note => Kind switch
    {
        ShiftKind.Holiday => $" ({Holiday} holiday shift)",
        ShiftKind.Override => " (covering by a manager's override)",
        _ => "",
    };
}
