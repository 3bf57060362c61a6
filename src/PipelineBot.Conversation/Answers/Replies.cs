using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Answers;

/// <summary>The answers to input the bot cannot use (PRODUCT §8): say what was not understood and what would work.</summary>
internal static class Replies
{
    public const string DateExamples = "now, tonight, tomorrow, this weekend, next week, next month, saturday, next tuesday, last saturday, in 2 weeks, Dec 26th, 25/12, 2026-12-25, at 3pm tomorrow, christmas eve, New Year's Day 2027";

    public static string CannotReadDate(string text, string? why = null) =>
        why is null ? $"I couldn't read '{text}' as a date or time. Try one of: {DateExamples}." : $"'{text}' is {why}.";

    public static string UnknownPipeline(string text, CatalogNames names)
    {
        var near = names.Pipelines.Suggest(text).SelectMany(p => names.Pipelines.Targets(p)).Select(p => p.Name).Distinct().ToList();
        return near.Count > 0
            ? $"I don't know a pipeline called '{text}'. Did you mean: {string.Join(" · ", near)}?"
            : $"I don't know a pipeline called '{text}'. Say \"pipelines\" for the list.";
    }

    public static string UnknownPerson(string text, CatalogNames names)
    {
        var near = names.People.Suggest(text).SelectMany(p => names.People.Targets(p)).Select(p => p.Name).Distinct().ToList();
        return near.Count > 0
            ? $"I don't know anyone called '{text}'. Did you mean: {string.Join(" · ", near)}?"
            : $"I don't know anyone called '{text}'.";
    }

    /// <summary>For "my ..." questions and trades from someone the channel could not join to the catalog.</summary>
    public const string Stranger =
        "I don't know who you are: your email address is not in the catalog (PipelineBot:Members), so I can't tell which shifts are yours. "
        + "Questions about the team still work, such as \"who's on call\".";
}
