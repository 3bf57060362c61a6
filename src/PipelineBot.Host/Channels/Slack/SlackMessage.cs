using System.Text.Json.Nodes;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>A message as Slack takes it: mrkdwn <see cref="Text"/> (the whole message, or the notification fallback of <see cref="Blocks"/>).</summary>
internal sealed record SlackMessage(string Text, JsonArray? Blocks = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["text"] = Text };
        if (Blocks is not null)
        {
            json["blocks"] = Blocks.DeepClone();
        }

        return json;
    }
}
