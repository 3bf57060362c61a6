using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Notices;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Host.Channels.Delivery;

/// <summary>
/// Delivers stored notices (pages, trade offers and their outcomes, turnover news, card updates) through every enabled
/// channel. Each channel's progress on each notice is stored, so a channel that is down is retried with growing pauses
/// without making the others send twice, and a restart resumes where it stopped. A notice is done when every channel
/// is done. Of several instances, the one holding the notices <see cref="Lease"/> delivers, so each conversation's
/// pacing is kept by one process. It sleeps until a notice is committed (here or on another instance) or a retry is
/// due, and delivers pages and escalations before routine notices.
/// </summary>
public sealed partial class NoticeDispatcher(
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    WriteGate writes,
    StoreChanges changes,
    IEnumerable<IChannel> channels,
    ChannelRunner runner,
    IConversation conversation,
    ChannelDirectory directory,
    NoticeWording wording,
    TimeProvider time,
    ILogger<NoticeDispatcher> logger) : BackgroundService
{
    /// <summary>The longest sleep with nothing to deliver: a backstop for notices nobody announced (a second process on one SQLite file).</summary>
    public static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(30);

    /// <summary>How soon a round that failed (a locked database, a bug in one notice) is tried again.</summary>
    public static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(1);

    private const int Batch = 100;
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(10);

    private readonly IReadOnlyList<IChannel> _channels = [.. channels];
    private readonly Lease _lease = new(Lease.Notices, dbFactory, writes, time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_channels.Count == 0)
        {
            return;
        }

        await Task.WhenAll(HoldLeaseAsync(stoppingToken), DeliverAsync(stoppingToken));
    }

    private async Task HoldLeaseAsync(CancellationToken stoppingToken)
    {
        using var renewals = new PeriodicTimer(Lease.Renewal, time);
        do
        {
            try
            {
                await _lease.HoldAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not renewed: the lease runs out and delivery stops here until the database answers again.
                LogLeaseFailed(e);
            }
        }
        while (await renewals.WaitForNextTickAsync(stoppingToken));
    }

    private async Task DeliverAsync(CancellationToken stoppingToken)
    {
        using var sleep = new LoopSleep(time, LongestSleep);
        while (!stoppingToken.IsCancellationRequested)
        {
            // Read before asking whether it is held, so a taking in between still wakes the sleep.
            var taken = _lease.Taken;
            if (!_lease.Held)
            {
                // Another instance delivers; this one waits to take over.
                await sleep.SleepAsync(taken, null, stoppingToken);
                continue;
            }

            // Taken before reading the notices, so one committed while delivering wakes the sleep below.
            var changed = changes.Next(ChangeTopics.Notices);
            TimeSpan? due;
            try
            {
                due = await DispatchAsync(changed, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The loop must outlive a bad moment; it tries again shortly.
                LogRoundFailed(e);
                due = AfterFailure;
            }

            await sleep.SleepAsync(changed, due, stoppingToken);
        }
    }

    /// <summary>
    /// One round: due notices, pages first, through every channel that has not delivered them yet. Cut short when a new
    /// notice is committed, so a page never waits behind the rest of a batch. Returns how long until a retry is due
    /// (null: none is).
    /// </summary>
    private async Task<TimeSpan?> DispatchAsync(Task changed, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notices = await db.Notices.Where(n => n.DeliveredAt == null).OrderBy(n => n.Priority).ThenBy(n => n.Id).Take(Batch).ToListAsync(cancellationToken);
        if (notices.Count == 0)
        {
            return null;
        }

        // A card redraw that a later one in this batch supersedes is done: the later one draws the newer state. An alert
        // storm linked to one incident changes its card once per alert, and is redrawn once per round instead.
        var lastRedraw = notices.Where(n => n.Audience == Journal.Cards).GroupBy(n => n.CardKey).ToDictionary(g => g.Key!, g => g.Max(n => n.Id));
        var ids = notices.Select(n => n.Id).ToList();
        var deliveries = (await db.NoticeDeliveries.Where(d => ids.Contains(d.NoticeId)).ToListAsync(cancellationToken))
            .ToDictionary(d => (d.NoticeId, d.Channel));
        var nextRetry = long.MaxValue;
        foreach (var notice in notices)
        {
            if (!_lease.Held || changed.IsCompleted)
            {
                // The lease lapsed, or a newer notice may come first: read again.
                return TimeSpan.Zero;
            }

            var now = Now();
            if (notice.Audience == Journal.Cards && lastRedraw[notice.CardKey!] != notice.Id)
            {
                notice.DeliveredAt = now;
                await SaveAsync(db);
                continue;
            }

            var done = 0;

            // The card is drawn from current state once per notice and shared by the channels that need it.
            Task<CardContent?>? drawn = null;
            Task<CardContent?> Card() => drawn ??= notice.CardKey is null ? Task.FromResult<CardContent?>(null) : conversation.CardAsync(notice.CardKey, cancellationToken);
            foreach (var channel in _channels)
            {
                if (!deliveries.TryGetValue((notice.Id, channel.Name), out var delivery))
                {
                    delivery = new NoticeDeliveryRow { NoticeId = notice.Id, Channel = channel.Name };
                    db.NoticeDeliveries.Add(delivery);
                }

                if (delivery.DeliveredAt is null && delivery.NextAttemptAt <= now)
                {
                    await TryAsync(channel, notice, Card, delivery, cancellationToken);
                }

                if (delivery.DeliveredAt is null)
                {
                    nextRetry = Math.Min(nextRetry, delivery.NextAttemptAt);
                }
                else
                {
                    done++;
                }
            }

            if (done == _channels.Count)
            {
                notice.DeliveredAt = Now();
            }

            await SaveAsync(db);
        }

        return notices.Count == Batch ? TimeSpan.Zero : nextRetry == long.MaxValue ? null : TimeSpan.FromTicks(nextRetry - Now());
    }

    /// <summary>
    /// Saved per notice, so what was sent is on record before the next send can fail. Not cancelled by a stop: a
    /// delivery made just before a graceful restart must be recorded, or the restarted bot sends it again.
    /// </summary>
    private async Task SaveAsync(PipelineBotDbContext db)
    {
        using (await writes.EnterAsync(CancellationToken.None))
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    private async Task TryAsync(IChannel channel, NoticeRow notice, Func<Task<CardContent?>> card, NoticeDeliveryRow delivery, CancellationToken cancellationToken)
    {
        delivery.Attempts++;
        try
        {
            var outcome = await DeliverAsync(channel, notice, await card(), cancellationToken);
            delivery.DeliveredAt = Now();
            delivery.Error = outcome == DeliveryOutcome.Unreachable ? "unreachable on this channel" : null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var pause = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, delivery.Attempts), LongestPause.TotalSeconds));
            delivery.NextAttemptAt = Now() + pause.Ticks;
            delivery.Error = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            LogDeliveryFailed(e, notice.Id, channel.Name, delivery.Attempts, pause);
        }
    }

    private async Task<DeliveryOutcome> DeliverAsync(IChannel channel, NoticeRow notice, CardContent? card, CancellationToken cancellationToken)
    {
        if (notice.Audience != Journal.Cards)
        {
            var said = wording.Word(NoticeContent.From(notice));
            return await runner.DeliverAsync(channel, new Notice(notice.Id, notice.Audience, said.Text, card, notice.Origin, said.Mentions), cancellationToken);
        }

        if (card is null)
        {
            return DeliveryOutcome.Unreachable;
        }

        foreach (var posted in (await directory.PostedCardsAsync(notice.CardKey!, cancellationToken)).Where(p => p.Channel == channel.Name))
        {
            await runner.UpdateCardAsync(channel, posted, card, cancellationToken);
        }

        return DeliveryOutcome.Delivered;
    }

    // Stored instants are NodaTime Unix ticks, as everywhere in storage.
    private long Now() => Instant.FromDateTimeOffset(time.GetUtcNow()).ToUnixTimeTicks();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notices lease could not be taken or renewed")]
    private partial void LogLeaseFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of notice delivery failed")]
    private partial void LogRoundFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId} not delivered on {Channel} (attempt {Attempts}); next try in {Pause}")]
    private partial void LogDeliveryFailed(Exception error, long noticeId, string channel, int attempts, TimeSpan pause);
}
