using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>
/// Lets one write transaction at a time into SQLite from this process. SQLite has one writer; Microsoft.Data.Sqlite
/// answers a busy database by sleeping 150 ms and trying again, so writers that collide (an alert storm, two clicks)
/// would each lose whole sleeps. Queued here, they wait only for each other. Other providers take concurrent writers,
/// so there the gate lets everyone through.
/// </summary>
public sealed class WriteGate(StorageSettings storage) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly bool _serial = storage.Provider == StorageProvider.Sqlite;

    /// <summary>How many writers may usefully go at once: one on SQLite, a few where the database takes them side by side.</summary>
    public int Writers => _serial ? 1 : 4;

    /// <summary>Waits for the turn to write; dispose the answer when the transaction is committed or abandoned.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        if (!_serial)
        {
            return default;
        }

        await _one.WaitAsync(cancellationToken);
        return new Turn(_one);
    }

    public void Dispose() => _one.Dispose();

    /// <summary>A turn at writing; disposing it lets the next writer in.</summary>
    public readonly struct Turn(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
