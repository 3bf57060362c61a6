namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// Sends a Connector call to its conversation's serviceUrl. Teams gives each conversation its own (a region and a tenant
/// in the path, like <c>https://smba.trafficmanager.net/amer/…/</c>), so the Refit client cannot have one base address:
/// it is built on <see cref="Placeholder"/>, each call carries the serviceUrl as the request option <see cref="Key"/>,
/// and this handler puts it in front of the path. One client thus serves every serviceUrl, with HttpClient's connection
/// pool per host, where a client per serviceUrl would be a cache of clients to bound and expire.
/// </summary>
internal sealed class ServiceUrlHandler : DelegatingHandler
{
    public const string Key = "serviceUrl";

    /// <summary>The base address Refit requires; no request leaves with it.</summary>
    public static readonly Uri Placeholder = new("https://serviceurl.invalid/");

    private static readonly HttpRequestOptionsKey<string> Option = new(Key);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Option, out var serviceUrl) || request.RequestUri is null)
        {
            throw new InvalidOperationException("A Connector call without its conversation's serviceUrl.");
        }

        request.RequestUri = new Uri(serviceUrl.TrimEnd('/') + request.RequestUri.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }
}
