using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Commands;

/// <summary>"my shifts", "am I on call this week", "when is jackson on call": someone's coming shifts, or whether they hold a time.</summary>
internal sealed class MyShifts(ShiftAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "my-shifts",
        "my shifts",
        ["my shifts", "when is my next shift", "am I on call this week", "when is Jackson on call"],
        new CommandGrammar()
            .Cue(5, "my shift", "my shifts", "my next shift", "my rotation", "my schedule", "my on call", "my next on call", "am i on call", "am i on duty", "when am i", "im on call")
            .Cue(3, "my next", "am i", "do i have")
            .Cue(2, "on call", "on duty", "shift", "shifts", "schedule", "when", "whens", "rotation", "next", "working", "work")
            .Against(5, "trade", "swap", "give", "hand over", "handover", "offer")
            .Takes<PersonEntity>(3)
            .Takes<MomentEntity>(1)
            .Takes<HolidayEntity>(1)
            .Requires(a => SlotReading.SpeaksOfSelf(a) || a.First<PersonEntity>() is not null),
        (a, _) => new Slots { Person = SlotReading.Person(a), When = SlotReading.When(a) })
    {
        Topic = CommandSpec.OnCall,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.ShiftsAsync(turn, reading.Slots, cancellationToken);
}

/// <summary>"my holidays", "which holidays am I on": the holiday shifts someone holds.</summary>
internal sealed class MyHolidays(ShiftAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "my-holidays",
        "my holidays",
        ["my holidays", "which holidays am I on"],
        new CommandGrammar()
            .Cue(5, "holidays", "holiday")
            .Cue(3, "my", "am i", "do i have", "i have", "i hold", "have i", "mine")
            .Against(5, "trade", "swap", "give", "hand over", "handover", "offer")
            .Takes<PersonEntity>(3)
            .Requires(a => SlotReading.SpeaksOfSelf(a) || a.First<PersonEntity>() is not null),
        (a, _) => new Slots { Person = SlotReading.Person(a) })
    {
        Topic = CommandSpec.HolidaysTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.HolidaysOfAsync(turn, reading.Slots.Person, cancellationToken);
}

/// <summary>"holidays 2027": a year's holidays and who holds each.</summary>
internal sealed class Holidays(ShiftAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "holidays",
        "holidays of a year",
        ["holidays 2027", "holiday schedule"],
        new CommandGrammar()
            .Cue(5, "holidays", "holiday")
            .Cue(2, "schedule", "plan", "list", "calendar", "all")
            .Against(4, "my", "am i", "do i", "i have", "mine")
            .Takes<YearEntity>(2)
            .Takes<NumberEntity>(),

        // A number of four digits out of reach of the years understood ("holidays 9999") is still the year asked about.
        (a, _) => new Slots { Year = a.First<YearEntity>()?.Year ?? (a.First<NumberEntity>() is { Value: >= 1000 and <= 9999 } n ? (int)n.Value : a.Today.Year) })
    {
        Topic = CommandSpec.HolidaysTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.HolidaysAsync(reading.Slots.Year!.Value, cancellationToken);
}

/// <summary>"who has thanksgiving", "who's working christmas 2027": who holds one holiday shift.</summary>
internal sealed class HolidayHolder(ShiftAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "holiday-holder",
        "who holds a holiday",
        ["who has thanksgiving", "who's working christmas 2027"],
        new CommandGrammar()
            .Cue(4, "who has", "whos got", "who got", "who holds", "who is working", "whos working", "who works", "working", "holds", "has")
            .Cue(1, "who", "whos")
            .Against(3, "am i", "do i", "i am", "im")
            .Takes<HolidayEntity>(2)
            .Requires(a => a.First<HolidayEntity>() is not null),
        (a, _) => new Slots { Holiday = SlotReading.Holiday(a.First<HolidayEntity>()!) })
    {
        Topic = CommandSpec.HolidaysTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.HolderAsync(reading.Slots.Holiday!, cancellationToken);
}

/// <summary>"my calendar link", "new calendar link": the member's secret iCalendar feeds, and a reset of them.</summary>
internal sealed class CalendarLink(CalendarAnswers answers) : ICommand
{
    private static readonly string[] Renewing = ["new", "reset", "regenerate", "renew", "rotate", "revoke", "replace", "change"];

    public static CommandSpec Spec { get; } = new(
        "calendar-link",
        "calendar feed",
        ["my calendar link", "new calendar link"],
        new CommandGrammar()
            .Cue(6, "calendar link", "calendar feed", "calendar url", "ical", "ics", "icalendar", "calendar subscription", "subscribe")
            .Cue(5, "outlook", "google calendar", "in my calendar", "to my calendar", "into my calendar")
            .Cue(3, "link", "feed")
            .Cue(1, "new", "reset", "regenerate", "renew", "rotate", "revoke", "replace", "change", "calendar"),
        (a, _) => new Slots { Reset = a.HasAny(Renewing) })
    {
        Topic = CommandSpec.HolidaysTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.LinkAsync(turn, reading.Slots.Reset, cancellationToken);
}
