using System.Text.Json.Nodes;

// TEMPORARY: the documented shape of the cards helper's CardRenderer and CardActions (see the helper brief), so the
// Slack channel builds before the cards branch lands on main. Deleted when it does.
namespace PipelineBot.Conversation.Cards;

public sealed class CardRenderer
{
    public JsonArray RenderBlocks(CardContent content) =>
        [new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = content.Template } },
         new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = "ack#0", ["value"] = content.Data.ToJsonString(), ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Ack" } }) }];

    public string Summary(CardContent content) => content.Template;
}

public static class CardActions
{
    public static (string Verb, JsonObject Data)? FromSlack(string actionId, string? value)
    {
        var hash = actionId.IndexOf('#', StringComparison.Ordinal);
        return hash < 1 ? null : (actionId[..hash], value is null ? [] : JsonNode.Parse(value) as JsonObject ?? []);
    }
}
