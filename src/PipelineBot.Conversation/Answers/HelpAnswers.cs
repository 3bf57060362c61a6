using System.Text.Json.Nodes;
using PipelineBot.Conversation.Commands;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Text;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// What the bot can do, drawn from the registered commands (the help card, whose buttons say an example), the answer
/// to small talk, and the reply to anything not understood: the nearest commands by their examples, never silence.
/// </summary>
internal sealed class HelpAnswers(IEnumerable<CommandRegistration> commands)
{
    public const string Template = "help";

    private const int ButtonCount = 5;

    private readonly CommandSpec[] _commands = [.. commands.Select(c => c.Spec).Where(s => s.Topic is not null)];

    public Say Help() => new("Here is what I can do. Say any of these, or press a button:", Card());

    /// <summary>A short friendly answer with one hint.</summary>
    public static Say SmallTalk(Turn turn)
    {
        var words = Words.Tokens(turn.Text);
        var name = turn.Speaker.Member?.Name.Split(' ')[0];
        var greeting = name is null ? "" : $", {name}";
        if (words.Any(w => w is "thanks" or "thank" or "thx" or "ty" or "tks" or "cheers"))
        {
            return new Say($"You're welcome{greeting}! Anything else, just ask: \"status growth\" or \"help\".");
        }

        return words.Any(w => w is "bye" or "goodbye" or "later" or "ya")
            ? new Say($"Bye{greeting}! I'll keep an eye on the pipelines.")
            : new Say($"Hi{greeting}! Ask me \"who's on call\", or say \"help\" for everything I can do.");
    }

    /// <summary>"I didn't get 'who is on cal'. Did you mean: who's on call?"</summary>
    public Say NotUnderstood(string text)
    {
        var near = Nearest(Words.Tokens(text)).ToList();
        var shown = text.Length > 60 ? text[..57] + "..." : text;
        return near.Count == 0
            ? new Say($"I didn't get '{shown}'. Try: who's on call · status growth · my shifts, or say help for everything I can do.")
            : new Say($"I didn't get '{shown}'. Did you mean: {string.Join(" · ", near)}? Say help for everything I can do.");
    }

    /// <summary>
    /// The commands whose examples share the most words with the message, typos included; each shown by the example
    /// that shares the most.
    /// </summary>
    private IEnumerable<string> Nearest(string[] words) =>
        _commands
            .SelectMany(c => c.Examples.Select(e => (Command: c, Example: e, Score: Shared(words, Words.Tokens(e)))))
            .Where(x => x.Score > 0)
            .GroupBy(x => x.Command)
            .Select(g => g.OrderByDescending(x => x.Score).First())
            .OrderByDescending(x => x.Score)
            .Take(3)
            .Select(x => x.Example);

    private static int Shared(string[] words, string[] example) =>
        words.Count(w => !Words.Filler.Contains(w) && example.Any(e => e == w || (w.Length >= 3 && e.Length >= 3 && Similarity.Distance(w, e) <= 1)));

    private CardContent Card() => new(Template, new JsonObject
    {
        ["title"] = "PipelineBot help",
        ["intro"] = "I answer who is on call, how the pipelines are doing and what their runbooks say; I handle incidents and trade holiday shifts.",
        ["sections"] = new JsonArray([.. _commands.GroupBy(c => c.Topic).Select(topic => (JsonNode)new JsonObject
        {
            ["name"] = topic.Key,

            // Two examples of each command: all of them would make a card nobody reads.
            ["examples"] = string.Join(" · ", topic.SelectMany(c => c.Examples.Take(2))),
        })]),
        ["buttons"] = new JsonArray([.. _commands.Take(ButtonCount).Select(c => (JsonNode)new JsonObject { ["title"] = c.Examples[0], ["text"] = c.Examples[0] })]),
        ["dates"] = $"Dates I read: {Replies.DateExamples}. Times are shown in your time zone.",
    });
}
