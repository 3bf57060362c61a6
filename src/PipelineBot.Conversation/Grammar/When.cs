using NodaTime;
using PipelineBot.Domain.Holidays;

namespace PipelineBot.Conversation.Grammar;

/// <summary>A time a message asks about, read from a date phrase.</summary>
internal abstract record When
{
    /// <summary>Where in the message the phrase began, so that two dates ("swap my X for Y") keep their order.</summary>
    public int Position { get; init; }
}

/// <summary>One instant: "now", "tonight", "at 15:00", "tomorrow at 9am".</summary>
internal sealed record AtInstant(Instant Instant, bool IsNow) : When;

/// <summary>One day's shift: "tomorrow", "on Friday", "Dec 25", "2026-12-25", "Christmas 2027".</summary>
internal sealed record OnDay(LocalDate Date, HolidayInstance? Holiday) : When
{
    /// <summary>False for a holiday named without a year: the next one was taken, and a trade may look further for one its giver holds.</summary>
    public bool YearGiven { get; init; } = true;
}

/// <summary>A Monday-to-Sunday week: "this week", "next week".</summary>
internal sealed record InWeek(LocalDate Monday, bool IsNext) : When;

/// <summary>Something that looks like a date or time but is not one ("2026-13-45", "Feb 30", "at 25:00").</summary>
internal sealed record Unreadable(string Text) : When;
