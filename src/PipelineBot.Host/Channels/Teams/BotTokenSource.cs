using Microsoft.Extensions.Options;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// The bot's own token for the Bot Connector: client credentials (the app id with its secret, or with a client
/// assertion signed by its certificate) for the <c>https://api.botframework.com/.default</c> scope, from the token
/// endpoint of the bot's tenant. Kept until 5 minutes before it expires; one fetch at a time, so a burst of replies costs
/// one token request.
/// </summary>
public sealed class BotTokenSource(IBotTokenEndpoint endpoint, IOptions<TeamsOptions> options, TimeProvider time) : IDisposable
{
    public const string Scope = "https://api.botframework.com/.default";
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _fetch = new(1, 1);
    private readonly ClientAssertion? _assertion = string.IsNullOrWhiteSpace(options.Value.CertificatePath) ? null : ClientAssertion.Load(options.Value, time);
    private (string Token, DateTimeOffset RenewAt)? _current;

    public void Dispose()
    {
        _fetch.Dispose();
        _assertion?.Dispose();
    }

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
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.AppId ?? "",
                ["scope"] = Scope,
            };
            if (_assertion is null)
            {
                form["client_secret"] = settings.AppPassword ?? "";
            }
            else
            {
                form["client_assertion_type"] = ClientAssertion.Type;
                form["client_assertion"] = _assertion.Create(settings.AppId ?? "", settings.TokenEndpointOrDefault);
            }

            BotToken? answer;
            try
            {
                answer = await endpoint.RequestTokenAsync(form, cancellationToken);
            }
            catch (HttpRequestException e) when ((int?)e.StatusCode is >= 400 and < 500)
            {
                throw new BotSignInException($"Entra ID refused the bot's sign-in at {settings.TokenEndpointOrDefault} ({(int)e.StatusCode!}). Check PipelineBot:Teams:AppId, TenantId and the credential (AppPassword or CertificatePath).", e);
            }

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

/// <summary>The token endpoint refused the bot's credential: a configuration to fix, not a request to retry.</summary>
public sealed class BotSignInException : Exception
{
    public BotSignInException()
    {
    }

    public BotSignInException(string message)
        : base(message)
    {
    }

    public BotSignInException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
