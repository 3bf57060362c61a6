using System.Globalization;
using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Commands;

/// <summary>
/// "trade my Christmas shift with Miles", "swap my New Year's Day 2027 for Jackson's Thanksgiving", "can I give my
/// thanksgiving shift to jackson": an offer of a holiday shift, swapped or handed over.
/// </summary>
internal sealed class Trade(TradeAnswers answers) : ICommand
{
    /// <summary>Words that give a shift away instead of swapping it.</summary>
    private static readonly string[] Giving = ["give", "offer", "hand", "handover", "take", "cover", "have"];

    public static CommandSpec Spec { get; } = new(
        "trade",
        "trade a holiday shift",
        ["trade my Christmas shift with Miles", "give my New Year's Day 2027 shift to Miles", "swap my New Year's Day 2027 for Miles's Christmas"],
        new CommandGrammar()
            .Cue(7, "trade", "swap", "exchange", "switch")
            .Cue(6, "hand over", "handover", "give", "offer", "take my", "cover my", "have my")
            .Against(4, "accept", "decline", "reject", "refuse", "withdraw", "cancel", "retract")
            .Takes<PersonEntity>(2)
            .Takes<HolidayEntity>(2)
            .Takes<MomentEntity>(1),
        Read)
    {
        Topic = CommandSpec.HolidaysTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.ProposeAsync(turn, reading.Slots, cancellationToken);

    /// <summary>
    /// The first holiday is the one offered; a second one, after "for" or written as the other person's ("Jackson's
    /// Thanksgiving"), is the one asked for in return. A day or week without a holiday is read too, so that the answer
    /// can say why ordinary shifts cannot be traded.
    /// </summary>
    private static Slots Read(Analysis a, bool[] cues)
    {
        var holidays = a.All<HolidayEntity>().ToList();
        var person = a.First<PersonEntity>();
        var wanted = holidays.Skip(1).FirstOrDefault()
            ?? holidays.FirstOrDefault(h => person is { Possessive: true } && person.End == h.Start);
        var offered = holidays.FirstOrDefault(h => h != wanted);
        return new Slots
        {
            Holiday = offered is null ? null : SlotReading.Holiday(offered),
            For = wanted is null ? null : SlotReading.Holiday(wanted),
            With = person?.Candidates[0],
            When = holidays.Count == 0 ? SlotReading.When(a) : null,
            Handover = SlotReading.CueTook(a, cues, Giving),
            Swap = SlotReading.CueTook(a, cues, "swap", "exchange", "switch"),
        };
    }
}

/// <summary>"accept trade 3", "decline trade 3", "withdraw my offer 3": the offer card's buttons by message.</summary>
internal sealed class TradeAnswer(TradeAnswers answers) : ICommand
{
    private static readonly Dictionary<string, string> Answers = new(StringComparer.Ordinal)
    {
        ["accept"] = "accept",
        ["take"] = "accept",
        ["decline"] = "decline",
        ["reject"] = "decline",
        ["refuse"] = "decline",
        ["withdraw"] = "withdraw",
        ["cancel"] = "withdraw",
        ["retract"] = "withdraw",
    };

    public static CommandSpec Spec { get; } = new(
        "trade-answer",
        "answer a trade offer",
        ["accept trade 3", "decline trade 3", "withdraw trade 3"],
        new CommandGrammar()
            .Cue(6, "accept", "decline", "reject", "refuse", "withdraw", "cancel", "retract")
            .Takes<ParameterEntity>(2)
            .Takes<NumberEntity>(2)
            .Requires(a => a.HasAny("accept", "decline", "reject", "refuse", "withdraw", "cancel", "retract")),
        (a, _) => new Slots
        {
            Offer = long.TryParse(SlotReading.Parameter(a, ParameterEntity.Offer), NumberStyles.None, CultureInfo.InvariantCulture, out var offer) ? offer : a.First<NumberEntity>()?.Value,
            Answer = a.Words.Select(w => Answers.GetValueOrDefault(w)).FirstOrDefault(w => w is not null),
        })
    {
        Topic = CommandSpec.HolidaysTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.AnswerAsync(turn, reading.Slots.Answer!, reading.Slots.Offer, cancellationToken);
}
