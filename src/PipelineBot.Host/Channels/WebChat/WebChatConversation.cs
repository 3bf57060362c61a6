using System.Globalization;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>One activity as it stands in a conversation's log: serialized once, so any number of readers can send it.</summary>
/// <param name="Sequence">Its place in the log; a watermark is the sequence of the last activity a client has.</param>
/// <param name="Timestamp">When it was first posted; a replacement keeps it, so Web Chat keeps the activity in its place.</param>
internal sealed record LoggedActivity(long Sequence, string Id, DateTimeOffset Timestamp, string Json);

/// <summary>
/// A web chat conversation with one member, held in memory: an append-only log of activities read by watermark, in
/// which replacing an activity (a card updated in place) appends its new version under the same id and drops the old
/// one, so both polling and streaming clients receive it again. The log keeps the latest <see cref="MaxActivities"/>.
/// </summary>
internal sealed class WebChatConversation(string id, string memberId, DateTimeOffset now)
{
    public const int MaxActivities = 500;

    private readonly Lock _gate = new();
    private readonly LinkedList<LoggedActivity> _log = new();
    private long _sequence;
    private long _activities;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; } = id;

    /// <summary>The member every token of this conversation speaks for.</summary>
    public string MemberId { get; } = memberId;

    public bool Started { get; set; }

    /// <summary>
    /// Whether its client ended it with an <c>endOfConversation</c> activity, which halts communication (the Direct Line
    /// spec): no notice comes to it and nothing more can be posted into it, though its activities can still be read.
    /// </summary>
    public bool Ended { get; set; }

    /// <summary>When a client last did anything with it; idle conversations are forgotten.</summary>
    public DateTimeOffset LastUsed { get; set; } = now;

    /// <summary>When a client last polled its activities (a stream is counted while it is open, not by when it opened).</summary>
    public DateTimeOffset LastPolled { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Streams (WebSockets) open on it now.</summary>
    public int Streams { get; set; }

    /// <summary>The time zone the member's browser last reported (an IANA id, Web Chat's <c>localTimezone</c>), if any.</summary>
    public string? ClientTimeZone { get; set; }

    /// <summary>The watermark of everything logged so far.</summary>
    public long Watermark
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    /// <summary>Completes at the next change of the log; take it before reading, then wait on it.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Reserves the id of a new activity (Direct Line's form: <c>conversation|0000042</c>).</summary>
    public string NextActivityId()
    {
        lock (_gate)
        {
            return $"{Id}|{++_activities:D7}";
        }
    }

    /// <summary>Logs a new activity, or a new version of one with the same id.</summary>
    public void Log(string activityId, DateTimeOffset timestamp, string json)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            for (var node = _log.First; node is not null; node = node.Next)
            {
                if (node.Value.Id == activityId)
                {
                    _log.Remove(node);
                    break;
                }
            }

            _log.AddLast(new LoggedActivity(++_sequence, activityId, timestamp, json));
            while (_log.Count > MaxActivities)
            {
                _log.RemoveFirst();
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }

    public LoggedActivity? Find(string activityId)
    {
        lock (_gate)
        {
            return _log.FirstOrDefault(a => a.Id == activityId);
        }
    }

    /// <summary>The activities logged after a watermark, and the watermark that follows them.</summary>
    public (IReadOnlyList<LoggedActivity> Activities, long Watermark) After(long watermark)
    {
        lock (_gate)
        {
            return ([.. _log.Where(a => a.Sequence > watermark)], _sequence);
        }
    }

    public static string FormatWatermark(long watermark) => watermark.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a client's watermark: absent means from the start; anything else must be one we gave out.</summary>
    public static bool TryParseWatermark(string? text, out long watermark)
    {
        watermark = 0;
        return string.IsNullOrEmpty(text) || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out watermark) && watermark >= 0);
    }
}
