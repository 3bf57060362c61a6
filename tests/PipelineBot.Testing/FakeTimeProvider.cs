namespace PipelineBot.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test says so. Timers created from it fire, in due order,
/// as <see cref="Advance"/> passes their due time, so a test can move through hours of deadlines in microseconds.
/// A periodic timer whose periods an advance jumps over fires once for all of them, at the last one (before any one-shot
/// timer's due time), as a timer does after the machine slept: jumping a week does not run a one-minute chore ten
/// thousand times, and the chore sees the clock where the jump left it.
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    // Elapsed time (GetTimestamp, GetElapsedTime) follows the fake clock too, not the machine's stopwatch.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>The number of timers armed right now: a test waits for this before advancing, so it never outruns the code under test.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    public void SetUtcNow(DateTimeOffset value) => Advance(value - GetUtcNow());

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            FakeTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt is { } at && at <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                // A periodic chore catches up once, but never past a one-shot deadline, which must see the clock at its
                // own time. Other periodic chores do not bound it: two chores of 1 s and 1 min would otherwise make a
                // jump of a month cost a hundred thousand rounds. The clock never goes back.
                var nextDeadline = _timers.Where(t => t != due && t.DueAt is not null && !t.IsPeriodic).Min(t => t.DueAt) ?? target;
                var fireAt = due.CoalesceUntil(nextDeadline < target ? nextDeadline : target);
                _now = fireAt > _now ? fireAt : _now;
                due.Rearm(_now);
            }

            due.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
            }

            return true;
        }

        // The methods below are called under the owner's lock when the timer comes due.

        /// <summary>Moves a periodic timer's due time to its last occurrence not after <paramref name="limit"/>, and returns it.</summary>
        public DateTimeOffset CoalesceUntil(DateTimeOffset limit)
        {
            var due = DueAt!.Value;
            if (IsPeriodic && limit > due)
            {
                due += _period * Math.Floor((limit - due) / _period);
            }

            return due;
        }

        public void Rearm(DateTimeOffset now) => DueAt = IsPeriodic ? now + _period : null;

        public bool IsPeriodic => _period != Timeout.InfiniteTimeSpan && _period != TimeSpan.Zero;

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
