using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// The time a message asks about, as the speaker meant it: in their own zone and calendar. Dates are local dates and a
/// time of day is a local date-time, so a question read at 23:30 in Berlin about "tomorrow" means Berlin's tomorrow.
/// </summary>
internal abstract record Moment
{
    /// <summary>The form the phrasings specification writes it in: <c>now</c>, <c>2026-12-03T15:00</c>, <c>2026-12-05</c>, <c>2026-12-05..2026-12-06</c>.</summary>
    public abstract string Spec { get; }

    /// <summary>The first instant the speaker means, read in their zone.</summary>
    public abstract Instant Start(Instant now, DateTimeZone zone);

    protected static readonly LocalDatePattern Iso = LocalDatePattern.Iso;
}

/// <summary>"now", "right now", "rn".</summary>
internal sealed record Now : Moment
{
    public static readonly Now Instance = new();

    public override string Spec => "now";

    public override Instant Start(Instant now, DateTimeZone zone) => now;
}

/// <summary>A time of day on a day: "at 3pm tomorrow", "tonight", "at 15:00".</summary>
internal sealed record At(LocalDateTime Local) : Moment
{
    public override string Spec => Local.ToString("uuuu'-'MM'-'dd'T'HH':'mm", CultureInfo.InvariantCulture);

    // A time a daylight-saving change skips or repeats reads as the clock's first showing of it, as everywhere else.
    public override Instant Start(Instant now, DateTimeZone zone) => zone.AtLeniently(Local).ToInstant();
}

/// <summary>One day: "tomorrow", "on Saturday", "Dec 26th", "25/12", "Christmas".</summary>
/// <param name="Name">The holiday it was named by ("Christmas Day 2026"), for the answer's heading; null for a plain day.</param>
internal sealed record Day(LocalDate Date, string? Name = null) : Moment
{
    public override string Spec => Iso.Format(Date);

    public override Instant Start(Instant now, DateTimeZone zone) => zone.AtStartOfDay(Date).ToInstant();
}

/// <summary>Consecutive days, both ends included: "this weekend", "next week", "next month".</summary>
/// <param name="Name">How the speaker said it, for the answer's heading ("next week"); null for a plain range.</param>
internal sealed record Days(LocalDate From, LocalDate To, string? Name = null) : Moment
{
    public override string Spec => $"{Iso.Format(From)}..{Iso.Format(To)}";

    public override Instant Start(Instant now, DateTimeZone zone) => zone.AtStartOfDay(From).ToInstant();
}
