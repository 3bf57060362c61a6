using Microsoft.Extensions.Options;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// The bot's own token for the Bot Connector: client credentials (app id and password) for the
/// <c>https://api.botframework.com/.default</c> scope. Kept until 5 minutes before it expires; one fetch at a time, so a
/// burst of replies costs one token request.
/// </summary>
public sealed class BotTokenSource(IBotTokenEndpoint endpoint, IOptions<TeamsOptions> options, TimeProvider time) : IDisposable
{
    public const string Scope = "https://api.botframework.com/.default";
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _fetch = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _current;

    public void Dispose() => _fetch.Dispose();

    public async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } held && time.GetUtcNow() < held.RenewAt)
        {
            return held.Token;
        }

        await _fetch.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fresh && time.GetUtcNow() < fresh.RenewAt)
            {
                return fresh.Token;
            }

            var settings = options.Value;
            var answer = await endpoint.RequestTokenAsync(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = settings.AppId ?? "",
                    ["client_secret"] = settings.AppPassword ?? "",
                    ["scope"] = Scope,
                },
                cancellationToken);
            var token = answer?.AccessToken ?? throw new InvalidOperationException("The token endpoint answered without an access_token.");
            var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn ?? 3600);
            _current = (token, time.GetUtcNow() + lifetime - RenewBefore);
            return token;
        }
        finally
        {
            _fetch.Release();
        }
    }
}
