using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Infrastructure.Airflow;

/// <summary>
/// The credentials for each request. Airflow 2: basic auth with the configured account. Airflow 3: a JWT from
/// <c>POST /auth/token</c>, kept until shortly before the <c>exp</c> it carries (a token without one for
/// <see cref="AirflowClient.UndatedTokenLifetime"/>), fetched one at a time so a burst of calls costs one sign-in.
/// </summary>
internal sealed class AirflowSignIn(IAirflowApi api, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _fetch = new(1, 1);
    private HeldToken? _current;

    public void Dispose() => _fetch.Dispose();

    public async Task<AuthenticationHeaderValue> CredentialsAsync(AirflowOptions settings, CancellationToken cancellationToken)
    {
        if (settings.ApiVersion != 3)
        {
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));
        }

        return new AuthenticationHeaderValue("Bearer", await TokenAsync(settings, cancellationToken));
    }

    /// <summary>Drops a token Airflow refused; true when a fresh one may help (a bearer token), false for basic auth.</summary>
    public bool Forget(AuthenticationHeaderValue refused)
    {
        if (refused.Scheme != "Bearer")
        {
            return false;
        }

        var held = _current;
        if (held is not null && held.Token == refused.Parameter)
        {
            // Only that token: another caller may already have replaced it with a good one.
            Interlocked.CompareExchange(ref _current, null, held);
        }

        return true;
    }

    private async Task<string> TokenAsync(AirflowOptions settings, CancellationToken cancellationToken)
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

            var login = new JsonObject { ["username"] = settings.Username, ["password"] = settings.Password };
            var answer = await AirflowAnswer.ReadAsync(api.SignInAsync(login, cancellationToken), cancellationToken);
            var token = answer.Json()["access_token"] is JsonValue v && v.TryGetValue(out string? t) && t.Length > 0
                ? t
                : throw answer.Unexpected("an access_token");
            _current = new HeldToken(token, RenewAt(token, time.GetUtcNow()));
            return token;
        }
        finally
        {
            _fetch.Release();
        }
    }

    private static DateTimeOffset RenewAt(string token, DateTimeOffset now)
    {
        if (Expiry(token) is not { } expiry)
        {
            return now + AirflowClient.UndatedTokenLifetime;
        }

        // A short-lived token is renewed half-way, so it is still used at least once.
        var lifetime = expiry - now;
        return expiry - (lifetime > RenewBefore * 2 ? RenewBefore : lifetime / 2);
    }

    /// <summary>The JWT's <c>exp</c>; null for a token that is not a JWT or has none. The signature is Airflow's business.</summary>
    private static DateTimeOffset? Expiry(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return claims.RootElement.ValueKind == JsonValueKind.Object
                && claims.RootElement.TryGetProperty("exp", out var exp)
                && exp.TryGetDouble(out var seconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private sealed record HeldToken(string Token, DateTimeOffset RenewAt);
}
