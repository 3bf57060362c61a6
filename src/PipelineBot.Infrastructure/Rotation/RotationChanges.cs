namespace PipelineBot.Infrastructure.Rotation;

/// <summary>
/// A counter that the services which change the schedule (trades, overrides, publishing, turnover) move on after
/// saving, so the cached schedule of this instance is reloaded before the next answer.
/// </summary>
public sealed class RotationChanges
{
    private long _version;

    public long Version => Volatile.Read(ref _version);

    public void Changed() => Interlocked.Increment(ref _version);
}
