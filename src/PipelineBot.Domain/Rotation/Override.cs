using NodaTime;

namespace PipelineBot.Domain.Rotation;

/// <summary>A manager's decision that <see cref="MemberId"/> covers a span, whatever the rotation or holiday plan says. Not a trade.</summary>
public sealed record Override(long Id, Interval Span, string MemberId, string Reason, string SetBy, Instant SetAt);
