namespace PipelineBot.Conversation.Grammar;

/// <summary>The words commands are made of. A typo search for a name never eats one of them ("shift" is nobody's name).</summary>
internal static class Keywords
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "call", "oncall", "status", "runbook", "runbooks", "procedure", "procedures", "shift", "shifts", "holiday", "holidays",
        "trade", "swap", "give", "hand", "over", "handover", "offer", "accept", "decline", "reject", "withdraw", "cancel",
        "alerts", "alert", "post", "here", "help", "week", "next", "this", "now", "today", "tonight", "tomorrow", "pipeline",
        "pipelines", "mine", "rotation", "search", "find", "ack", "acknowledge", "rerun", "resolve",
    };
}
