using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>What a Direct Line token lets its bearer do: speak in one conversation, as one member, until it expires.</summary>
internal sealed record DirectLineGrant(string ConversationId, string MemberId, DateTimeOffset Expires);

/// <summary>
/// Issues and reads the web chat's Direct Line tokens: JWTs signed with HMAC-SHA256 under a key drawn at random when the
/// process starts, so they cannot be forged and die with the process (as its in-memory conversations do). The member
/// named in a token is the speaker of everything posted with it. The claim <c>user</c> is the one Web Chat and
/// DirectLineJS read to learn the user id, so the page never has to pass one.
/// </summary>
internal sealed class DirectLineTokens(TimeProvider time)
{
    /// <summary>The Direct Line service's lifetime: DirectLineJS refreshes a token halfway through it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public static int ExpiresInSeconds => (int)Lifetime.TotalSeconds;

    public string Issue(string conversationId, string memberId)
    {
        var payload = new JsonObject
        {
            ["conv"] = conversationId,
            ["user"] = memberId,
            ["exp"] = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds(),
        };
        var signed = $"{Header}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}";
        return $"{signed}.{Base64Url.EncodeToString(Sign(signed))}";
    }

    /// <summary>The grant a token carries, or null when it is malformed, not signed by this process, or expired.</summary>
    public DirectLineGrant? Read(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts[0] != Header || !TryDecode(parts[2], out var signature))
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign($"{parts[0]}.{parts[1]}")) || !TryDecode(parts[1], out var body))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var expires = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
            if (expires <= time.GetUtcNow())
            {
                return null;
            }

            return new DirectLineGrant(root.GetProperty("conv").GetString()!, root.GetProperty("user").GetString()!, expires);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Signed by us but not in our shape cannot happen short of a key leak; treat it as any bad token.
            return null;
        }
    }

    private byte[] Sign(string text) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(text));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        bytes = bytes[..written];
        return true;
    }
}
