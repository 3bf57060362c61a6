using System.Text.Json.Nodes;
using Refit;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// The Slack Web API methods the bot calls (base: <c>PipelineBot:Slack:ApiBaseUrl</c>). Writes send JSON; reads send
/// query parameters, which every read method accepts (not all of them take JSON). Slack answers 200 with
/// <c>ok:false</c> when it refuses; <see cref="SlackWebApi"/> makes that a <see cref="SlackApiException"/>.
/// </summary>
internal interface ISlackMethods
{
    [Post("/chat.postMessage")]
    Task<SlackPosted?> PostMessageAsync([Body] JsonObject message, CancellationToken cancellationToken);

    [Post("/chat.update")]
    Task<SlackPosted?> UpdateAsync([Body] JsonObject message, CancellationToken cancellationToken);

    [Post("/conversations.open")]
    Task<SlackOpened?> OpenConversationAsync([Body] JsonObject users, CancellationToken cancellationToken);

    /// <summary>users.info gives the user's locale only with <c>include_locale=true</c> (Slack's users.info reference; objs_user.locale in the Web API spec).</summary>
    [Get("/users.info?include_locale=true")]
    Task<SlackUserFound?> UserInfoAsync(string user, CancellationToken cancellationToken);

    [Get("/users.lookupByEmail")]
    Task<SlackUserFound?> LookupByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>Replaces a user group's members: <c>{ usergroup, users }</c> (comma-separated ids; scope <c>usergroups:write</c>).</summary>
    [Post("/usergroups.users.update")]
    Task<SlackAnswer?> UpdateUserGroupUsersAsync([Body] JsonObject body, CancellationToken cancellationToken);
}
