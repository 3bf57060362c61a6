using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>
/// Group commit: writes that each must be stored before their caller is answered wait in a queue, and whoever takes the
/// turn stores every waiting one with one commit. In a storm (hundreds of alerts, a flood of clicks) a commit of its own
/// for each would queue every write behind all the others' commits, each with its flush to disk; grouped, the cost of
/// a commit is shared by the whole batch, however large it grows while the previous one is written.
/// </summary>
/// <param name="store">Stores a batch in one commit and answers each request, in order.</param>
/// <param name="mostPerCommit">The largest batch: big enough for a storm, small enough to keep one commit short.</param>
public sealed class GroupCommit<TRequest, TAnswer>(Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TAnswer>>> store, int mostPerCommit) : IDisposable
{
    private readonly ConcurrentQueue<Pending> _waiting = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Stores <paramref name="request"/>, with whatever else is waiting, and answers once it is committed.</summary>
    public async Task<TAnswer> StoreAsync(TRequest request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request);
        _waiting.Enqueue(pending);

        // Not cancellable: once queued, a request may be stored by whoever takes the next turn, so every caller serves
        // the queue in its turn, even one who went away, and nothing queued waits for a later request.
        await _turn.WaitAsync(CancellationToken.None);
        try
        {
            if (!pending.Answer.Task.IsCompleted)
            {
                await StoreWaitingAsync();
            }
        }
        finally
        {
            _turn.Release();
        }

        return await pending.Answer.Task.WaitAsync(cancellationToken);
    }

    public void Dispose() => _turn.Dispose();

    private async Task StoreWaitingAsync()
    {
        var batch = new List<Pending>();
        while (batch.Count < mostPerCommit && _waiting.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        try
        {
            await StoreAsync(batch);
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            // A request the database refuses must not fail the others that shared its commit: each goes again alone.
            foreach (var one in batch)
            {
                try
                {
                    await StoreAsync([one]);
                }
                catch (Exception failure)
                {
                    one.Answer.TrySetException(failure);
                }
            }
        }
        catch (Exception failure)
        {
            foreach (var pending in batch)
            {
                pending.Answer.TrySetException(failure);
            }
        }
    }

    private async Task StoreAsync(List<Pending> batch)
    {
        var answers = await store([.. batch.Select(p => p.Request)]);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Answer.TrySetResult(answers[i]);
        }
    }

    private sealed class Pending(TRequest request)
    {
        public TRequest Request { get; } = request;

        public TaskCompletionSource<TAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
