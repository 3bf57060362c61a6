using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Refit;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// The Bot Connector REST API (v3) calls the bot makes. The Connector has no one host: each call goes to the serviceUrl
/// of its conversation, carried as a request option that <see cref="ServiceUrlHandler"/> puts in front of the path.
/// Ids are path parameters, so Refit URL-encodes them (Teams ids hold <c>:</c>, <c>@</c> and <c>;</c>); the bot's token
/// is added to every call (<see cref="BotConnectorServiceCollectionExtensions"/>).
/// </summary>
public interface IConnectorApi
{
    [Post("/v3/conversations/{conversationId}/activities/{activityId}")]
    Task<ConnectorResource?> ReplyToActivityAsync(
        [Property(ServiceUrlHandler.Key)] string serviceUrl, string conversationId, string activityId, [Body] JsonObject activity, CancellationToken cancellationToken);

    [Post("/v3/conversations/{conversationId}/activities")]
    Task<ConnectorResource?> SendToConversationAsync(
        [Property(ServiceUrlHandler.Key)] string serviceUrl, string conversationId, [Body] JsonObject activity, CancellationToken cancellationToken);

    [Put("/v3/conversations/{conversationId}/activities/{activityId}")]
    Task<ConnectorResource?> UpdateActivityAsync(
        [Property(ServiceUrlHandler.Key)] string serviceUrl, string conversationId, string activityId, [Body] JsonObject activity, CancellationToken cancellationToken);

    [Post("/v3/conversations")]
    Task<ConnectorResource?> CreateConversationAsync([Property(ServiceUrlHandler.Key)] string serviceUrl, [Body] JsonObject parameters, CancellationToken cancellationToken);

    [Get("/v3/conversations/{conversationId}/members/{memberId}")]
    Task<ConnectorMember?> GetConversationMemberAsync(
        [Property(ServiceUrlHandler.Key)] string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken);
}

/// <summary>The Microsoft identity platform's token endpoint (the client's base address: <see cref="TeamsOptions.TokenEndpointOrDefault"/>).</summary>
public interface IBotTokenEndpoint
{
    /// <summary>A client-credentials grant: <c>grant_type</c>, <c>client_id</c>, <c>client_secret</c>, <c>scope</c>, form-encoded.</summary>
    [Post("")]
    Task<BotToken?> RequestTokenAsync([Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);
}

/// <summary>The Connector's ResourceResponse (and ConversationResourceResponse): the id of what was created or changed.</summary>
public sealed record ConnectorResource(string? Id);

/// <summary>A TeamsChannelAccount: Teams adds the email and userPrincipalName to the Connector's ChannelAccount.</summary>
public sealed record ConnectorMember(string? Id, string? Name, string? Email, string? UserPrincipalName);

/// <summary>The token endpoint's answer; without <c>expires_in</c> a token is taken to last an hour.</summary>
public sealed record BotToken(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn);
