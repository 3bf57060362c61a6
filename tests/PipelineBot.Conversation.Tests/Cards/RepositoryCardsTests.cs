using System.Text.Json.Nodes;
using PipelineBot.Conversation.Cards;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests.Cards;

/// <summary>
/// The bot's own templates: every <c>cards/*.json</c> as copied beside the binary, rendered with its sample data
/// <c>cards/samples/&lt;name&gt;.data.json</c> for every channel. Passes with any number of templates, zero included.
/// </summary>
public sealed class RepositoryCardsTests
{
    private static readonly CardTemplates Templates = new(CardTemplates.DefaultFolder);
    private static readonly CardRenderer Renderer = new(Templates);

    /// <summary>Every verb of every template in <c>cards/</c>: each must have a handler in the conversation core.</summary>
    public static IReadOnlyCollection<string> Verbs => Templates.Verbs;

    private static CardContent Sample(string name) => new(name, TestCards.Sample(CardTemplates.DefaultFolder, name));

    [Fact]
    public void The_templates_beside_the_binary_are_the_repositorys()
    {
        static IEnumerable<string> Files(string folder) => Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal)
            : [];

        Assert.Equal(Files(Path.Combine(RepositoryFiles.Root, "cards")), Files(CardTemplates.DefaultFolder));
        Assert.Equal(Files(Path.Combine(RepositoryFiles.Root, "cards")).Count(f => !f.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)), Templates.Names.Count);
    }

    [Fact]
    public void Every_template_has_sample_data() =>
        Assert.All(Templates.Names, name => Assert.True(File.Exists(Path.Combine(CardTemplates.DefaultFolder, "samples", $"{name}.data.json")), $"cards/samples/{name}.data.json is missing"));

    [Fact]
    public void Every_template_renders_a_valid_adaptive_card_1_5_in_both_button_styles()
    {
        var problems = Templates.Names
            .SelectMany(name => new[] { ButtonStyle.Execute, ButtonStyle.Submit }.SelectMany(style =>
                AdaptiveCardSchema.Errors(Renderer.Render(Sample(name), style, TestCards.Reader)).Select(e => $"{name} ({style}): {e}")))
            .ToList();
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_template_renders_slack_blocks_within_limits_whose_buttons_round_trip()
    {
        Assert.All(Templates.Names, name =>
        {
            var blocks = Renderer.RenderBlocks(Sample(name), TestCards.Reader);
            Assert.InRange(blocks.Count, 1, 50);
            var buttons = blocks.Where(b => b!["type"]!.GetValue<string>() == "actions").SelectMany(b => b!["elements"]!.AsArray()).OfType<JsonObject>().ToList();
            Assert.Equal(buttons.Count, buttons.Select(b => b["action_id"]!.GetValue<string>()).Distinct().Count());
            Assert.All(buttons.Where(b => b.ContainsKey("value")), b =>
                Assert.Contains(CardActions.FromSlack(b["action_id"]!.GetValue<string>(), b["value"]!.GetValue<string>())!.Value.Verb, Renderer.VerbsIn(name)));
            Assert.False(string.IsNullOrWhiteSpace(Renderer.Summary(Sample(name), TestCards.Reader)));
        });
    }
}
