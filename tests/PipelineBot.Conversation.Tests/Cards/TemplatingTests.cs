using System.Text.Json.Nodes;
using PipelineBot.Conversation.Cards;
using static PipelineBot.Conversation.Tests.Cards.TestCards;

namespace PipelineBot.Conversation.Tests.Cards;

public sealed class TemplatingTests
{
    private static JsonObject Expand(string body, string data, string actions = "") =>
        With("t", Card(body, actions)).Render(new CardContent("t", Data(data)), ButtonStyle.Submit, TestCards.Reader);

    private static string Text(JsonObject card, int element = 0) => card["body"]![element]!["text"]!.GetValue<string>();

    [Fact]
    public void A_name_and_a_dotted_path_inside_a_string_insert_their_text() =>
        Assert.Equal("Miles Lopez takes 2026-12-25 (2 days)",
            Text(Expand("""{ "type": "TextBlock", "text": "${who.name} takes ${shift.date} (${days} days)" }""",
                """{ "who": { "name": "Miles Lopez" }, "shift": { "date": "2026-12-25" }, "days": 2 }""")));

    [Fact]
    public void A_string_that_is_only_a_binding_takes_the_values_json_and_nothing_when_missing()
    {
        const string Button = """{ "type": "Action.Execute", "title": "Go", "verb": "go", "data": { "n": "${n}", "ids": "${ids}", "flag": "${flag}", "who": "${who}" } }""";
        var full = Expand("", """{ "n": 42, "ids": [1, 2], "flag": true, "who": { "id": "miles" } }""", Button);
        var empty = Expand("", "{}", Button);

        Assert.Equal("""{"verb":"go","n":42,"ids":[1,2],"flag":true,"who":{"id":"miles"}}""", full["actions"]![0]!["data"]!.ToJsonString());
        Assert.Equal("""{"verb":"go","n":"","ids":"","flag":"","who":""}""", empty["actions"]![0]!["data"]!.ToJsonString());
    }

    [Fact]
    public void Missing_names_render_as_empty_text_never_as_the_binding()
    {
        var card = Expand("""{ "type": "TextBlock", "text": "[${nobody}|${a.b.c}|${$root.none}|${list.name}]" }""", """{ "list": [1] }""");
        Assert.Equal("[|||]", Text(card));
    }

    [Fact]
    public void Data_bound_to_an_array_repeats_the_element_per_item_with_the_items_fields_and_the_root()
    {
        var card = Expand("""{ "type": "TextBlock", "$data": "${people}", "text": "${$index}: ${name} of ${$root.team}" }""",
            """{ "team": "data", "people": [ { "name": "Ana" }, { "name": "Bo" } ] }""");
        Assert.Equal(["0: Ana of data", "1: Bo of data"], card["body"]!.AsArray().Select(e => e!["text"]!.GetValue<string>()));
        Assert.All(card["body"]!.AsArray(), e => Assert.False(e!.AsObject().ContainsKey("$data")));
    }

    [Fact]
    public void Data_bound_to_an_object_scopes_the_element_and_bound_to_nothing_drops_it()
    {
        var card = Expand("""
            { "type": "TextBlock", "$data": "${owner}", "text": "${name}" },
            { "type": "TextBlock", "$data": "${nobody}", "text": "never" },
            { "type": "TextBlock", "$data": "${empty}", "text": "never" }
            """, """{ "owner": { "name": "Ana" }, "empty": [] }""");
        Assert.Equal("Ana", Assert.Single(card["body"]!.AsArray())!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("null", false)]
    [InlineData("0", false)]
    [InlineData("3", true)]
    [InlineData("\"\"", false)]
    [InlineData("\"yes\"", true)]
    [InlineData("[]", false)]
    [InlineData("[1]", true)]
    [InlineData("{}", true)]
    public void When_keeps_an_element_only_while_its_value_is_truthy(string flag, bool kept)
    {
        var card = Expand("""
            { "type": "TextBlock", "$when": "${flag}", "text": "when" },
            { "type": "TextBlock", "$when": "${!flag}", "text": "unless" }
            """, $$"""{ "flag": {{flag}} }""");
        Assert.Equal(kept ? "when" : "unless", Text(card));
        Assert.Single(card["body"]!.AsArray());
    }

    [Fact]
    public void When_is_evaluated_per_repeated_item()
    {
        var card = Expand("""{ "type": "TextBlock", "$data": "${shifts}", "$when": "${mine}", "text": "${day}" }""",
            """{ "shifts": [ { "day": "Mon", "mine": true }, { "day": "Tue", "mine": false }, { "day": "Wed", "mine": true } ] }""");
        Assert.Equal(["Mon", "Wed"], card["body"]!.AsArray().Select(e => e!["text"]!.GetValue<string>()));
    }

    [Fact]
    public void Data_that_looks_like_a_binding_or_json_stays_the_text_it_was()
    {
        const string Hostile = "${secret} \"}, {\"type\": \"Action.OpenUrl\" <at>Bo</at> <!channel>";
        var data = new JsonObject { ["name"] = Hostile, ["secret"] = "leaked" };
        var card = With("t", Card("""{ "type": "Input.Text", "id": "n", "value": "${name}" }, { "type": "Input.Text", "id": "m", "value": "x ${name}" }"""))
            .Render(new CardContent("t", data), ButtonStyle.Submit, TestCards.Reader);

        Assert.Equal(Hostile, card["body"]![0]!["value"]!.GetValue<string>());
        Assert.Equal($"x {Hostile}", card["body"]![1]!["value"]!.GetValue<string>());
        Assert.Equal(2, card["body"]!.AsArray().Count);
        Assert.DoesNotContain("leaked", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Data_in_markdown_text_is_escaped_so_it_cannot_format_or_link()
    {
        var card = Expand("""{ "type": "TextBlock", "text": "**Alert:** ${error}" }""",
            """{ "error": "**bold** _it_ [click](https://evil.example) `code`\n- item\n1. first" }""");
        Assert.Equal("**Alert:** \\*\\*bold\\*\\* \\_it\\_ \\[click\\](https://evil.example) \\`code\\`\n\\- item\n1\\. first", Text(card));
    }

    [Fact]
    public void An_element_without_bindings_is_copied_and_each_render_gets_its_own_nodes()
    {
        var renderer = With("t", Card("""{ "type": "TextBlock", "text": "static" }"""));
        var first = renderer.Render(new CardContent("t", []), ButtonStyle.Submit, TestCards.Reader);
        first["body"]![0]!["text"] = "changed";
        Assert.Equal("static", Text(renderer.Render(new CardContent("t", []), ButtonStyle.Submit, TestCards.Reader)));
    }
}
