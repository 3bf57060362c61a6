using NodaTime;

namespace PipelineBot.Domain.Rotation;

public enum ShiftKind
{
    Rotation,
    Holiday,
    Override,
}

/// <summary>
/// A span of on-call duty held by one member. <see cref="Span"/> is half-open: the start is included, the end is not,
/// so consecutive shifts tile time with no gap or overlap. <see cref="Date"/> is the local date of the shift it belongs to.
/// </summary>
public sealed record Shift(Interval Span, LocalDate Date, string MemberId, ShiftKind Kind, string? Holiday);
