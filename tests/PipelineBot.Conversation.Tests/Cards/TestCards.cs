using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Conversation.Cards;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests.Cards;

/// <summary>Card templates for tests: the test-only ones beside these tests, or ad-hoc ones written to a fresh folder.</summary>
public static class TestCards
{
    public static string Folder { get; } = Path.Combine(RepositoryFiles.Root, "tests", "PipelineBot.Conversation.Tests", "Cards", "Templates");

    public static CardRenderer Renderer { get; } = new(new CardTemplates(Folder));

    /// <summary>One person reading in UTC, for tests whose cards hold no times or do not look at them.</summary>
    public static CardReader Reader { get; } = CardReader.Person(DateTimeZone.Utc);

    public static JsonObject Sample(string folder, string template) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "samples", $"{template}.data.json")))!;

    /// <summary>A renderer over one template, written to its own temporary folder as the bot would read it.</summary>
    public static CardRenderer With(string name, string template) => new(Templates((name, template)));

    public static CardTemplates Templates(params (string Name, string Json)[] templates)
    {
        var folder = Directory.CreateTempSubdirectory("pipelinebot-cards-").FullName;
        foreach (var (name, json) in templates)
        {
            File.WriteAllText(Path.Combine(folder, $"{name}.json"), json);
        }

        try
        {
            return new CardTemplates(folder);
        }
        finally
        {
            // Templates are read once, when they load.
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A card whose body is <paramref name="body"/> (JSON of an array's items).</summary>
    public static string Card(string body, string actions = "") =>
        $$"""{ "type": "AdaptiveCard", "version": "1.5", "body": [ {{body}} ], "actions": [ {{actions}} ] }""";

    public static JsonObject Data(string json) => (JsonObject)JsonNode.Parse(json)!;
}
