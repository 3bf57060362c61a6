using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>A signing key of an issuer and the channels it endorses (null: the key says nothing about channels, as Entra ID's keys).</summary>
public sealed record BotSigningKey(JsonWebKey Key, IReadOnlySet<string>? Endorsements);

/// <summary>
/// One issuer's token signing keys: its OpenID metadata's <c>jwks_uri</c> document, cached. The Bot Framework's docs
/// ask for a refresh at least daily and say new keys can appear at any time, so an unknown key id refreshes at once, but
/// at most once per <see cref="UnknownKeyRefreshGap"/>: tokens with made-up key ids must not turn the bot into a load
/// generator against the metadata service. Refreshes run one at a time; a failed refresh keeps the keys it had.
/// </summary>
public sealed partial class OpenIdKeys(HttpClient http, Uri metadataUrl, TimeProvider time, ILogger<OpenIdKeys> logger) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
    public static readonly TimeSpan UnknownKeyRefreshGap = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private DateTimeOffset? _lastUnknownKeyRefresh;

    /// <summary>The key with this id, refreshing the cache when it is old or the id is new to it; null when no key has the id.</summary>
    public async Task<BotSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || time.GetUtcNow() - snapshot.LoadedAt >= MaxAge)
        {
            snapshot = await RefreshAsync(snapshot, cancellationToken);
        }

        if (snapshot.Keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        if (!MayRefreshForUnknownKey())
        {
            return null;
        }

        snapshot = await RefreshAsync(snapshot, cancellationToken);
        return snapshot.Keys.GetValueOrDefault(keyId);
    }

    private bool MayRefreshForUnknownKey()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_lastUnknownKeyRefresh is { } last && now - last < UnknownKeyRefreshGap)
            {
                return false;
            }

            _lastUnknownKeyRefresh = now;
            return true;
        }
    }

    private async Task<Snapshot> RefreshAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the gate before us may have just loaded a newer set.
            if (_snapshot is { } current && !ReferenceEquals(current, seen))
            {
                return current;
            }

            try
            {
                _snapshot = new Snapshot(await LoadAsync(cancellationToken), time.GetUtcNow());
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException && seen is not null)
            {
                LogRefreshFailed(logger, e, metadataUrl);
            }

            return _snapshot ?? throw new InvalidOperationException($"No token signing keys from {metadataUrl}.");
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<Dictionary<string, BotSigningKey>> LoadAsync(CancellationToken cancellationToken)
    {
        using var metadata = JsonDocument.Parse(await http.GetStringAsync(metadataUrl, cancellationToken));
        var jwksUri = metadata.RootElement.GetProperty("jwks_uri").GetString()
            ?? throw new InvalidOperationException("The OpenID metadata has no jwks_uri.");
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(new Uri(jwksUri), cancellationToken));
        var keys = new Dictionary<string, BotSigningKey>(StringComparer.Ordinal);
        foreach (var element in jwks.RootElement.GetProperty("keys").EnumerateArray())
        {
            var key = JsonWebKey.Create(element.GetRawText());
            if (key.Kid is null)
            {
                continue;
            }

            IReadOnlySet<string>? endorsements = element.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.GetString()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase)
                : null;
            keys[key.Kid] = new BotSigningKey(key, endorsements);
        }

        LogLoaded(logger, keys.Count, metadataUrl);
        return keys;
    }

    public void Dispose() => _refresh.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} token signing keys from {MetadataUrl}.")]
    private static partial void LogLoaded(ILogger logger, int count, Uri metadataUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the token signing keys of {MetadataUrl} failed; keeping the keys already known.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception error, Uri metadataUrl);

    private sealed record Snapshot(Dictionary<string, BotSigningKey> Keys, DateTimeOffset LoadedAt);
}
