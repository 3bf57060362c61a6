using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// The issuers whose tokens the bot takes on <c>/api/messages</c>, each with its own signing keys: the Bot Framework
/// (<see cref="TeamsOptions.Issuer"/>, keys from <see cref="TeamsOptions.OpenIdMetadataUrl"/>), and Entra ID for the
/// Bot Service's tenants and the bot's own (<c>https://sts.windows.net/{tenant}/</c> for v1 tokens,
/// <c>https://login.microsoftonline.com/{tenant}/v2.0</c> for v2 ones, keys from that tenant's
/// <see cref="TeamsOptions.EntraMetadataUrl"/>), as the Microsoft 365 Agents SDK accepts by default.
/// </summary>
public sealed class TeamsIssuers(IHttpClientFactory http, IOptions<TeamsOptions> options, TimeProvider time, ILogger<OpenIdKeys> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, OpenIdKeys> _keys = new(StringComparer.Ordinal);

    /// <summary>The keys that sign <paramref name="issuer"/>'s tokens, and whether it is Entra ID; null for an issuer the bot does not take.</summary>
    public (OpenIdKeys Keys, bool IsEntra)? Find(string issuer)
    {
        var settings = options.Value;
        if (string.Equals(issuer, settings.Issuer, StringComparison.Ordinal))
        {
            return (Keys(settings.OpenIdMetadataUrl), false);
        }

        foreach (var tenant in settings.AcceptedTenants)
        {
            if (issuer == $"https://sts.windows.net/{tenant}/" || issuer == $"https://login.microsoftonline.com/{tenant}/v2.0")
            {
                return (Keys(settings.EntraMetadataUrl.Replace("{tenant}", tenant, StringComparison.Ordinal)), true);
            }
        }

        return null;
    }

    private OpenIdKeys Keys(string metadataUrl) =>
        _keys.GetOrAdd(metadataUrl, url => new OpenIdKeys(http.CreateClient(nameof(OpenIdKeys)), new Uri(url), time, logger));

    public void Dispose()
    {
        foreach (var keys in _keys.Values)
        {
            keys.Dispose();
        }
    }
}
