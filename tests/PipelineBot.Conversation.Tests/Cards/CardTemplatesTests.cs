using PipelineBot.Conversation.Cards;
using static PipelineBot.Conversation.Tests.Cards.TestCards;

namespace PipelineBot.Conversation.Tests.Cards;

public sealed class CardTemplatesTests
{
    private static string Problem(string template) =>
        Assert.Throws<InvalidOperationException>(() => Templates(("broken", template), ("fine", Card("")))).Message;

    [Fact]
    public void Bad_json_stops_the_load_naming_the_file()
    {
        var message = Problem("""{ "type": "AdaptiveCard", "body": [ """);
        Assert.Contains("broken.json", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "type": "TextBlock", "text": "${if(a, b, c)}" }""", "$.body[0].text")]
    [InlineData("""{ "type": "TextBlock", "text": "Hello ${name" }""", "$.body[0].text")]
    [InlineData("""{ "type": "TextBlock", "text": "${a..b}" }""", "$.body[0].text")]
    [InlineData("""{ "type": "TextBlock", "$data": "people", "text": "x" }""", "$.body[0].$data")]
    [InlineData("""{ "type": "Container", "items": [], "selectAction": { "type": "Action.OpenUrl", "url": "https://a.example", "$when": "${x}" } }""", "$.body[0].selectAction.$when")]
    [InlineData("""{ "type": "ActionSet", "actions": [ { "type": "Action.Submit", "title": "Go", "data": { "verb": "go" } } ] }""", "$.body[0].actions[0]")]
    [InlineData("""{ "type": "ActionSet", "actions": [ { "type": "Action.Execute", "title": "Go", "verb": "${verb}" } ] }""", "$.body[0].actions[0].verb")]
    [InlineData("""{ "type": "ActionSet", "actions": [ { "type": "Action.Execute", "title": "Go" } ] }""", "$.body[0].actions[0].verb")]
    [InlineData("""{ "type": "ActionSet", "actions": [ { "type": "Action.Execute", "title": "Go", "verb": "go", "data": "text" } ] }""", "$.body[0].actions[0].data")]
    [InlineData("""{ "type": "ActionSet", "actions": [ { "type": "Action.Execute", "title": "Go", "verb": "go", "data": { "verb": "other" } } ] }""", "$.body[0].actions[0].data")]
    public void A_template_it_cannot_honour_stops_the_load_naming_the_file_and_the_place(string element, string path)
    {
        var message = Problem(Card(element));
        Assert.Contains("broken.json", message, StringComparison.Ordinal);
        Assert.Contains(path + ":", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "type": "AdaptiveCard", "version": "1.6", "body": [] }""", "$.version")]
    [InlineData("""{ "type": "AdaptiveCard", "$data": "${x}", "body": [] }""", "$.$data")]
    [InlineData("""[]""", "$:")]
    [InlineData("""{ "type": "HeroCard" }""", "$:")]
    public void The_root_must_be_an_adaptive_card_of_at_most_1_5(string template, string path) =>
        Assert.Contains(path, Problem(template), StringComparison.Ordinal);

    [Fact]
    public void Each_template_is_named_by_its_file_and_only_top_level_json_files_count()
    {
        var folder = Directory.CreateTempSubdirectory("pipelinebot-cards-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "alert.json"), Card(""));
            File.WriteAllText(Path.Combine(folder.FullName, "notes.md"), "not a template");
            folder.CreateSubdirectory("samples");
            File.WriteAllText(Path.Combine(folder.FullName, "samples", "alert.data.json"), "{}");

            Assert.Equal(["alert"], new CardTemplates(folder.FullName).Names);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_folder_holds_no_templates() =>
        Assert.Empty(new CardTemplates(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))).Names);
}
