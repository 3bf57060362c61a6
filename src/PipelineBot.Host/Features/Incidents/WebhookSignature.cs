using System.Buffers;
using System.Security.Cryptography;

namespace PipelineBot.Host.Features.Incidents;

/// <summary>
/// <c>X-PipelineBot-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c> under the webhook secret, the scheme
/// GitHub's webhooks made familiar, so a callback can sign with one line of standard library code. Compared in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-PipelineBot-Signature";

    private const string Prefix = "sha256=";
    private const int HashLength = 32;

    public static bool Matches(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body, ReadOnlySpan<char> signature)
    {
        if (signature.Length != Prefix.Length + (2 * HashLength) || !signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> claimed = stackalloc byte[HashLength];
        if (Convert.FromHexString(signature[Prefix.Length..], claimed, out _, out var written) != OperationStatus.Done || written != HashLength)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashLength];
        HMACSHA256.HashData(secret, body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, claimed);
    }

    /// <summary>The header value for a body: what a sender computes.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
}
