using System.Globalization;

namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// Finds what a message names, in an order that settles overlaps: values bound to their keyword first ("batch 42" is a
/// batch, "trade 3" an offer, "INC-12" an incident), then dates and holidays, then pipelines and people spelt right,
/// then typos among the words the grammar does not know, and last the numbers nobody claimed.
/// </summary>
/// <param name="knownWords">The grammar's own words (cues, dates, filler): never taken for a typo of a name.</param>
internal sealed class EntityReader(CatalogNames names, DateReader dates, IReadOnlySet<string> knownWords)
{
    private static readonly string[] IncidentWords = ["inc", "incident"];
    private static readonly string[] OfferWords = ["trade", "offer"];
    private static readonly string[] EnvironmentWords = ["environment", "env"];

    public Analysis Read(string text, NodaTime.Instant now, NodaTime.DateTimeZone zone, string? locale)
    {
        var a = new Analysis(text, now, zone, locale);
        ReadKeyed(a);
        dates.Read(a);
        ReadNames(a);
        ReadTypos(a);
        ReadNumbers(a);
        return a;
    }

    /// <summary>A free word that is no word of the grammar and no name: where a typo or an unknown name may stand.</summary>
    public bool IsUnknown(Analysis a, int index) =>
        a.IsFree(index) && !knownWords.Contains(a[index]) && !a[index].Any(char.IsAsciiDigit);

    private static void ReadKeyed(Analysis a)
    {
        for (var i = 0; i < a.Count; i++)
        {
            var word = a[i];
            var next = a.At(i + 1);
            if (word.StartsWith('#') && Number(word[1..]) is { } hashed)
            {
                // "trade #3" is an offer; "#12" anywhere else an incident.
                a.Add<Entity>(i > 0 && OfferWords.Contains(a[i - 1]) && a.IsFree(i - 1)
                    ? new ParameterEntity(i - 1, 2, ParameterEntity.Offer, Text(hashed))
                    : new IncidentEntity(i, 1, hashed));
            }
            else if (IncidentWords.Contains(word) && Number(next) is { } incident)
            {
                a.Add(new IncidentEntity(i, 2, incident));
            }
            else if (word.Length > 3 && word.StartsWith("inc", StringComparison.Ordinal) && Number(word[3..]) is { } joined)
            {
                a.Add(new IncidentEntity(i, 1, joined));
            }
            else if (OfferWords.Contains(word) && Number(next) is { } offer)
            {
                a.Add(new ParameterEntity(i, 2, ParameterEntity.Offer, Text(offer)));
            }
            else if (word == "batch" && Value(a, i + 1) is var (batch, batchEnd))
            {
                a.Add(new ParameterEntity(i, batchEnd - i, ParameterEntity.Batch, batch));
            }
            else if (EnvironmentWords.Contains(word) && Value(a, i + 1) is var (environment, environmentEnd))
            {
                a.Add(new ParameterEntity(i, environmentEnd - i, ParameterEntity.Environment, environment));
            }
            else if (Adaptive(a, i) is { } length)
            {
                a.Add(new ParameterEntity(i, length, ParameterEntity.Adaptive, "true"));
            }
            else
            {
                continue;
            }

            i = a.EntityAt(i)!.End - 1;
        }
    }

    /// <summary>The value after a keyword, skipping "id", "is", "=": "batch 42", "batch id 42", "env staging".</summary>
    private static (string Value, int End)? Value(Analysis a, int i)
    {
        while (a.At(i) is "id" or "is" or "of")
        {
            i++;
        }

        return a.At(i) is { } value && !Words.Filler.Contains(value) ? (value, i + 1) : null;
    }

    /// <summary>"adaptive execution", "adaptive query execution", "adaptive", "aqe", "spark 3": the Spark 3 setting a rerun can switch on.</summary>
    private static int? Adaptive(Analysis a, int i) => a[i] switch
    {
        "adaptive" when a.At(i + 1) == "query" && a.At(i + 2) == "execution" => 3,
        "adaptive" when a.At(i + 1) == "execution" => 2,
        "adaptive" or "aqe" => 1,
        "spark" when a.At(i + 1) is "3" or "3.0" => 2,
        _ => null,
    };

    private void ReadNames(Analysis a)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (!a.IsFree(i))
            {
                continue;
            }

            var pipeline = names.Pipelines.ExactAt(a, i);
            var person = names.People.ExactAt(a, i, possessive: true);
            if (pipeline is not null && (person is null || pipeline.Count >= person.Count))
            {
                a.Add(new PipelineEntity(i, pipeline.Count, pipeline.Targets[0]));
            }
            else if (person is not null)
            {
                a.Add(new PersonEntity(i, person.Count, person.Targets, person.Possessive));
            }
            else
            {
                continue;
            }

            i = a.EntityAt(i)!.End - 1;
        }
    }

    /// <summary>
    /// Typos of pipelines, people and holidays, tried where a word the grammar does not know stands ("grwoth"); a name of
    /// several words may hold grammar words too ("service implementation tam operator").
    /// </summary>
    private void ReadTypos(Analysis a)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (!a.IsFree(i) || Words.Filler.Contains(a[i]) || !UnknownAhead(a, i))
            {
                continue;
            }

            var pipeline = names.Pipelines.TypoAt(a, i, a.IsFree);
            var person = names.People.TypoAt(a, i, a.IsFree);
            if (pipeline is not null && HasUnknown(a, i, pipeline.Count) && (person is null || pipeline.Distance <= person.Distance))
            {
                a.Add(new PipelineEntity(i, pipeline.Count, pipeline.Targets[0]));
            }
            else if (person is not null && HasUnknown(a, i, person.Count))
            {
                a.Add(new PersonEntity(i, person.Count, person.Targets, false));
            }
            else if (IsUnknown(a, i))
            {
                dates.ReadHolidayTypo(a, i, j => IsUnknown(a, j));
                if (a.IsFree(i) && DateReader.LooksLikeDate(a[i]))
                {
                    a.Add(new UnreadableEntity(i, 1, a.TextOf(i, 1)));
                }
            }
        }
    }

    /// <summary>Whether a word the grammar does not know stands in the run of free words from <paramref name="start"/>.</summary>
    private bool UnknownAhead(Analysis a, int start)
    {
        for (var i = start; i < a.Count && a.IsFree(i); i++)
        {
            if (IsUnknown(a, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a span holds a word the grammar does not know: a span of grammar words alone is no typo of a name.</summary>
    private bool HasUnknown(Analysis a, int start, int count) => Enumerable.Range(start, count).Any(i => IsUnknown(a, i));

    private static void ReadNumbers(Analysis a)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (a.IsFree(i) && Number(a[i]) is { } number)
            {
                a.Add(new NumberEntity(i, 1, number));
            }
        }
    }

    private static long? Number(string? word) =>
        word is { Length: > 0 and <= 9 } && word.All(char.IsAsciiDigit) ? long.Parse(word, CultureInfo.InvariantCulture) : null;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
