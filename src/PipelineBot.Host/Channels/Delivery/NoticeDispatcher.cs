using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Notices;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Host.Channels.Delivery;

/// <summary>
/// Delivers stored notices (trade offers and their outcomes, turnover news, card updates) through every enabled channel.
/// Each channel's progress on each notice is stored, so a channel that is down is retried with growing pauses without
/// making the others send twice, and a restart resumes where it stopped. A notice is done when every channel is done.
/// </summary>
public sealed partial class NoticeDispatcher(
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    WriteGate writes,
    IEnumerable<IChannel> channels,
    ChannelRunner runner,
    IConversation conversation,
    ChannelDirectory directory,
    NoticeWording wording,
    TimeProvider time,
    ILogger<NoticeDispatcher> logger) : BackgroundService
{
    /// <summary>How often stored notices are looked for.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private const int Batch = 100;
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(10);

    private readonly IReadOnlyList<IChannel> _channels = [.. channels];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                await DispatchAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The loop must outlive a bad moment (a locked database, a bug in one notice); the next tick tries again.
                LogRoundFailed(e);
            }
        }
        while (await ticks.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: every due notice through every channel that has not delivered it yet.</summary>
    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        if (_channels.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notices = await db.Notices.Where(n => n.DeliveredAt == null).OrderBy(n => n.Id).Take(Batch).ToListAsync(cancellationToken);
        if (notices.Count == 0)
        {
            return;
        }

        // A card redraw that a later one in this batch supersedes is done: the later one draws the newer state. An alert
        // storm linked to one incident changes its card once per alert, and is redrawn once per round instead.
        var lastRedraw = notices.Where(n => n.Audience == Journal.Cards).GroupBy(n => n.CardKey).ToDictionary(g => g.Key!, g => g.Max(n => n.Id));
        var ids = notices.Select(n => n.Id).ToList();
        var deliveries = (await db.NoticeDeliveries.Where(d => ids.Contains(d.NoticeId)).ToListAsync(cancellationToken))
            .ToDictionary(d => (d.NoticeId, d.Channel));
        foreach (var notice in notices)
        {
            var now = Now();
            if (notice.Audience == Journal.Cards && lastRedraw[notice.CardKey!] != notice.Id)
            {
                notice.DeliveredAt = now;
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

                done += delivery.DeliveredAt is null ? 0 : 1;
            }

            if (done == _channels.Count)
            {
                notice.DeliveredAt = Now();
            }

            // Saved per notice, so what was sent is on record before the next send can fail. Not cancelled by a stop:
            // a delivery made just before a graceful restart must be recorded, or the restarted bot sends it again.
            using (await writes.EnterAsync(CancellationToken.None))
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of notice delivery failed")]
    private partial void LogRoundFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId} not delivered on {Channel} (attempt {Attempts}); next try in {Pause}")]
    private partial void LogDeliveryFailed(Exception error, long noticeId, string channel, int attempts, TimeSpan pause);
}
