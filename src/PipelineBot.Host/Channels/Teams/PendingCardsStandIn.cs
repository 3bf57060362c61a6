using System.Text.Json.Nodes;

// STAND-IN until the cards branch (PipelineBot.Conversation.Cards) is on main: the announced shapes of CardRenderer,
// ButtonStyle and CardActions, just enough for the Teams channel to compile and be tested. Delete this file when
// merging the real ones (they have the same names, so the build says so at once).
namespace PipelineBot.Conversation.Cards;

public enum ButtonStyle
{
    Execute,
    Submit,
}

public sealed class CardRenderer
{
    public JsonObject Render(CardContent content, ButtonStyle style)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = content.Template, ["wrap"] = true }),
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = style == ButtonStyle.Execute ? "Action.Execute" : "Action.Submit",
                ["title"] = "OK",
                ["verb"] = "ok",
                ["data"] = content.Data.DeepClone(),
            }),
        };
    }
}

public static class CardActions
{
    public static (string Verb, JsonObject Data)? FromSubmit(JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value["verb"] is not JsonValue verb || !verb.TryGetValue<string>(out var name))
        {
            return null;
        }

        var data = value.DeepClone().AsObject();
        data.Remove("verb");
        return (name, data);
    }
}
