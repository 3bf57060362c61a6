using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// <c>PipelineBot:Teams</c>: the bot's Microsoft App registration and where the Bot Framework's services are. Teams is
/// enabled iff <see cref="AppId"/> is set. Every URL is configurable so tests talk real HTTP to local fakes.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "PipelineBot:Teams";

    /// <summary>The Microsoft App ID: the audience of inbound tokens and the client id of outbound ones.</summary>
    public string? AppId { get; set; }

    /// <summary>The client secret; a secret, so it comes from the environment (<c>PipelineBot__Teams__AppPassword</c>), never the file.</summary>
    public string? AppPassword { get; set; }

    /// <summary>
    /// Instead of a secret, a certificate registered on the app (many tenants forbid client secrets): a PKCS#12 file
    /// (<c>.pfx</c>/<c>.p12</c>) or a PEM file holding the certificate and its private key. The bot signs a client
    /// assertion with it (RFC 7523).
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password, if it has one (environment: <c>PipelineBot__Teams__CertificatePassword</c>).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// The bot's Entra ID tenant: its outbound tokens come from there, and its inbound tokens may be issued there.
    /// Required with <see cref="AppId"/>: bots are single-tenant since 2025; <c>botframework.com</c> names the shared
    /// tenant of a bot registered as multi-tenant before that.
    /// </summary>
    public string? TenantId { get; set; }

    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The client-credentials endpoint; by default derived from <see cref="TenantId"/>.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The Bot Framework's issuer of inbound tokens.</summary>
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>
    /// The Azure Bot Service's Entra ID tenants, whose tokens are taken beside the Bot Framework's (with the bot's own
    /// <see cref="TenantId"/>): the public cloud's, as the Bot Framework SDK and the Agents SDK list them.
    /// </summary>
    public string[] ServiceTenants { get; set; } = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    /// <summary>Entra ID's OpenID metadata of a tenant, <c>{tenant}</c> standing for its id.</summary>
    public string EntraMetadataUrl { get; set; } = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";

    /// <summary>The tenants whose Entra ID tokens are taken: the Bot Service's and the bot's own.</summary>
    public IEnumerable<string> AcceptedTenants => string.IsNullOrWhiteSpace(TenantId) ? ServiceTenants : [.. ServiceTenants, TenantId];

    /// <summary>The audiences an inbound token may name: the app id, and the two application id URIs Entra ID issues for.</summary>
    public string[] Audiences => [AppId ?? "", $"api://{AppId}", $"api://botid-{AppId}"];

    /// <summary>
    /// Pacing of sends into one conversation. The default is Teams' documented "per bot per thread limit" for Send to
    /// conversation: 7 operations per 1 s, 8 per 2 s, 60 per 30 s, 1800 per 3600 s (msteams-docs,
    /// msteams-platform/bots/how-to/rate-limit.md). An empty value turns pacing off (load tests).
    /// </summary>
    public string ConversationLimits { get; set; } = "7/1s,8/2s,60/30s,1800/1h";

    /// <summary>A conversation id for team notices when nobody has said "post alerts here" yet.</summary>
    public string? AlertConversation { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>The bot's own account id in Teams conversations.</summary>
    public string BotAccountId => $"28:{AppId}";

    public string TokenEndpointOrDefault => string.IsNullOrWhiteSpace(TokenEndpoint)
        ? $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token"
        : TokenEndpoint;

    /// <summary>Notes what is wrong with these settings, each under its key (<see cref="CheckedOptions"/>).</summary>
    internal static void Check(ConfigurationReader reader, TeamsOptions options)
    {
        PaceLimit.Check(reader, options.ConversationLimits, $"{Section}:ConversationLimits");
        if (!options.Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.TenantId))
        {
            reader.Problem($"{Section}:TenantId", "is empty: give the bot's Entra ID tenant id (bots are single-tenant since 2025), or botframework.com for a bot registered as multi-tenant before that");
        }

        var secret = !string.IsNullOrEmpty(options.AppPassword);
        var certificate = !string.IsNullOrWhiteSpace(options.CertificatePath);
        if (secret == certificate)
        {
            reader.Problem($"{Section}:AppPassword", secret
                ? $"set with {Section}:CertificatePath too; the bot signs in with one credential: keep the one registered on the app"
                : $"the bot needs a credential of its app registration: a client secret here, or a certificate in {Section}:CertificatePath");
        }
        else if (certificate && ClientAssertion.Problem(options.CertificatePath!, options.CertificatePassword) is { } problem)
        {
            reader.Problem($"{Section}:CertificatePath", problem);
        }
    }
}
