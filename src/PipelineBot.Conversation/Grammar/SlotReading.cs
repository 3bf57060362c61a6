using NodaTime;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Conversation.Grammar;

/// <summary>The slot readings commands share: each takes what the entity readers found, never the raw words.</summary>
internal static partial class SlotReading
{
    /// <summary>Words people use to speak of themselves.</summary>
    public static readonly string[] Self = ["i", "me", "my", "mine", "myself", "im", "ive", "id", "ill"];

    /// <summary>The time asked about: a date phrase, else a holiday's day; null when the message names none.</summary>
    public static Moment? When(Analysis a) =>
        a.Entities.Select(e => e switch
        {
            MomentEntity m => m.Readings[0],
            HolidayEntity h => new Day(h.Date, h.Eve ? $"the eve of {h.Rule.Name} {h.Year}" : $"{h.Rule.Name} {h.Year}"),
            _ => null,
        }).FirstOrDefault(m => m is not null);

    public static Pipeline? Pipeline(Analysis a) => a.First<PipelineEntity>()?.Pipeline;

    /// <summary>The person named, when it is not the speaker (whose own shifts need no name).</summary>
    public static Member? Person(Analysis a) => a.First<PersonEntity>()?.Candidates[0];

    public static HolidaySlot Holiday(HolidayEntity h) => new(h.Rule.Name, h.Year, h.YearGiven, h.Date);

    /// <summary>The incident named ("INC-12"), or with <paramref name="bareNumber"/> a number no keyword claimed ("ack 12").</summary>
    public static long? Incident(Analysis a, bool bareNumber) =>
        a.First<IncidentEntity>()?.Id ?? (bareNumber ? a.First<NumberEntity>()?.Value : null);

    public static string? Parameter(Analysis a, string key) => a.All<ParameterEntity>().FirstOrDefault(p => p.Key == key)?.Value;

    /// <summary>The first day named, for a rerun's load date.</summary>
    public static LocalDate? Date(Analysis a) =>
        a.All<MomentEntity>().Select(m => m.Readings[0]).OfType<Day>().Select(d => (LocalDate?)d.Date).FirstOrDefault();

    /// <summary>
    /// The days named, for a backfill: a range ("last week", "from Nov 1 to Nov 7"), or the first and last of the days
    /// named. A backfill is of days past, so a day written without its year that reads as a coming one ("nov 1" in
    /// December) is the one before.
    /// </summary>
    public static (LocalDate From, LocalDate To)? Range(Analysis a)
    {
        var days = a.All<MomentEntity>().SelectMany(m => (m.Readings[0] switch
        {
            Day d => [d.Date],
            Days d => new[] { d.From, d.To },
            _ => [],
        }).Select(d => d > a.Today && !Digits().IsMatch(a.TextOf(m.Start, m.Count)) ? d.PlusYears(-1) : d)).ToList();
        return days.Count == 0 ? null : (days[0], days[^1]);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{4}")]
    private static partial System.Text.RegularExpressions.Regex Digits();

    public static bool SpeaksOfSelf(Analysis a) => a.HasAny(Self);

    /// <summary>Whether one of the cue words in <paramref name="words"/> was taken by the command's cues.</summary>
    public static bool CueTook(Analysis a, bool[] cues, params ReadOnlySpan<string> words)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (cues[i] && words.Contains(a[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Index of the first word that is one of <paramref name="words"/>, or -1.</summary>
    public static int IndexOfAny(Analysis a, params ReadOnlySpan<string> words)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (words.Contains(a[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
