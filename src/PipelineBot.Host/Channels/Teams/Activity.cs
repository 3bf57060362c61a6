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
    public IReadOnlyList<JsonObject>? Entities { get; init; }
    public IReadOnlyList<ActivityAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ActivityAccount>? MembersRemoved { get; init; }
    public JsonObject? ChannelData { get; init; }

    [JsonIgnore]
    public string? TenantId => Conversation?.TenantId ?? ChannelData?["tenant"]?["id"]?.GetValue<string>();

    /// <summary>The client's time zone: <c>localTimezone</c>, else the <c>clientInfo</c> entity's <c>timezone</c>.</summary>
    [JsonIgnore]
    public string? ClientTimeZone => LocalTimezone ?? Entities?.FirstOrDefault(e => Is(e, "clientInfo"))?["timezone"]?.GetValue<string>();

    /// <summary>The client's locale (BCP 47): the activity's <c>locale</c>, else the <c>clientInfo</c> entity's.</summary>
    [JsonIgnore]
    public string? ClientLocale => Locale ?? Entities?.FirstOrDefault(e => Is(e, "clientInfo"))?["locale"]?.GetValue<string>();

    internal static bool Is(JsonObject entity, string type) => entity["type"] is JsonValue v && v.TryGetValue<string>(out var t) && t == type;
}

public sealed record ActivityAccount(string? Id, string? Name);

public sealed record ActivityConversation(string? Id, string? ConversationType, string? TenantId, string? Name, bool? IsGroup);
