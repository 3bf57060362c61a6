using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Commands;

/// <summary>"help", "what can you do?": every registered command with its examples.</summary>
internal sealed class Help(HelpAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "help",
        "help",
        ["help", "what can you do?"],
        new CommandGrammar()
            .Cue(6, "help", "commands", "what can you do", "what do you do", "how does this work", "how do you work", "how do i use", "usage", "menu", "what can i ask", "what can i say", "examples", "what do you know", "who are you", "what are you"),
        (_, _) => new Slots())
    {
        Topic = CommandSpec.ThisChannel,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => Task.FromResult(answers.Help());
}

/// <summary>"hi", "thanks", "good morning": a short friendly answer with one hint.</summary>
internal sealed class SmallTalk : ICommand
{
    /// <summary>Every word small talk is made of; a message with any other word is about something else.</summary>
    private static readonly HashSet<string> Talk = new(StringComparer.Ordinal)
    {
        "hi", "hello", "hey", "hiya", "yo", "howdy", "heya", "thanks", "thank", "you", "thx", "ty", "tks", "cheers", "good",
        "morning", "afternoon", "evening", "night", "day", "gm", "bye", "goodbye", "later", "see", "ya", "there", "bot", "pipelinebot",
        "so", "much", "very", "a", "lot", "all", "great", "cool", "nice", "ok", "okay", "awesome", "perfect", "folks", "team",
    };

    public static CommandSpec Spec { get; } = new(
        "smalltalk",
        "small talk",
        ["hi", "thanks", "good morning"],
        new CommandGrammar()
            .Cue(5, "hi", "hello", "hey", "hiya", "yo", "howdy", "heya", "thanks", "thank you", "thx", "ty", "tks", "cheers", "good morning", "good afternoon", "good evening", "good night", "gm", "bye", "goodbye", "see ya")
            .Cue(3, "great", "cool", "nice", "ok", "okay", "awesome", "perfect")
            .Requires(a => a.Entities.Count == 0 && a.Words.All(Talk.Contains)),
        (_, _) => new Slots());

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => Task.FromResult(HelpAnswers.SmallTalk(turn));
}

/// <summary>"post alerts here": this conversation becomes the team's alert channel.</summary>
internal sealed class AlertChannel(AlertChannelAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "alert-channel",
        "post alerts here",
        ["post alerts here", "send alerts to this channel"],
        new CommandGrammar()
            .Cue(4, "alerts", "alert", "notices", "incidents")
            .Cue(3, "here", "this channel", "this chat", "this conversation", "make this")
            .Cue(2, "post", "send", "use", "put", "move", "channel")

            // It moves the team's alerts: a question about where they go ("what channel do alerts go to") must not.
            .Requires(a => a.HasAny("alerts", "alert", "notices", "incidents") && a.HasAny("post", "send", "use", "put", "move", "make")
                && (a.Has("here") || a.HasAny("channel", "chat", "conversation"))),
        (_, _) => new Slots())
    {
        Topic = CommandSpec.ThisChannel,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.AnswerAsync(turn, cancellationToken);
}

/// <summary>"web": a one-time sign-in link to the web pages.</summary>
internal sealed class Web(WebAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "web",
        "the web pages",
        ["web"],
        new CommandGrammar()
            .Cue(6, "web", "website", "web page", "web pages", "sign in", "log in", "login", "signin", "dashboard", "web app", "browser")
            .Cue(2, "link", "open", "page", "pages"),
        (_, _) => new Slots())
    {
        Topic = CommandSpec.OnCall,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.SignInLinkAsync(turn, cancellationToken);
}
