using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// What a valid Connector token vouches for: the serviceUrl it was issued for and the channels its key endorses. A Bot
/// Framework token must name the serviceUrl; an Entra ID token may leave it out (<paramref name="ServiceUrlRequired"/>).
/// </summary>
public sealed record ConnectorIdentity(string? ServiceUrl, IReadOnlySet<string>? Endorsements, DateTimeOffset ValidTo, bool ServiceUrlRequired = true)
{
    /// <summary>The activity's own claims must match the token's: the <c>serviceUrl</c> claim, then the key's endorsements.</summary>
    public ActivityCheck Check(string? activityServiceUrl, string? channelId)
    {
        if (ServiceUrl is null ? ServiceUrlRequired : !string.Equals(ServiceUrl, activityServiceUrl, StringComparison.Ordinal))
        {
            return ActivityCheck.Unauthorized;
        }

        return Endorsements is null || (channelId is not null && Endorsements.Contains(channelId)) ? ActivityCheck.Accepted : ActivityCheck.Forbidden;
    }
}

public enum ActivityCheck
{
    Accepted,

    /// <summary>401: the token was not issued for this activity.</summary>
    Unauthorized,

    /// <summary>403: the signing key does not endorse the activity's channel (Bot Framework authentication docs).</summary>
    Forbidden,
}

/// <summary>
/// Validates the bearer JWT of a request from the Bot Connector (PROTOCOLS.md, inbound JWT): RS256 signature with a key
/// from the OpenID metadata of its issuer, one of <see cref="TeamsIssuers"/>; audience the app id or one of its
/// application id URIs (<see cref="TeamsOptions.Audiences"/>); lifetime with 5 minutes of skew. The Connector reuses a token
/// for many requests, so a validated token's result is kept, keyed by the exact token text, until it expires; the
/// activity-specific checks (<see cref="ConnectorIdentity.Check"/>) still run on every request.
/// </summary>
public sealed partial class TeamsTokenValidator(TeamsIssuers issuers, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsTokenValidator> logger)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // Enough for every token the Connector could be using at once; a flood of distinct valid tokens only costs re-validation.
    private const int MaxRemembered = 1024;

    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, ConnectorIdentity> _validated = new(StringComparer.Ordinal);

    /// <summary>The token's identity, or null when the Authorization header does not carry a valid Connector token.</summary>
    public async Task<ConnectorIdentity?> ValidateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[Scheme.Length..].Trim();
        var now = time.GetUtcNow();
        if (_validated.TryGetValue(token, out var known))
        {
            if (now <= known.ValidTo + ClockSkew)
            {
                return known;
            }

            _validated.TryRemove(token, out _);
            return null;
        }

        var identity = await ValidateNewAsync(token, cancellationToken);
        if (identity is not null)
        {
            Remember(token, identity, now);
        }

        return identity;
    }

    private async Task<ConnectorIdentity?> ValidateNewAsync(string token, CancellationToken cancellationToken)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }

        // Read before it is checked, to find the issuer's keys; a token CanReadToken accepts may still not parse.
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (string.IsNullOrEmpty(jwt.Kid) || jwt.Alg != SecurityAlgorithms.RsaSha256 || issuers.Find(jwt.Issuer) is not { } issuer)
        {
            return null;
        }

        var (keys, isEntra) = issuer;

        BotSigningKey? key;
        try
        {
            key = await keys.FindAsync(jwt.Kid, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Without the issuer's keys nothing can be trusted; the Connector retries a message it gets no 200 for.
            LogNoKeys(logger, e, jwt.Issuer);
            return null;
        }

        if (key is null)
        {
            return null;
        }

        var settings = options.Value;
        var result = await _handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudiences = settings.Audiences,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // Lifetime is checked below on the injected clock.
            ValidateLifetime = false,
            TryAllIssuerSigningKeys = false,
        });
        var now = time.GetUtcNow().UtcDateTime;
        if (!result.IsValid || jwt.ValidTo == DateTime.MinValue || now > jwt.ValidTo + ClockSkew
            || (jwt.ValidFrom != DateTime.MinValue && now < jwt.ValidFrom - ClockSkew))
        {
            return null;
        }

        var serviceUrl = jwt.TryGetPayloadValue<string>("serviceUrl", out var url) ? url : null;
        return new ConnectorIdentity(serviceUrl, key.Endorsements, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), ServiceUrlRequired: !isEntra);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams: the signing keys of {Issuer} could not be loaded, so its token was refused")]
    private static partial void LogNoKeys(ILogger logger, Exception error, string issuer);

    private void Remember(string token, ConnectorIdentity identity, DateTimeOffset now)
    {
        if (_validated.Count >= MaxRemembered)
        {
            foreach (var (old, entry) in _validated)
            {
                if (now > entry.ValidTo + ClockSkew)
                {
                    _validated.TryRemove(old, out _);
                }
            }

            if (_validated.Count >= MaxRemembered)
            {
                _validated.Clear();
            }
        }

        _validated[token] = identity;
    }
}
