using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>
/// Passes committed changes between the instances on one PostgreSQL database: this instance's as <c>NOTIFY</c> (coalesced,
/// tagged with the instance so it ignores its own), the others' heard with <c>LISTEN</c> on a connection of its own and
/// handed to <see cref="StoreChanges"/>. A lost connection is opened again with growing pauses; as notifications may have
/// been missed meanwhile, everything is then announced as changed. On SQLite it does nothing.
/// </summary>
public sealed partial class PostgresChangeFeed(StoreChanges changes, StorageSettings storage, ILogger<PostgresChangeFeed> logger) : BackgroundService
{
    public const string Channel = "pipelinebot_changes";

    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    private readonly string _instance = Guid.NewGuid().ToString("N");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        storage.Provider == StorageProvider.Postgres ? Task.WhenAll(ListenAsync(stoppingToken), SendAsync(changes.Share(), stoppingToken)) : Task.CompletedTask;

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromMilliseconds(100);
        var reconnect = false;
        var unpooled = new NpgsqlConnectionStringBuilder(storage.ConnectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(unpooled);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, heard) => Heard(heard.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (reconnect)
                {
                    changes.CommittedElsewhere(ChangeTopics.All);
                }

                pause = TimeSpan.FromMilliseconds(100);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogListenFailed(e, pause);
                reconnect = true;
                await Task.Delay(pause, stoppingToken);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
        }
    }

    private async Task SendAsync(ChannelReader<ChangeTopics> committed, CancellationToken stoppingToken)
    {
        await using var source = NpgsqlDataSource.Create(storage.ConnectionString);
        while (await committed.WaitToReadAsync(stoppingToken))
        {
            // Whatever was committed since the last notification goes in one.
            var topics = ChangeTopics.None;
            while (committed.TryRead(out var more))
            {
                topics |= more;
            }

            try
            {
                await using var notify = source.CreateCommand("SELECT pg_notify(@channel, @payload)");
                notify.Parameters.AddWithValue("channel", Channel);
                notify.Parameters.AddWithValue("payload", $"{_instance}:{(int)topics}");
                await notify.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The others learn of it by their backstop instead.
                LogNotifyFailed(e);
            }
        }
    }

    private void Heard(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && payload.AsSpan(0, colon).SequenceEqual(_instance) is false
            && int.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var topics))
        {
            changes.CommittedElsewhere((ChangeTopics)topics & ChangeTopics.All);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other instances' changes failed; trying again in {Pause}")]
    private partial void LogListenFailed(Exception error, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling other instances of a change failed; they find it within their backstop")]
    private partial void LogNotifyFailed(Exception error);
}
