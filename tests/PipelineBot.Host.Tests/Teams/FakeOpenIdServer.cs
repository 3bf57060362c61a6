using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PipelineBot.Host.Tests.Teams;

/// <summary>
/// The Bot Framework's OpenID metadata and JWKS, and Entra ID's of each tenant (<c>/{tenant}/v2.0/…</c>), published by
/// a local server with RSA keys made in the test, and the signer of real tokens with those keys (or with keys it does
/// not publish, for forgeries).
/// </summary>
public sealed class FakeOpenIdServer : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";

    private static readonly string[] Rs256 = ["RS256"];
    private static readonly string[] PrivateKeyJwt = ["private_key_jwt"];

    private readonly LocalServer _server;
    private readonly List<(RsaSecurityKey Key, string[]? Endorsements)> _published = [];
    private readonly Dictionary<string, List<RsaSecurityKey>> _tenantKeys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _keyRequests;

    private FakeOpenIdServer(LocalServer server) => _server = server;

    public string MetadataUrl => $"{_server.BaseUrl}/v1/.well-known/openidconfiguration";

    /// <summary>What <c>PipelineBot:Teams:EntraMetadataUrl</c> is set to: a tenant's metadata, <c>{tenant}</c> standing for its id.</summary>
    public string EntraMetadataUrl => $"{_server.BaseUrl}/{{tenant}}/v2.0/.well-known/openid-configuration";

    /// <summary>How many times the key set was fetched.</summary>
    public int KeyRequests => Volatile.Read(ref _keyRequests);

    public static async Task<FakeOpenIdServer> StartAsync()
    {
        FakeOpenIdServer? fake = null;
        var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext context) => Results.Json(new
            {
                issuer = Issuer,
                authorization_endpoint = "https://invalid.botframework.com/v1/auth",
                jwks_uri = $"{context.Request.Scheme}://{context.Request.Host}/v1/.well-known/keys",
                id_token_signing_alg_values_supported = Rs256,
                token_endpoint_auth_methods_supported = PrivateKeyJwt,
            }));
            app.MapGet("/v1/.well-known/keys", () => Results.Text(fake!.KeySet().ToJsonString(), "application/json"));
            app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpContext context) => Results.Json(new
            {
                issuer = $"https://login.microsoftonline.com/{tenant}/v2.0",
                jwks_uri = $"{context.Request.Scheme}://{context.Request.Host}/{tenant}/discovery/v2.0/keys",
                id_token_signing_alg_values_supported = Rs256,
            }));
            app.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) => Results.Text(fake!.TenantKeySet(tenant).ToJsonString(), "application/json"));
        });
        fake = new FakeOpenIdServer(server);
        return fake;
    }

    /// <summary>Makes a new key; published ones are served from the JWKS from now on.</summary>
    public static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    public void Publish(RsaSecurityKey key, string[]? endorsements = null)
    {
        lock (_gate)
        {
            _published.Add((key, endorsements));
        }
    }

    /// <summary>Publishes a key in a tenant's Entra ID key set.</summary>
    public void PublishInTenant(string tenant, RsaSecurityKey key)
    {
        lock (_gate)
        {
            if (!_tenantKeys.TryGetValue(tenant, out var keys))
            {
                _tenantKeys[tenant] = keys = [];
            }

            keys.Add(key);
        }
    }

    /// <param name="serviceUrl">The <c>serviceUrl</c> claim; null leaves it out, as an Entra ID token may.</param>
    public static string Token(RsaSecurityKey key, DateTimeOffset now, string audience, string? serviceUrl, string issuer = Issuer, TimeSpan? lifetime = null)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromHours(1))).UtcDateTime,
            Claims = serviceUrl is null ? null : new Dictionary<string, object> { ["serviceUrl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private JsonObject TenantKeySet(string tenant)
    {
        lock (_gate)
        {
            return new JsonObject { ["keys"] = new JsonArray([.. _tenantKeys.GetValueOrDefault(tenant, []).Select(Jwk)]) };
        }
    }

    private static JsonObject Jwk(RsaSecurityKey key)
    {
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    private JsonObject KeySet()
    {
        Interlocked.Increment(ref _keyRequests);
        var keys = new JsonArray();
        lock (_gate)
        {
            foreach (var (key, endorsements) in _published)
            {
                var jwk = Jwk(key);
                if (endorsements is not null)
                {
                    jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => JsonValue.Create(e))]);
                }

                keys.Add(jwk);
            }
        }

        return new JsonObject { ["keys"] = keys };
    }
}
