using NodaTime;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Conversation.Grammar;

/// <summary>A holiday as a slot: its name, the year meant, and whether the speaker said the year.</summary>
internal sealed record HolidaySlot(string Name, int Year, bool YearGiven, LocalDate Date);

/// <summary>
/// What a message said to its command. Each command reads the slots it declares and leaves the others empty, so that a
/// reading can be compared exactly with the phrasings specification.
/// </summary>
internal sealed record Slots
{
    public Moment? When { get; init; }

    public Pipeline? Pipeline { get; init; }

    /// <summary>Whose shifts or holidays ("is miles on call tomorrow"); empty for the speaker's own.</summary>
    public Member? Person { get; init; }

    /// <summary>The other side of a trade.</summary>
    public Member? With { get; init; }

    public HolidaySlot? Holiday { get; init; }

    /// <summary>The holiday asked for in return in a swap ("for Jackson's Thanksgiving").</summary>
    public HolidaySlot? For { get; init; }

    public bool Handover { get; init; }

    /// <summary>Asked as a swap ("swap my Christmas with Miles"), which wants a shift in return; not a slot of the specification.</summary>
    public bool Swap { get; init; }

    public long? Incident { get; init; }

    public string? Note { get; init; }

    /// <summary>The expert an incident is handed to: <c>mapping</c> (the Tech BA) or <c>implementation</c> (the ETL Developer).</summary>
    public Domain.Incidents.ExpertArea? Expert { get; init; }

    /// <summary>A rerun's or a rebuild's load date; the first day of a backfill.</summary>
    public LocalDate? Date { get; init; }

    /// <summary>The last day of a backfill.</summary>
    public LocalDate? Until { get; init; }

    public string? Batch { get; init; }

    public string? Environment { get; init; }

    public bool Adaptive { get; init; }

    public int? Year { get; init; }

    /// <summary>A new calendar link is asked for, the old one to stop working.</summary>
    public bool Reset { get; init; }

    /// <summary>The month of an SLA review.</summary>
    public NodaTime.YearMonth? Month { get; init; }

    public long? Offer { get; init; }

    /// <summary>accept, decline or withdraw.</summary>
    public string? Answer { get; init; }

    /// <summary>The words a runbook search looks for.</summary>
    public IReadOnlyList<string>? Search { get; init; }

    /// <summary>open or all, for the list of incidents.</summary>
    public string? State { get; init; }

    /// <summary>Words the command could not place, in the order typed ("banana" in "who is on call for banana").</summary>
    public IReadOnlyList<string> Unread { get; init; } = [];

    /// <summary>The unread words that stand where a name would ("for banana", "of grwth"): a pipeline or person the catalog lacks.</summary>
    public IReadOnlyList<string> UnreadName { get; init; } = [];

    /// <summary>Something that looked like a date or time but is none ("Feb 30 2027"), as typed; the answer says so.</summary>
    public string? Unreadable { get; init; }

    /// <summary>Why <see cref="Unreadable"/> cannot be answered, when it is more than not reading as a date ("too far away").</summary>
    public string? UnreadableWhy { get; init; }

    /// <summary>
    /// The slots as the phrasings specification writes them (<c>pipeline=growth</c>, <c>when=2026-12-05</c>), in a fixed
    /// order: how the tests compare a reading with what it must be.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Describe()
    {
        if (Pipeline is { } pipeline)
        {
            yield return new("pipeline", pipeline.Id);
        }

        if (When is { } when)
        {
            yield return new("when", when.Spec);
        }

        if (Person is { } person)
        {
            yield return new("person", person.Id);
        }

        if (Holiday is { } holiday)
        {
            yield return new("holiday", holiday.Name);
            yield return new("year", holiday.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (Year is { } year)
        {
            yield return new("year", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Reset)
        {
            yield return new("reset", "true");
        }

        if (Month is { } month)
        {
            yield return new("month", month.ToString("uuuu'-'MM", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (With is { } with)
        {
            yield return new("with", with.Id);
        }

        if (For is { } wanted)
        {
            yield return new("for", wanted.Name);
        }

        if (Handover)
        {
            yield return new("handover", "true");
        }

        if (Incident is { } incident)
        {
            yield return new("incident", Domain.Incidents.IncidentNames.Id(incident));
        }

        if (Expert is { } expert)
        {
            yield return new("expert", Domain.Incidents.Experts.NameOf(expert));
        }

        if (Note is { } note)
        {
            yield return new("note", note);
        }

        if (Date is { } date)
        {
            yield return new("date", NodaTime.Text.LocalDatePattern.Iso.Format(date));
        }

        if (Until is { } until)
        {
            yield return new("until", NodaTime.Text.LocalDatePattern.Iso.Format(until));
        }

        if (Batch is { } batch)
        {
            yield return new("batch", batch);
        }

        if (Environment is { } environment)
        {
            yield return new("environment", environment);
        }

        if (Adaptive)
        {
            yield return new("adaptive", "true");
        }

        if (Offer is { } offer)
        {
            yield return new("offer", offer.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Answer is { } answer)
        {
            yield return new("answer", answer);
        }

        if (Search is { } search)
        {
            yield return new("search", string.Join(' ', search));
        }

        if (State is { } state)
        {
            yield return new("state", state);
        }
    }
}

/// <summary>A choice the bot offers when two readings are equally good: the button's title and what pressing it says.</summary>
internal sealed record Choice(string Title, string Text);

/// <summary>What a message was read as: the command's intent and its slots; or, when two readings tie, the question to ask back.</summary>
internal sealed record Reading(string Intent, Slots Slots, double Score)
{
    public const string Unknown = "unknown";

    /// <summary>Set when the bot must ask back instead of guessing (two Jacksons; 05/06 with no locale).</summary>
    public string? Question { get; init; }

    public IReadOnlyList<Choice> Choices { get; init; } = [];
}
