using System.Text;
using System.Text.Json.Nodes;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Text;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// What the bot can do, with examples (as text and as the help card, whose buttons say an example), and the reply to
/// anything it did not understand: the nearest commands, never silence.
/// </summary>
internal static class HelpAnswers
{
    public const string SayVerb = "say";
    public const string Template = "help";

    /// <summary>A command as the help lists it: its name, the words that call it, and examples to say.</summary>
    private sealed record Command(string Name, string[] Words, string[] Examples);

    private static readonly Command[] Commands =
    [
        new("who's on call", ["who", "whos", "on", "call", "oncall", "now", "tonight", "tomorrow", "week"],
            ["who's on call", "who is on call for growth", "who's on call on Christmas", "on call next week", "who's on call tomorrow at 15:00"]),
        new("status of a pipeline", ["status", "how", "doing", "pipeline"], ["status growth", "how is the aggregate profit pipeline doing"]),
        new("incidents", ["incident", "incidents", "ack", "acknowledge", "rerun", "resolve"], ["incidents", "ack INC-12", "rerun profit for 2026-11-20", "resolve INC-12 reloaded the file"]),
        new("runbook", ["runbook", "procedure", "procedures", "what", "do", "if"], ["runbook profit", "what do I do if the sales file has no header"]),
        new("my shifts", ["my", "shifts", "shift", "rotation", "schedule"], ["my shifts"]),
        new("holidays", ["holidays", "holiday", "my"], ["my holidays", "holidays 2027"]),
        new("trade a holiday shift", ["trade", "swap", "give", "hand", "accept", "decline", "withdraw"],
            ["trade my Christmas shift with Miles", "swap my New Year's Day 2027 for Jackson's Thanksgiving", "accept trade 12"]),
        new("post alerts here", ["post", "alerts", "alert", "here", "channel"], ["post alerts here"]),
        new("pipelines", ["pipelines", "list", "catalog"], ["pipelines"]),
        new("help", ["help", "commands"], ["help"]),
    ];

    private static readonly string[] Buttons = ["who's on call", "on call next week", "my shifts", "holidays 2027", "runbook profit"];

    public static bool Wants(Utterance u) =>
        u.Count == 0 || u.StartsWith("help") || u.StartsWith("commands") || u.IndexOf("what", "can", "you", "do") >= 0 || u.StartsWith("usage");

    public static Say Help()
    {
        var text = new StringBuilder("Here is what I can do; say any of these:");
        foreach (var command in Commands)
        {
            text.Append($"\n- **{command.Name}**: {string.Join(" · ", command.Examples)}");
        }

        text.Append($"\nDates I read: {Replies.DateExamples}. Times are shown in your time zone.");
        return new Say(text.ToString(), Card());
    }

    /// <summary>"I didn't get 'who is on cal'. Did you mean: who's on call?"</summary>
    public static Say NotUnderstood(Utterance u)
    {
        var near = Nearest(u).ToList();
        var shown = u.Text.Length > 60 ? u.Text[..57] + "..." : u.Text;
        return near.Count == 0
            ? new Say($"I didn't get '{shown}'. Try: who's on call · status growth · my shifts, or say help for everything I can do.")
            : new Say($"I didn't get '{shown}'. Did you mean: {string.Join(" · ", near)}? Say help for everything I can do.");
    }

    /// <summary>The commands sharing the most words with the message, typos included; each shown by its first example.</summary>
    private static IEnumerable<string> Nearest(Utterance u) =>
        Commands
            .Select(c => (c, Score: u.Words.Count(w => c.Words.Contains(w) || (w.Length >= 3 && Similarity.Nearest(w, c.Words, 1).Count > 0))))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .Take(3)
            .Select(x => x.c.Examples[0]);

    private static CardContent Card() => new(Template, new JsonObject
    {
        ["title"] = "PipelineBot help",
        ["intro"] = "I answer who is on call, how pipelines are set up and what their runbooks say, and I trade holiday shifts. Say any example, or press a button.",
        ["sections"] = new JsonArray([.. Commands.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["examples"] = string.Join(" · ", c.Examples),
        })]),
        ["buttons"] = new JsonArray([.. Buttons.Select(b => (JsonNode)new JsonObject { ["title"] = b, ["text"] = b })]),
        ["dates"] = $"Dates I read: {Replies.DateExamples}.",
    });
}
