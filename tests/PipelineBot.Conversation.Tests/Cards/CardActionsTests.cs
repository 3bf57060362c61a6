using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using PipelineBot.Conversation.Cards;

namespace PipelineBot.Conversation.Tests.Cards;

public sealed class CardActionsTests
{
    [Fact]
    public void A_submit_value_gives_its_verb_and_the_rest_as_data()
    {
        var click = CardActions.FromSubmit(new JsonObject { ["verb"] = "trade.accept", ["offerId"] = 42, ["note"] = "typed" });
        Assert.Equal(("trade.accept", """{"offerId":42,"note":"typed"}"""), (click!.Value.Verb, click.Value.Data.ToJsonString()));
    }

    [Theory]
    [InlineData("""{ "offerId": 42 }""")]
    [InlineData("""{ "verb": 7 }""")]
    [InlineData("""{ "verb": null }""")]
    [InlineData("""{ "verb": "" }""")]
    [InlineData("""{ "verb": "two words" }""")]
    [InlineData("""{ "verb": "@link" }""")]
    [InlineData("""{ "verb": { "x": 1 } }""")]
    public void A_submit_value_without_a_proper_verb_is_not_ours(string value) =>
        Assert.Null(CardActions.FromSubmit((JsonObject)JsonNode.Parse(value)!));

    [Fact]
    public void A_null_submit_value_is_not_ours() => Assert.Null(CardActions.FromSubmit(null));

    [Theory]
    [InlineData("ack#1", """{"incident":"INC-12"}""", "ack", """{"incident":"INC-12"}""")]
    [InlineData("trade.accept#12", null, "trade.accept", "{}")]
    [InlineData("trade.accept#3", "", "trade.accept", "{}")]
    [InlineData("a#b#2", null, null, null)]
    public void A_slack_button_gives_the_verb_before_the_number_and_its_value_as_data(string actionId, string? value, string? verb, string? data) =>
        Assert.Equal((verb, data), CardActions.FromSlack(actionId, value) is var (v, d) ? (v, d.ToJsonString()) : (null, null));

    [Theory]
    [InlineData("ack", "{}")]
    [InlineData("ack#", "{}")]
    [InlineData("ack#x", "{}")]
    [InlineData("ack#0", "{}")]
    [InlineData("ack#-1", "{}")]
    [InlineData("ack# 1", "{}")]
    [InlineData("#1", "{}")]
    [InlineData("@link#5", null)]
    [InlineData("ack#1", "not json")]
    [InlineData("ack#1", "[1, 2]")]
    [InlineData("ack#1", "\"text\"")]
    [InlineData("ack#1", "{\"a\": ")]
    [InlineData(null, "{}")]
    public void Anything_else_from_slack_is_not_ours(string? actionId, string? value) => Assert.Null(CardActions.FromSlack(actionId, value));

    [Fact]
    public void Garbage_never_throws() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll<string, string, string>((actionId, value, json) =>
        {
            _ = CardActions.FromSlack(actionId, value);
            _ = CardActions.FromSlack($"ack#{actionId}", json);
            _ = CardActions.FromSubmit(new JsonObject { ["verb"] = actionId, [value ?? "x"] = json });
        }));

    [Fact]
    public void Deeply_nested_slack_values_are_refused_not_thrown() =>
        Assert.Null(CardActions.FromSlack("ack#1", string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)));
}
