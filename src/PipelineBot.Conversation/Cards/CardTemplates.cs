using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// Every template in a folder (<c>cards/*.json</c> beside the binary), read and compiled once. A template that is not
/// valid JSON or not a valid template stops the start with a message naming the file, rather than failing the first
/// time someone needs that card.
/// </summary>
public sealed class CardTemplates
{
    private readonly Dictionary<string, CardTemplate> _templates;

    /// <param name="folder">The folder of <c>*.json</c> templates; each is named by its file name without <c>.json</c>. A missing folder holds none.</param>
    public CardTemplates(string folder)
    {
        Folder = folder;
        _templates = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.json").Select(Load).ToDictionary(t => t.Name, StringComparer.Ordinal)
            : [];
    }

    /// <summary>Where the bot's own templates are: <c>cards/</c> beside the binary, copied there from the repository's <c>cards/</c>.</summary>
    public static string DefaultFolder { get; } = Path.Combine(AppContext.BaseDirectory, "cards");

    public string Folder { get; }

    public IReadOnlyCollection<string> Names => _templates.Keys;

    /// <summary>Every verb of every template: each must have a handler in the conversation core.</summary>
    public IReadOnlyCollection<string> Verbs => _templates.Values.SelectMany(t => t.Verbs).ToHashSet(StringComparer.Ordinal);

    public CardTemplate this[string name] => _templates.TryGetValue(name, out var template)
        ? template
        : throw new KeyNotFoundException($"There is no card template '{name}' in {Folder} (there are: {string.Join(", ", Names.Order(StringComparer.Ordinal))}).");

    private static CardTemplate Load(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        try
        {
            return CardTemplate.Compile(name, JsonNode.Parse(File.ReadAllText(file)));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new InvalidOperationException($"Card template {file} is not valid: {e.Message}", e);
        }
    }
}
