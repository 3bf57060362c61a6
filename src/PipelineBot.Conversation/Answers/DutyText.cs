using PipelineBot.Domain.Rotation;

namespace PipelineBot.Conversation.Answers;

/// <summary>How a duty's capacity reads after a name.</summary>
internal static class DutyText
{
    /// <summary>" (Christmas Day holiday shift)", " (covering by a manager's override)", or nothing for the weekly rotation.</summary>
    public static string Note(ShiftKind kind, string? holiday) => kind switch
    {
        ShiftKind.Holiday => $" ({holiday} holiday shift)",
        ShiftKind.Override => " (covering by a manager's override)",
        _ => "",
    };

    public static string Note(Duty duty) => Note(duty.Kind, duty.Holiday);
}
