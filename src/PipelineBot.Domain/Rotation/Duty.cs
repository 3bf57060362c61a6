using NodaTime;

namespace PipelineBot.Domain.Rotation;

/// <summary>
/// Consecutive shifts held by one person in one capacity, as people think of them: "Miles is on call until Monday",
/// not "until midnight" seven times over.
/// </summary>
public sealed record Duty(string MemberId, Interval Span, ShiftKind Kind, string? Holiday)
{
    public static Duty Of(Shift shift) => new(shift.MemberId, shift.Span, shift.Kind, shift.Holiday);

    /// <summary>Joins consecutive shifts of the same person, kind and holiday; the shifts must be in time order.</summary>
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
                duties.Add(Of(shift));
            }
        }

        return duties;
    }
}

/// <summary>
/// Who is on call at an instant, the way people ask it: the shift in force, how long that person holds the duty
/// (<see cref="Until"/>, across days and capacities: a rotation week that runs into their holiday shift is one stretch),
/// and who takes over then. The API, the incidents and the conversation all read it from <see cref="OnCallSchedule.OnCallAt"/>.
/// </summary>
/// <param name="Next">The next person's stretch, or null when it lies beyond what the schedule looks ahead.</param>
public sealed record OnCall(Shift Shift, Instant From, Instant Until, Duty? Next)
{
    public string MemberId => Shift.MemberId;
}
