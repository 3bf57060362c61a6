using System.Text.Json.Nodes;
using PipelineBot.Conversation.Cards;
using PipelineBot.Testing;
using static PipelineBot.Conversation.Tests.Cards.TestCards;

namespace PipelineBot.Conversation.Tests.Cards;

public sealed class CardRendererTests
{
    private static readonly CardContent Everything = new("everything", Sample(Folder, "everything"));

    private static List<JsonObject> ObjectsOfType(JsonNode? node, string type) => node switch
    {
        JsonObject obj => [.. (obj["type"]?.GetValue<string>() == type ? [obj] : Array.Empty<JsonObject>()), .. obj.SelectMany(p => ObjectsOfType(p.Value, type))],
        JsonArray array => [.. array.SelectMany(i => ObjectsOfType(i, type))],
        _ => [],
    };

    [Theory]
    [InlineData(ButtonStyle.Execute)]
    [InlineData(ButtonStyle.Submit)]
    public void The_test_template_using_every_feature_renders_a_valid_adaptive_card_1_5(ButtonStyle style)
    {
        var card = Renderer.Render(Everything, style, TestCards.Reader);
        Assert.Empty(AdaptiveCardSchema.Errors(card));
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
    }

    [Fact]
    public void Teams_buttons_stay_action_execute_each_with_an_action_submit_fallback_carrying_the_verb()
    {
        var executes = ObjectsOfType(Renderer.Render(Everything, ButtonStyle.Execute, TestCards.Reader), "Action.Execute");

        Assert.Equal(["everything.take", "everything.take", "everything.accept", "everything.decline"], executes.Select(e => e["verb"]!.GetValue<string>()));
        Assert.All(executes, execute =>
        {
            var fallback = execute["fallback"]!.AsObject();
            Assert.Equal("Action.Submit", fallback["type"]!.GetValue<string>());
            Assert.Equal(execute["title"]!.GetValue<string>(), fallback["title"]!.GetValue<string>());
            Assert.Equal((execute["verb"]!.GetValue<string>(), execute["data"]!.ToJsonString()),
                CardActions.FromSubmit(fallback["data"]!.AsObject()) is var (verb, data) ? (verb, data.ToJsonString()) : default);
        });
    }

    [Fact]
    public void Web_chat_buttons_are_action_submit_whose_data_round_trips_to_the_verb_and_data()
    {
        var execute = Renderer.Render(Everything, ButtonStyle.Execute, TestCards.Reader);
        var submit = Renderer.Render(Everything, ButtonStyle.Submit, TestCards.Reader);

        Assert.Empty(ObjectsOfType(submit, "Action.Execute"));
        var clicks = ObjectsOfType(submit, "Action.Submit").Select(s => CardActions.FromSubmit(s["data"]!.AsObject())!.Value);
        Assert.Equal(
            ObjectsOfType(execute, "Action.Execute").Select(e => (e["verb"]!.GetValue<string>(), e["data"]!.ToJsonString())),
            clicks.Select(c => (c.Verb, c.Data.ToJsonString())));
        Assert.Equal("""{"verb":"everything.accept","offerId":42,"version":3}""", ObjectsOfType(submit, "Action.Submit")[2]["data"]!.ToJsonString());
    }

    [Fact]
    public void The_summary_is_the_first_text_as_one_plain_line()
    {
        var renderer = With("t", Card("""
            { "type": "Container", "items": [ { "type": "TextBlock", "text": " " }, { "type": "TextBlock", "text": "**Incident** on ${pipeline}\nsecond line" } ] },
            { "type": "TextBlock", "text": "later" }
            """));
        Assert.Equal("Incident on growth_*daily* second line", renderer.Summary(new CardContent("t", Data("""{ "pipeline": "growth_*daily*" }""")), TestCards.Reader));
        Assert.Equal("Trade offer: Christmas Day", Renderer.Summary(Everything, TestCards.Reader));
    }

    [Fact]
    public void A_long_summary_is_cut_to_150_characters()
    {
        var summary = With("t", Card("""{ "type": "TextBlock", "text": "${text}" }""")).Summary(new CardContent("t", new JsonObject { ["text"] = new string('x', 400) }), TestCards.Reader);
        Assert.Equal(150, summary.Length);
        Assert.EndsWith("…", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbs_in_lists_every_button_verb_of_a_template_once() =>
        Assert.Equal(["everything.accept", "everything.decline", "everything.take"], Renderer.VerbsIn("everything").Order(StringComparer.Ordinal));

    [Fact]
    public void An_unknown_template_name_is_an_error_naming_it()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Renderer.Render(new CardContent("nope", []), ButtonStyle.Submit, TestCards.Reader));
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }
}
