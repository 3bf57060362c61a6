using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PipelineBot.Host.Tests.Teams;

/// <summary>A request the fake Connector received: the path as sent on the wire (still URL-encoded), and the body.</summary>
public sealed record ConnectorRequest(string Method, string RawTarget, string? Authorization, JsonObject? Body);

/// <summary>
/// The Bot Connector and the Entra ID token endpoint, faked on one local server. The Connector records every request
/// and answers a ResourceResponse <c>{"id"}</c>; members it knows are served with their email; answers can be scripted
/// to fail first (429 with Retry-After). The token endpoint hands out numbered tokens and records the form it got; given
/// a registered certificate (<see cref="RegisterCertificate"/>), it takes only client assertions signed with it, as
/// Entra ID does, and answers anything else 401 <c>invalid_client</c>.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    public const string TokenPath = "/botframework.com/oauth2/v2.0/token";

    private readonly LocalServer _server;
    private readonly ConcurrentQueue<ConnectorRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _failures = new();
    private readonly ConcurrentDictionary<string, string> _emails = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _tokenRequests = new();
    private int _activities;
    private X509Certificate2? _certificate;

    private FakeConnector(LocalServer server) => _server = server;

    /// <summary>A serviceUrl on this server shaped like Teams' own (region and tenant in the path, trailing slash).</summary>
    public string ServiceUrl => $"{_server.BaseUrl}/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890/";

    public string TokenEndpoint => _server.BaseUrl + TokenPath;

    public IReadOnlyList<ConnectorRequest> Requests => [.. _requests];

    public IReadOnlyList<IReadOnlyDictionary<string, string>> TokenRequests => [.. _tokenRequests];

    /// <summary>The activities posted or put (not member lookups or conversation creations).</summary>
    public IReadOnlyList<ConnectorRequest> Activities => [.. _requests.Where(r => r.RawTarget.Contains("/activities", StringComparison.Ordinal))];

    public static async Task<FakeConnector> StartAsync()
    {
        FakeConnector? fake = null;
        var server = await LocalServer.StartAsync(app =>
        {
            app.MapPost(TokenPath, async (HttpContext context) =>
            {
                var form = await context.Request.ReadFormAsync();
                fake!._tokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
                if (fake._certificate is { } registered && !await IsSignedByAsync(registered, form, context.Request))
                {
                    return Results.Json(new { error = "invalid_client", error_description = "AADSTS700027: the client assertion is not signed by a registered certificate." }, statusCode: 401);
                }

                return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = $"bot-token-{fake._tokenRequests.Count}" });
            });
            app.Map("/amer/{**rest}", (Delegate)((HttpContext context) => fake!.AnswerAsync(context)));
        });
        fake = new FakeConnector(server);
        return fake;
    }

    /// <summary>The email GetConversationMember reports for a Teams account; accounts not set here are 404.</summary>
    public void Member(string accountId, string email) => _emails[accountId] = email;

    public void FailNext(int status, string? retryAfter = null) => _failures.Enqueue((status, retryAfter));

    /// <summary>The app's registered certificate: from now on a token is given only for a client assertion it signed.</summary>
    public void RegisterCertificate(X509Certificate2 certificate) => _certificate = certificate;

    /// <summary>Entra ID's checks of a client assertion: its type, the signature by the registered certificate's key
    /// (named by its SHA-256 thumbprint), the app as issuer and subject, this endpoint as audience, and its lifetime.</summary>
    private static async Task<bool> IsSignedByAsync(X509Certificate2 certificate, IFormCollection form, HttpRequest request)
    {
        if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || form.ContainsKey("client_secret"))
        {
            return false;
        }

        var handler = new JsonWebTokenHandler();
        var clientId = form["client_id"].ToString();
        var result = await handler.ValidateTokenAsync(form["client_assertion"].ToString(), new TokenValidationParameters
        {
            IssuerSigningKey = new X509SecurityKey(certificate),
            ValidIssuer = clientId,
            ValidAudience = $"{request.Scheme}://{request.Host}{request.Path}",
            ValidateLifetime = false,
            RequireExpirationTime = true,
        });
        return result.IsValid
            && result.SecurityToken is JsonWebToken jwt
            && jwt.Subject == clientId
            && jwt.TryGetHeaderValue<string>("x5t#S256", out var thumbprint)
            && thumbprint == Base64UrlEncoder.Encode(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256))
            && jwt.ValidTo - jwt.ValidFrom <= TimeSpan.FromMinutes(10);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> AnswerAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var body = context.Request.ContentLength > 0 ? JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject : null;
        _requests.Enqueue(new ConnectorRequest(context.Request.Method, raw, context.Request.Headers.Authorization, body));
        if (_failures.TryDequeue(out var failure))
        {
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            return Results.StatusCode(failure.Status);
        }

        var path = Uri.UnescapeDataString(raw);
        if (HttpMethods.IsGet(context.Request.Method) && path.Contains("/members/", StringComparison.Ordinal))
        {
            var account = path[(path.LastIndexOf("/members/", StringComparison.Ordinal) + "/members/".Length)..];
            return _emails.TryGetValue(account, out var email)
                ? Results.Json(new { id = account, name = "Someone", email, userPrincipalName = email })
                : Results.NotFound();
        }

        if (path.EndsWith("/v3/conversations", StringComparison.Ordinal))
        {
            return Results.Json(new { id = "a:created-personal-chat", activityId = "1" });
        }

        return Results.Json(new { id = $"activity-{Interlocked.Increment(ref _activities)}" });
    }
}
