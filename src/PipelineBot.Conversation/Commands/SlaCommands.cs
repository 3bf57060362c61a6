using System.Globalization;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Commands;

/// <summary>"sla report", "sla november", "sla for growth last month": the SLA review of a month, for the team or a pipeline.</summary>
internal sealed class SlaReport(SlaAnswers answers) : ICommand
{
    private static readonly YearMonthPattern IsoMonth = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");

    private static readonly Dictionary<string, int> MonthNames = Enumerable.Range(1, 12)
        .SelectMany(m => new[]
        {
            (Name: CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(m).ToLowerInvariant(), Month: m),
            (Name: CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(m).ToLowerInvariant(), Month: m),
        })
        .Append((Name: "sept", Month: 9))
        .DistinctBy(n => n.Name)
        .ToDictionary(n => n.Name, n => n.Month, StringComparer.Ordinal);

    public static CommandSpec Spec { get; } = new(
        "sla",
        "SLA review of a month",
        ["sla report", "sla november", "sla for growth last month"],
        new CommandGrammar()
            .Cue(6, "sla", "slas", "sla report", "sla review", "compliance", "monthly review")
            .Cue(3, "availability", "uptime", "breaches", "breached", "report", "review", "monthly")
            .Cue(1, "month", "last month", "this month")
            .Takes<PipelineEntity>(1)
            .Takes<MomentEntity>()
            .Takes<YearEntity>()
            .Takes<NumberEntity>()
            .Takes<UnreadableEntity>(),
        (a, _) => new Slots { Pipeline = SlotReading.Pipeline(a), Month = MonthOf(a) })
    {
        Topic = CommandSpec.PipelinesTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.ReviewAsync(reading.Slots.Month, reading.Slots.Pipeline, cancellationToken);

    /// <summary>
    /// "2026-11", "last month", "this month", or a month's name with or without its year; a name alone means its latest
    /// showing that has begun ("november" in December is this year's, "december" in November last year's). Null: not said.
    /// </summary>
    private static YearMonth? MonthOf(Analysis a)
    {
        var thisMonth = a.Today.ToYearMonth();
        for (var i = 0; i < a.Count; i++)
        {
            var word = a[i];
            if (IsoMonth.Parse(word) is { Success: true } iso && iso.Value.Year is >= 2 and <= 9998)
            {
                return iso.Value;
            }

            if (word == "month" && i > 0)
            {
                switch (a[i - 1])
                {
                    case "last" or "previous" or "past":
                        return a.Today.PlusMonths(-1).ToYearMonth();
                    case "this" or "current":
                        return thisMonth;
                }
            }

            if (MonthNames.TryGetValue(word, out var month))
            {
                if (a.At(i + 1) is { Length: 4 } next && int.TryParse(next, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2 and <= 9998)
                {
                    return new YearMonth(year, month);
                }

                return month <= thisMonth.Month ? new YearMonth(thisMonth.Year, month) : new YearMonth(thisMonth.Year - 1, month);
            }
        }

        return null;
    }
}
