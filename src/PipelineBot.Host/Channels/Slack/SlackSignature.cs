using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Slack's v0 request signature: <c>v0=</c> + hex(HMAC-SHA256(signing secret, <c>v0:{timestamp}:{raw body}</c>)), valid
/// for five minutes either side of now (replay window). Everything here works on spans so the check, which runs on
/// every request before anything else, allocates nothing.
/// </summary>
public static class SlackSignature
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The longest basestring prefix: <c>v0:</c>, a long's digits and <c>:</c>.</summary>
    public const int MaxPrefixLength = 3 + 20 + 1;

    private const int HashLength = 32;

    /// <summary>Writes <c>v0:{timestamp}:</c> and returns its length.</summary>
    public static int WritePrefix(Span<byte> destination, long timestamp)
    {
        "v0:"u8.CopyTo(destination);
        Utf8Formatter.TryFormat(timestamp, destination[3..], out var digits);
        destination[3 + digits] = (byte)':';
        return 3 + digits + 1;
    }

    /// <summary>Whether a request's timestamp (Unix seconds) lies within <see cref="Window"/> of now, before or after.</summary>
    public static bool IsFresh(long timestamp, DateTimeOffset now) =>
        Math.Abs(now.ToUnixTimeSeconds() - timestamp) <= (long)Window.TotalSeconds;

    /// <summary>Whether <paramref name="signature"/> (<c>v0=</c> and 64 hex digits) is the HMAC of <paramref name="basestring"/>, compared in constant time.</summary>
    public static bool Matches(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> basestring, ReadOnlySpan<char> signature)
    {
        if (signature.Length != 3 + (2 * HashLength) || !signature.StartsWith("v0="))
        {
            return false;
        }

        Span<byte> claimed = stackalloc byte[HashLength];
        if (Convert.FromHexString(signature[3..], claimed, out _, out var written) != OperationStatus.Done || written != HashLength)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashLength];
        HMACSHA256.HashData(secret, basestring, actual);
        return CryptographicOperations.FixedTimeEquals(actual, claimed);
    }
}
