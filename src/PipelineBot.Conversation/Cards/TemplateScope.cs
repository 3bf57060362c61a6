using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// What names in a template refer to: the card's data (<c>$root</c>), the current item (<c>$data</c>) and its index;
/// and the writer that turns data into text for the card's reader.
/// </summary>
internal sealed record TemplateScope(JsonNode? Root, JsonNode? Data, int Index, CardWriter Writer)
{
    public static TemplateScope Of(JsonObject data, CardWriter writer) => new(data, data, 0, writer);

    public TemplateScope Item(JsonNode? item, int index) => this with { Data = item, Index = index };
}
