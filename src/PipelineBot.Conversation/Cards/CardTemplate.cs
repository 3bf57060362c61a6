using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// One template of <c>cards/</c>, compiled once: an Adaptive Card whose strings may hold bindings (<c>${name}</c>,
/// <c>${a.b}</c>, <c>${$root.x}</c>) and whose array items may carry <c>$data</c> (repeat per entry) and <c>$when</c>
/// (keep when true) — a subset of the Adaptive Cards Templating language. Buttons are <c>Action.Execute</c> with a
/// literal <c>verb</c>, so every verb a template can send is known when it loads.
/// </summary>
public sealed class CardTemplate
{
    private readonly TemplateNode _root;

    private CardTemplate(string name, TemplateNode root, IReadOnlyCollection<string> verbs) => (Name, _root, Verbs) = (name, root, verbs);

    public string Name { get; }

    /// <summary>Every button verb of the template.</summary>
    public IReadOnlyCollection<string> Verbs { get; }

    /// <summary>Compiles a template; a problem is a <see cref="FormatException"/> naming the JSON path that has it.</summary>
    public static CardTemplate Compile(string name, JsonNode? template)
    {
        if (template is not JsonObject card || card["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
            || card["type"]!.GetValue<string>() != "AdaptiveCard")
        {
            throw new FormatException("$: a template is an object with \"type\": \"AdaptiveCard\".");
        }

        if (card["version"] is JsonValue version && !(Version.TryParse(version.ToString(), out var v) && v <= new Version(1, 5)))
        {
            throw new FormatException($"$.version: cards are Adaptive Cards 1.5 (Teams shows no later version), not {version.ToJsonString()}.");
        }

        var compiler = new TemplateCompiler();
        return new CardTemplate(name, compiler.Compile(card, "$", null, null), compiler.Verbs);
    }

    /// <summary>The card for <paramref name="data"/> and its reader: fresh nodes every time, so callers may change what they get.</summary>
    internal JsonObject Expand(JsonObject data, CardReader reader) => (JsonObject)_root.Expand(TemplateScope.Of(data, new CardWriter(reader)))!;
}
