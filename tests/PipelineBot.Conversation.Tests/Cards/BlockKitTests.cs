using System.Text.Json.Nodes;
using PipelineBot.Conversation.Cards;
using static PipelineBot.Conversation.Tests.Cards.TestCards;

namespace PipelineBot.Conversation.Tests.Cards;

public sealed class BlockKitTests
{
    private static readonly CardContent Everything = new("everything", Sample(Folder, "everything"));

    private static JsonArray Blocks(string body, string data = "{}", string actions = "") =>
        With("t", Card(body, actions)).RenderBlocks(new CardContent("t", Data(data)), TestCards.Reader);

    private static string Text(JsonNode? block) => block!["text"]!["text"]!.GetValue<string>();

    [Fact]
    public void Each_element_becomes_its_block_kind_with_containers_and_columns_flattened()
    {
        var blocks = Renderer.RenderBlocks(Everything, TestCards.Reader);

        Assert.Equal(["header", "section", "section", "section", "section", "section", "image", "section", "actions", "actions"],
            blocks.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal("Trade offer: Christmas Day", Text(blocks[0]));
        Assert.Equal("Offered by *Miles Lopez* for 2026-12-25", Text(blocks[1]));
        Assert.Equal(["*Shift*\nChristmas Day 2026", "*In exchange*\nNew Year's Day 2027"], blocks[2]!["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()));
        Assert.Equal("Person 1: Jackson (team data-eng)", Text(blocks[5]));
        Assert.Equal(("https://example.com/miles.png", "Avatar of Miles Lopez"), (blocks[6]!["image_url"]!.GetValue<string>(), blocks[6]!["alt_text"]!.GetValue<string>()));
        Assert.Equal("<https://example.com/runbooks/profit|Runbook>", Text(blocks[7]));
    }

    [Fact]
    public void Buttons_have_unique_verb_numbered_action_ids_and_their_data_as_value_round_tripping_through_from_slack()
    {
        var buttons = Renderer.RenderBlocks(Everything, TestCards.Reader).Where(b => b!["type"]!.GetValue<string>() == "actions").SelectMany(b => b!["elements"]!.AsArray()).ToList();

        Assert.Equal(["everything.take#1", "everything.take#2", "everything.accept#3", "everything.decline#4", "@link#5"],
            buttons.Select(b => b!["action_id"]!.GetValue<string>()));
        Assert.Equal(["Take Dec 24", "Take Dec 25", "Accept", "Decline", "Open schedule"], buttons.Select(b => b!["text"]!["text"]!.GetValue<string>()));
        Assert.All(buttons, b => Assert.Equal("plain_text", b!["text"]!["type"]!.GetValue<string>()));
        Assert.Equal(["primary", "danger"], buttons.Skip(2).Take(2).Select(b => b!["style"]!.GetValue<string>()));
        Assert.Equal("https://example.com/schedule", buttons[4]!["url"]!.GetValue<string>());

        var click = CardActions.FromSlack(buttons[2]!["action_id"]!.GetValue<string>(), buttons[2]!["value"]!.GetValue<string>());
        Assert.Equal(("everything.accept", """{"offerId":42,"version":3}"""), (click!.Value.Verb, click.Value.Data.ToJsonString()));
        Assert.Equal(("everything.take", """{"shiftId":12,"offerId":42}"""),
            CardActions.FromSlack(buttons[1]!["action_id"]!.GetValue<string>(), buttons[1]!["value"]!.GetValue<string>()) is var (verb, data) ? (verb, data.ToJsonString()) : default);
        Assert.Null(CardActions.FromSlack(buttons[4]!["action_id"]!.GetValue<string>(), null));
    }

    [Fact]
    public void A_button_value_is_compact_json_that_reads_back_exactly()
    {
        const string Note = "José's \"quote\" <b> & \\ 日本";
        var button = Blocks("", new JsonObject { ["note"] = Note }.ToJsonString(),
            """{ "type": "Action.Execute", "title": "Go", "verb": "go", "data": { "note": "${note}", "n": 1 } }""")[0]!["elements"]![0]!;
        var value = button["value"]!.GetValue<string>();

        Assert.Contains("José", value, StringComparison.Ordinal);
        Assert.Equal(Note, CardActions.FromSlack(button["action_id"]!.GetValue<string>(), value)!.Value.Data["note"]!.GetValue<string>());
    }

    [Fact]
    public void Card_text_can_never_mention_anyone_or_link_anywhere_in_slack()
    {
        const string Hostile = "<!channel> <@U123> <https://evil.example|click> & **x** [y](https://evil.example)";
        var blocks = Blocks("""
            { "type": "TextBlock", "text": "Error: ${e}" },
            { "type": "FactSet", "facts": [ { "title": "${e}", "value": "${e}" } ] },
            { "type": "RichTextBlock", "inlines": [ { "type": "TextRun", "text": "${e}" } ] }
            """, new JsonObject { ["e"] = Hostile }.ToJsonString());

        const string Inert = "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; **x** [y](https://evil.example)";
        Assert.Equal($"Error: {Inert}", Text(blocks[0]));
        Assert.Equal($"*{Inert}*\n{Inert}", blocks[1]!["fields"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(Inert, Text(blocks[2]));
    }

    [Fact]
    public void A_link_is_kept_only_for_web_and_mail_addresses() =>
        Assert.Equal("<https://a.example/x?a=1&amp;b=2|runbook> and script", Text(Blocks("""{ "type": "TextBlock", "text": "[runbook](https://a.example/x?a=1&b=2) and [script](javascript:alert(1\\))" }""")[0]));

    [Fact]
    public void Hidden_elements_and_elements_slack_cannot_show_are_left_out() =>
        Assert.Equal(["section"], Blocks("""
            { "type": "TextBlock", "text": "hidden", "isVisible": false },
            { "type": "Input.Text", "id": "note" },
            { "type": "TextBlock", "text": "shown" }
            """).Select(b => b!["type"]!.GetValue<string>()));

    [Fact]
    public void Texts_are_cut_to_slacks_limits()
    {
        var blocks = Blocks("""
            { "type": "TextBlock", "text": "${long}", "style": "heading" },
            { "type": "TextBlock", "text": "${long}" },
            { "type": "FactSet", "facts": [ { "title": "t", "value": "${long}" } ] }
            """, new JsonObject { ["long"] = new string('a', 5000) }.ToJsonString(),
            """{ "type": "Action.Execute", "title": "${long}", "verb": "go" }""");

        Assert.Equal(150, Text(blocks[0]).Length);
        Assert.Equal(3000, Text(blocks[1]).Length);
        Assert.Equal(2000, blocks[2]!["fields"]![0]!["text"]!.GetValue<string>().Length);
        Assert.Equal(75, blocks[3]!["elements"]![0]!["text"]!["text"]!.GetValue<string>().Length);
    }

    [Fact]
    public void Eleven_facts_take_two_sections_and_thirty_buttons_two_actions_blocks()
    {
        var blocks = Blocks("""{ "type": "FactSet", "facts": [ { "$data": "${items}", "title": "${n}", "value": "v" } ] }""",
            new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(1, 30).Select(n => (JsonNode)new JsonObject { ["n"] = n })]) }.ToJsonString(),
            """{ "type": "Action.Execute", "$data": "${items}", "title": "B${n}", "verb": "go", "data": { "n": "${n}" } }""");

        Assert.Equal([10, 10, 10], blocks.Take(3).Select(b => b!["fields"]!.AsArray().Count));
        Assert.Equal([25, 5], blocks.Skip(3).Select(b => b!["elements"]!.AsArray().Count));
        Assert.Equal(30, blocks.Skip(3).SelectMany(b => b!["elements"]!.AsArray()).Select(e => e!["action_id"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public void A_card_over_fifty_blocks_loses_text_but_keeps_its_buttons()
    {
        var blocks = Blocks("""{ "type": "TextBlock", "$data": "${lines}", "text": "${$data}" }""",
            new JsonObject { ["lines"] = new JsonArray([.. Enumerable.Range(1, 60).Select(n => (JsonNode)$"line {n}")]) }.ToJsonString(),
            """{ "type": "Action.Execute", "title": "Ack", "verb": "ack" }""");

        Assert.Equal(50, blocks.Count);
        Assert.Equal("line 49", Text(blocks[48]));
        Assert.Equal("ack#1", blocks[49]!["elements"]![0]!["action_id"]!.GetValue<string>());
    }

    [Fact]
    public void Button_data_over_slacks_2000_characters_is_refused_rather_than_sent_to_fail()
    {
        var renderer = With("t", Card("", """{ "type": "Action.Execute", "title": "Go", "verb": "go", "data": { "note": "${note}" } }"""));
        var error = Assert.Throws<InvalidOperationException>(() => renderer.RenderBlocks(new CardContent("t", new JsonObject { ["note"] = new string('n', 2000) }), TestCards.Reader));
        Assert.Contains("'go'", error.Message, StringComparison.Ordinal);
    }
}
