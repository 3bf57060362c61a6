using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Testing.Airflow;

/// <summary>
/// The JWTs of the fake Airflow 3: signed HS512 with a key of its own, as Airflow's API server signs with its JWT secret,
/// with an <c>exp</c> on the fake's clock. A new key (<see cref="Rotate"/>) makes every earlier token fail, as a restart
/// with a new secret does.
/// </summary>
internal sealed class FakeAirflowTokens(TimeProvider time)
{
    private byte[] _key = RandomNumberGenerator.GetBytes(64);

    public int Issued { get; private set; }

    public string Issue(string subject, TimeSpan? lifetime)
    {
        var now = time.GetUtcNow();
        var claims = new JsonObject
        {
            ["sub"] = subject,
            ["aud"] = "apache-airflow",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (lifetime is { } life)
        {
            claims["exp"] = (now + life).ToUnixTimeSeconds();
        }

        var unsigned = $"{Encode("""{"alg":"HS512","typ":"JWT"}""")}.{Encode(claims.ToJsonString())}";
        Issued++;
        return $"{unsigned}.{Base64Url.EncodeToString(HMACSHA512.HashData(_key, Encoding.ASCII.GetBytes(unsigned)))}";
    }

    public bool Accepts(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            var expected = HMACSHA512.HashData(_key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
            {
                return false;
            }

            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return !claims.RootElement.TryGetProperty("exp", out var exp) || time.GetUtcNow().ToUnixTimeSeconds() < exp.GetInt64();
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public void Rotate() => _key = RandomNumberGenerator.GetBytes(64);

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
