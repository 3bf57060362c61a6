using System.Text.Json.Nodes;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests.Cards;

/// <summary>The schema check itself must be able to fail, or every "validates" above proves nothing.</summary>
public sealed class AdaptiveCardSchemaTests
{
    private const string Valid = """{ "type": "AdaptiveCard", "version": "1.5", "body": [ { "type": "TextBlock", "text": "hi" } ] }""";

    private static string Sample(string name) => File.ReadAllText(RepositoryFiles.Fixture($"adaptivecards/samples/{name}"));

    [Theory]
    [InlineData("v1.3-Elements-Action.Submit.json")]
    [InlineData("v1.4-Elements-Action.Execute.json")]
    [InlineData("v1.4-Elements-AdaptiveCard.Refresh.json")]
    [InlineData("v1.4-Tests-Action.Execute.With.Validation.json")]
    public void The_official_samples_validate(string sample) => Assert.Empty(AdaptiveCardSchema.Errors(Sample(sample)));

    [Fact]
    public void The_official_inputs_sample_fails_only_for_its_1_6_role_property()
    {
        var card = JsonNode.Parse(Sample("v1.5-Scenarios-InputsWithValidation.json"))!;
        Assert.Contains(AdaptiveCardSchema.Errors(card), e => e.Contains("'role'", StringComparison.Ordinal));

        var roles = Roles(card).ToList();
        Assert.NotEmpty(roles);
        roles.ForEach(holder => holder.Remove("role"));
        Assert.Empty(AdaptiveCardSchema.Errors(card));
    }

    [Fact]
    public void A_minimal_card_validates() => Assert.Empty(AdaptiveCardSchema.Errors(Valid));

    [Theory]
    [InlineData("\"TextBlock\"", "\"Marquee\"")]
    [InlineData("\"version\": \"1.5\"", "\"version\": 1.5")]
    [InlineData("\"text\": \"hi\"", "\"text\": \"hi\", \"$when\": \"${x}\"")]
    [InlineData("\"AdaptiveCard\"", "\"HeroCard\"")]
    public void An_invalid_card_fails(string part, string replacement) =>
        Assert.NotEmpty(AdaptiveCardSchema.Errors(Valid.Replace(part, replacement, StringComparison.Ordinal)));

    private static IEnumerable<JsonObject> Roles(JsonNode? node) => node switch
    {
        JsonObject obj => (obj.ContainsKey("role") ? [obj] : Array.Empty<JsonObject>()).Concat(obj.SelectMany(p => Roles(p.Value))),
        JsonArray array => array.SelectMany(Roles),
        _ => [],
    };
}
