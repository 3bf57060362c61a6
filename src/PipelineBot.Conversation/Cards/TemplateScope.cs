using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Cards;

/// <summary>What names in a template refer to: the card's data (<c>$root</c>), the current item (<c>$data</c>) and its index.</summary>
internal sealed record TemplateScope(JsonNode? Root, JsonNode? Data, int Index)
{
    public static TemplateScope Of(JsonObject data) => new(data, data, 0);

    public TemplateScope Item(JsonNode? item, int index) => this with { Data = item, Index = index };
}
