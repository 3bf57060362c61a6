using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Options;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// The raw body of a request from Slack whose signature was checked, held in a pooled buffer behind the basestring
/// prefix it was hashed with. Dispose returns the buffer.
/// </summary>
internal sealed class SlackRequest : IDisposable
{
    private byte[]? _buffer;
    private readonly int _start;

    private SlackRequest(byte[] buffer, int start, int length, bool isRetry)
    {
        _buffer = buffer;
        _start = start;
        Length = length;
        IsRetry = isRetry;
    }

    public int Length { get; }

    /// <summary>Slack sent this again (<c>X-Slack-Retry-Num</c>) because it had no timely 200 for an earlier try.</summary>
    public bool IsRetry { get; }

    /// <summary>The body; writable so a form field can be url-decoded in place.</summary>
    public Span<byte> Body => _buffer.AsSpan(_start, Length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(_start, Length);

    /// <summary>
    /// A body that came through Socket Mode (<see cref="SlackSocketMode"/>): no signature, as the connection itself was
    /// opened with the app token.
    /// </summary>
    public static SlackRequest FromSocket(ReadOnlySpan<byte> body, bool isRetry)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(body.Length);
        body.CopyTo(buffer);
        return new SlackRequest(buffer, 0, body.Length, isRetry);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads and verifies a request: 413 when the body is over <see cref="SlackVerifier.MaxBodyBytes"/>, 401 when a
    /// header is missing, the timestamp is outside the replay window or the signature does not match; else the body.
    /// </summary>
    public static async ValueTask<(SlackRequest? Request, int Status)> ReadAsync(HttpRequest http, SlackVerifier reader, CancellationToken cancellationToken)
    {
        if (http.ContentLength > SlackVerifier.MaxBodyBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        if (!long.TryParse(http.Headers["X-Slack-Request-Timestamp"], out var timestamp) || !reader.IsFresh(timestamp))
        {
            return (null, StatusCodes.Status401Unauthorized);
        }

        // One spare byte tells a body that fills the cap exactly from one that goes past it.
        var capacity = SlackSignature.MaxPrefixLength + (int)(http.ContentLength ?? SlackVerifier.MaxBodyBytes) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var start = SlackSignature.WritePrefix(buffer, timestamp);
        var end = start;
        try
        {
            int read;
            while ((read = await http.Body.ReadAsync(buffer.AsMemory(end, Math.Min(buffer.Length, start + SlackVerifier.MaxBodyBytes + 1) - end), cancellationToken)) > 0)
            {
                end += read;
                if (end - start > SlackVerifier.MaxBodyBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, StatusCodes.Status413PayloadTooLarge);
                }

                if (end == buffer.Length)
                {
                    // Content-Length understated the body; grow up to the cap, and the cap check above ends it.
                    var larger = ArrayPool<byte>.Shared.Rent(SlackSignature.MaxPrefixLength + SlackVerifier.MaxBodyBytes + 1);
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (!reader.Matches(buffer.AsSpan(0, end), http.Headers["X-Slack-Signature"].ToString()))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return (null, StatusCodes.Status401Unauthorized);
        }

        // Slack sends UTF-8; a JSON reader skips the parts it does not bind without decoding them, so check it all here.
        if (!Utf8.IsValid(buffer.AsSpan(start, end - start)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return (null, StatusCodes.Status400BadRequest);
        }

        return (new SlackRequest(buffer, start, end - start, http.Headers.ContainsKey("X-Slack-Retry-Num")), StatusCodes.Status200OK);
    }
}

/// <summary>The signing secret and the clock that Slack requests are checked against.</summary>
internal sealed class SlackVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    /// <summary>Slack's payloads are a few KiB; anything near this is not from Slack.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.Value.SigningSecret ?? string.Empty);

    public bool IsFresh(long timestamp) => SlackSignature.IsFresh(timestamp, time.GetUtcNow());

    public bool Matches(ReadOnlySpan<byte> basestring, ReadOnlySpan<char> signature) => SlackSignature.Matches(_secret, basestring, signature);
}
