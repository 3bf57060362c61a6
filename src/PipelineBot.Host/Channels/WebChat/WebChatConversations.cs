namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// The web chat's conversations, in memory (they are a way to try the bot, not a record: the audit trail and the stored
/// notices are elsewhere). Bounded: a conversation nobody has used for <see cref="IdleLimit"/> is forgotten, and past
/// <see cref="MaxConversations"/> the least recently used goes. Notices for a member nobody is reading as are held,
/// a few per member, and handed to the next conversation of theirs that is read.
/// </summary>
internal sealed class WebChatConversations(TimeProvider time)
{
    public static readonly TimeSpan IdleLimit = TimeSpan.FromHours(2);

    /// <summary>
    /// A conversation counts as read by someone while a stream is open on it or it was polled this recently. Only a poll
    /// opens the window: a client that closed its stream has stopped reading (the page does when it switches identity),
    /// so its member's notices are held for their next reader instead of waiting unseen in the conversation left.
    /// </summary>
    public static readonly TimeSpan ReadWindow = TimeSpan.FromMinutes(1);

    public const int MaxConversations = 200;

    public const int MaxHeldPerMember = 20;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, WebChatConversation> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Notice>> _held = new(StringComparer.Ordinal);

    public WebChatConversation Open(string memberId)
    {
        var now = time.GetUtcNow();
        var conversation = new WebChatConversation(Guid.NewGuid().ToString("N"), memberId, now);
        lock (_gate)
        {
            Forget(now, room: 1);
            _conversations.Add(conversation.Id, conversation);
        }

        return conversation;
    }

    /// <summary>The conversation with this id, marked as used; null when there is none (never was, or forgotten).</summary>
    public WebChatConversation? Use(string conversationId)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Forget(now, room: 0);
            if (!_conversations.TryGetValue(conversationId, out var conversation))
            {
                return null;
            }

            conversation.LastUsed = now;
            return conversation;
        }
    }

    /// <summary>The conversation with this id, if it is still held, without counting this as a use.</summary>
    public WebChatConversation? Find(string conversationId)
    {
        lock (_gate)
        {
            return _conversations.GetValueOrDefault(conversationId);
        }
    }

    /// <summary>
    /// Notes that a client is reading the conversation (a poll, or a stream opening with <paramref name="streamOpens"/>)
    /// and hands over the notices held for its member, which the caller must post into it; an ended conversation gets none.
    /// </summary>
    public IReadOnlyList<Notice> Reading(WebChatConversation conversation, bool streamOpens = false)
    {
        lock (_gate)
        {
            if (streamOpens)
            {
                conversation.Streams++;
            }
            else
            {
                conversation.LastPolled = time.GetUtcNow();
            }

            return !conversation.Ended && _held.Remove(conversation.MemberId, out var held) ? [.. held] : [];
        }
    }

    /// <summary>Ends the conversation: from now on its member's notices wait for another of their conversations.</summary>
    public void End(WebChatConversation conversation)
    {
        lock (_gate)
        {
            conversation.Ended = true;
        }
    }

    public void StreamClosed(WebChatConversation conversation)
    {
        lock (_gate)
        {
            conversation.Streams--;
            conversation.LastUsed = time.GetUtcNow();
        }
    }

    /// <summary>
    /// The conversations of a member that someone is reading now; when there are none, the notice is held for the next
    /// one (deciding under the same lock as <see cref="Reading"/>, so a notice is never held past a reader that came in between).
    /// </summary>
    public IReadOnlyList<WebChatConversation> ReadOrHold(string memberId, Notice notice)
    {
        lock (_gate)
        {
            var reading = ReadNow().Where(c => c.MemberId == memberId).ToList();
            if (reading.Count == 0)
            {
                if (!_held.TryGetValue(memberId, out var queue))
                {
                    _held[memberId] = queue = new Queue<Notice>();
                }

                queue.Enqueue(notice);
                while (queue.Count > MaxHeldPerMember)
                {
                    queue.Dequeue();
                }
            }

            return reading;
        }
    }

    /// <summary>Every conversation someone is reading now, whoever they are.</summary>
    public IReadOnlyList<WebChatConversation> Read()
    {
        lock (_gate)
        {
            return [.. ReadNow()];
        }
    }

    private IEnumerable<WebChatConversation> ReadNow()
    {
        var since = time.GetUtcNow() - ReadWindow;
        return _conversations.Values.Where(c => !c.Ended && (c.Streams > 0 || c.LastPolled >= since));
    }

    private void Forget(DateTimeOffset now, int room)
    {
        foreach (var idle in _conversations.Values.Where(c => c.Streams == 0 && now - c.LastUsed >= IdleLimit).ToList())
        {
            _conversations.Remove(idle.Id);
        }

        // Over the cap, the least recently used go first, and one being streamed only when nothing else is left.
        var over = _conversations.Count + room - MaxConversations;
        foreach (var oldest in _conversations.Values.OrderBy(c => c.Streams > 0).ThenBy(c => c.LastUsed).Take(over).ToList())
        {
            _conversations.Remove(oldest.Id);
        }
    }
}
