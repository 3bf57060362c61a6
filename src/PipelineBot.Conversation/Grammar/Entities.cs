using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;

namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// Something a message names, found before its intent is decided: the words from <see cref="Start"/> for
/// <see cref="Count"/> belong to it, and no command's cue words are read inside them.
/// </summary>
internal abstract record Entity(int Start, int Count)
{
    public int End => Start + Count;
}

/// <summary>A pipeline by its id, name or an alias, spelt right or within a typo.</summary>
internal sealed record PipelineEntity(int Start, int Count, Pipeline Pipeline) : Entity(Start, Count);

/// <summary>A person by id, name or (for people on the rotation) first or last name; several when a name is shared.</summary>
/// <param name="Possessive">Written as "Jackson's": the thing after it is theirs.</param>
internal sealed record PersonEntity(int Start, int Count, IReadOnlyList<Member> Candidates, bool Possessive) : Entity(Start, Count);

/// <summary>A holiday of the configured rules, in the year given or its next occurrence; "eve" is the day before it.</summary>
internal sealed record HolidayEntity(int Start, int Count, HolidayRule Rule, int Year, bool YearGiven, bool Eve, LocalDate Date) : Entity(Start, Count);

/// <summary>A date or time phrase; more than one reading when it is ambiguous ("05/06" with no locale to decide).</summary>
internal sealed record MomentEntity(int Start, int Count, IReadOnlyList<Moment> Readings) : Entity(Start, Count);

/// <summary>A year on its own: "2027", "next year".</summary>
internal sealed record YearEntity(int Start, int Count, int Year) : Entity(Start, Count);

/// <summary>An incident: "INC-12", "inc 12", "incident 12", "#12".</summary>
internal sealed record IncidentEntity(int Start, int Count, long Id) : Entity(Start, Count);

/// <summary>A value bound to its keyword: "batch 42", "environment prod", "trade 3", "adaptive execution".</summary>
internal sealed record ParameterEntity(int Start, int Count, string Key, string Value) : Entity(Start, Count)
{
    public const string Batch = "batch";
    public const string Environment = "environment";
    public const string Offer = "offer";
    public const string Adaptive = "adaptive";
}

/// <summary>A number that no keyword claimed: "ack 12" names an incident with it, "accept 3" an offer.</summary>
internal sealed record NumberEntity(int Start, int Count, long Value) : Entity(Start, Count);

/// <summary>
/// Something that looks like a date or time but is none ("2026-13-45", "Feb 30 2027", "25:00", "blursday"), or one out
/// of reach; <paramref name="Why"/> says what is wrong when it is more than not reading as a date.
/// </summary>
internal sealed record UnreadableEntity(int Start, int Count, string Text, string? Why = null) : Entity(Start, Count);
