using Microsoft.Extensions.Options;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Keeps <see cref="SlackOptions.OnCallUserGroup"/> (an <c>@oncall</c> handle) to exactly the person on call: set at
/// start, then once per change of the person on call, checked each minute on <see cref="TimeProvider"/>. Of several
/// instances, the one that claims the change sets it (<see cref="HandoffService.ClaimOnceAsync"/>).
/// </summary>
internal sealed partial class SlackOnCallGroup(
    ScheduleService schedule,
    Catalog catalog,
    SlackPeople people,
    SlackWebApi api,
    HandoffService handoffs,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackOnCallGroup> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Instant? setFor = null;
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                var onCall = await schedule.OnCallAtAsync(Instant.FromDateTimeOffset(time.GetUtcNow()), stoppingToken);
                if (setFor != onCall.From && (setFor is null || await handoffs.ClaimOnceAsync($"{onCall.From.ToUnixTimeTicks()}:slack-usergroup", onCall.From, stoppingToken)))
                {
                    await SetAsync(onCall.MemberId, stoppingToken);
                }

                setFor = onCall.From;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Slack or the database briefly away: the next tick tries again, since setFor did not move.
                LogFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SetAsync(string memberId, CancellationToken cancellationToken)
    {
        var group = options.Value.OnCallUserGroup!;
        if (await people.SlackUserOfAsync(catalog.Member(memberId), cancellationToken) is not { } user)
        {
            LogNoSlackUser(logger, memberId, group);
            return;
        }

        await api.SetUserGroupAsync(group, user, cancellationToken);
        LogSet(logger, group, memberId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack: user group {Group} is now {Member}, who is on call")]
    private static partial void LogSet(ILogger logger, string group, string member);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack: {Member} is on call but has no Slack user with their catalog email, so user group {Group} was left as it was")]
    private static partial void LogNoSlackUser(ILogger logger, string member, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack: setting the on-call user group failed; tried again in a minute")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
