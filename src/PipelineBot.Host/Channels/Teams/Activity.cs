using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// The parts of a Bot Framework activity (Connector API v3) the bot reads. Unknown fields are ignored: Teams adds new
/// ones over time. Read with <see cref="JsonSerializerOptions.Web"/> (camelCase).
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ChannelId { get; init; }
    public string? ServiceUrl { get; init; }
    public ActivityAccount? From { get; init; }
    public ActivityConversation? Conversation { get; init; }
    public ActivityAccount? Recipient { get; init; }
    public string? Text { get; init; }
    public JsonNode? Value { get; init; }
    public string? ReplyToId { get; init; }
    public string? Action { get; init; }
    public string? LocalTimezone { get; init; }
    public string? Locale { get; init; }
    public IReadOnlyList<JsonObject?>? Entities { get; init; }
    public IReadOnlyList<ActivityAccount?>? MembersAdded { get; init; }
    public IReadOnlyList<ActivityAccount?>? MembersRemoved { get; init; }
    public JsonObject? ChannelData { get; init; }

    [JsonIgnore]
    public string? TenantId => Conversation?.TenantId ?? TextAt(ChannelData, "tenant", "id");

    /// <summary>The client's time zone: <c>localTimezone</c>, else the <c>clientInfo</c> entity's <c>timezone</c>.</summary>
    [JsonIgnore]
    public string? ClientTimeZone => LocalTimezone ?? TextAt(ClientInfo, "timezone");

    /// <summary>The client's locale (BCP 47): the activity's <c>locale</c>, else the <c>clientInfo</c> entity's.</summary>
    [JsonIgnore]
    public string? ClientLocale => Locale ?? TextAt(ClientInfo, "locale");

    /// <summary>The entities that are objects: a null in the list is skipped as Teams never sends one.</summary>
    [JsonIgnore]
    public IEnumerable<JsonObject> EntityObjects => Entities?.OfType<JsonObject>() ?? [];

    private JsonObject? ClientInfo => EntityObjects.FirstOrDefault(e => Is(e, "clientInfo"));

    internal static bool Is(JsonObject entity, string type) => TextAt(entity, "type") == type;

    /// <summary>
    /// The string at <paramref name="path"/> in the free-form parts of an activity (entities, channel data, an invoke's
    /// value), or null when any step is missing or of another type: those parts are the sender's to shape, and a
    /// stray shape is read as absent rather than failing the turn.
    /// </summary>
    internal static string? TextAt(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
        }

        return node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
    }
}

public sealed record ActivityAccount(string? Id, string? Name);

public sealed record ActivityConversation(string? Id, string? ConversationType, string? TenantId, string? Name, bool? IsGroup);
