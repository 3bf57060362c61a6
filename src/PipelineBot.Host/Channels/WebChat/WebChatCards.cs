using System.Text.Json.Nodes;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// Cards in the web chat: Adaptive Cards whose buttons are <c>Action.Submit</c>. Web Chat sends a click as a message
/// whose <c>value</c> is the button's data and says nothing about which activity held the card, so each button's data
/// also carries that activity's id under <see cref="ActivityKey"/>: the bot needs it to replace the clicked card in
/// place (Web Chat replaces an activity it already shows when one with the same id arrives).
/// </summary>
internal sealed class WebChatCards(CardRenderer renderer)
{
    public const string ActivityKey = "webchat:activityId";

    public JsonArray Attachments(CardContent card, string activityId, CardReader reader)
    {
        var content = renderer.Render(card, ButtonStyle.Submit, reader);
        Stamp(content, activityId);
        return [new JsonObject { ["contentType"] = WebChatActivities.AdaptiveCard, ["content"] = content }];
    }

    /// <summary>The verb and data of a click, and the activity whose card was clicked; null when it is not one of our buttons.</summary>
    public static (string Verb, JsonObject Data, string? ActivityId)? ReadClick(JsonObject value)
    {
        var data = (JsonObject)value.DeepClone();
        var activityId = data[ActivityKey] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null;
        data.Remove(ActivityKey);
        return CardActions.FromSubmit(data) is { } click ? (click.Verb, click.Data, activityId) : null;
    }

    private static void Stamp(JsonNode? node, string activityId)
    {
        switch (node)
        {
            case JsonObject element:
                if (element["type"] is JsonValue type && type.TryGetValue<string>(out var name) && name == "Action.Submit" && element["data"] is JsonObject data)
                {
                    data[ActivityKey] = activityId;
                }

                foreach (var (_, child) in element)
                {
                    Stamp(child, activityId);
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Stamp(item, activityId);
                }

                break;
        }
    }
}
