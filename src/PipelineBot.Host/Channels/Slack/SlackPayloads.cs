using System.Text.Json.Serialization;

namespace PipelineBot.Host.Channels.Slack;

// The parts of Slack's payloads the bot reads, as Slack names them (snake_case); everything else is ignored.

/// <summary>An Events API request: <c>url_verification</c> or an <c>event_callback</c> envelope.</summary>
internal sealed record SlackEnvelope(string? Type, string? Challenge, string? EventId, string? TeamId, SlackEvent? Event, IReadOnlyList<SlackAuthorization>? Authorizations)
{
    /// <summary>The bot's own user id in this workspace (from the envelope's authorizations).</summary>
    public string? BotUserId => Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId;
}

internal sealed record SlackAuthorization(string? UserId, bool IsBot);

/// <summary>An <c>app_mention</c> or <c>message</c> event.</summary>
internal sealed record SlackEvent(
    string? Type, string? Subtype, string? User, string? BotId, string? Text, string? Channel, string? ChannelType, string? Ts, string? ThreadTs, string? EventTs);

/// <summary>A <c>block_actions</c> interaction (the JSON in the form field <c>payload</c>).</summary>
internal sealed record SlackInteraction(
    string? Type, SlackUser? User, SlackContainer? Container, SlackChannelRef? Channel, SlackMessageRef? Message, IReadOnlyList<SlackAction>? Actions, string? ResponseUrl, string? TriggerId);

internal sealed record SlackUser(string? Id, string? Username, string? Name);

internal sealed record SlackContainer(string? Type, string? MessageTs, string? ChannelId, bool IsEphemeral, string? ThreadTs);

internal sealed record SlackChannelRef(string? Id);

internal sealed record SlackMessageRef(string? Ts, string? ThreadTs);

internal sealed record SlackAction(string? ActionId, string? Value, string? ActionTs, string? Type);

/// <summary>A Web API answer: <c>ok</c>, and on failure the <c>error</c> name (Slack answers errors with HTTP 200).</summary>
internal interface ISlackResult
{
    bool Ok { get; }

    string? Error { get; }
}

/// <summary>chat.postMessage and chat.update: the message's channel and timestamp (its id).</summary>
internal sealed record SlackPosted(bool Ok, string? Error, string? Channel, string? Ts) : ISlackResult;

/// <summary>A method that answers only whether it did it (usergroups.users.update).</summary>
internal sealed record SlackAnswer(bool Ok, string? Error) : ISlackResult;

/// <summary>conversations.open: the DM channel.</summary>
internal sealed record SlackOpened(bool Ok, string? Error, SlackChannelRef? Channel) : ISlackResult;

/// <summary>users.info and users.lookupByEmail.</summary>
internal sealed record SlackUserFound(bool Ok, string? Error, SlackUserInfo? User) : ISlackResult;

/// <param name="Locale">The user's BCP 47 locale, given only when asked for with <c>include_locale=true</c>.</param>
internal sealed record SlackUserInfo(string? Id, string? Name, string? RealName, string? Tz, bool IsBot, bool Deleted, SlackProfile? Profile, string? Locale = null);

internal sealed record SlackProfile(string? Email, string? DisplayName, string? RealName);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackEnvelope))]
[JsonSerializable(typeof(SlackInteraction))]
[JsonSerializable(typeof(SlackPosted))]
[JsonSerializable(typeof(SlackOpened))]
[JsonSerializable(typeof(SlackAnswer))]
[JsonSerializable(typeof(SlackUserFound))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class SlackJson : JsonSerializerContext;
