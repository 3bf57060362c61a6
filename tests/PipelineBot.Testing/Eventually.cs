namespace PipelineBot.Testing;

/// <summary>Waits, in real time, for background work (a hosted loop, a queued send) to reach a state the test can check.</summary>
public static class Eventually
{
    /// <summary>How long to wait before calling it a hang: a guard, not a timing assertion.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    /// <summary>Returns once the condition holds; throws <see cref="TimeoutException"/> if it has not within <see cref="Guard"/>.</summary>
    public static async Task HoldsAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + (long)Guard.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"the condition did not hold within {Guard.TotalSeconds} s");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>The same for a condition that needs I/O to check, such as a row the background work stores.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition)
    {
        var deadline = Environment.TickCount64 + (long)Guard.TotalMilliseconds;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"the condition did not hold within {Guard.TotalSeconds} s");
            }

            await Task.Delay(10);
        }
    }
}
