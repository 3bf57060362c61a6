using System.Collections.Concurrent;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Delivery;

/// <summary>Sends into one conversation keep to the channel's limits; nothing is dropped and other conversations do not wait.</summary>
public sealed class OutboxTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sends_beyond_the_limit_wait_their_turn_and_all_go_out()
    {
        var time = new FakeTimeProvider(Start);
        var outbox = new Outbox(time);
        outbox.Limit("slack", PaceLimit.ParseList("1/1s"));
        var started = new ConcurrentQueue<(int, DateTimeOffset)>();

        var sends = Enumerable.Range(0, 3).Select(n => outbox.SendAsync("slack", "C1", _ => Started(started, n, time))).ToList();
        for (var second = 0; second < 3; second++)
        {
            await Eventually.HoldsAsync(() => started.Count == second + 1);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.WhenAll(sends);
        Assert.Equal([(0, Start), (1, Start.AddSeconds(1)), (2, Start.AddSeconds(2))], started.ToArray());
    }

    [Fact]
    public async Task Several_limits_all_hold_and_other_conversations_do_not_wait()
    {
        var time = new FakeTimeProvider(Start);
        var outbox = new Outbox(time);
        outbox.Limit("msteams", PaceLimit.ParseList("2/1s, 3/10s"));
        var started = new ConcurrentQueue<(int, DateTimeOffset)>();

        var sends = Enumerable.Range(0, 4).Select(n => outbox.SendAsync("msteams", "a:1", _ => Started(started, n, time))).ToList();
        await outbox.SendAsync("msteams", "a:2", _ => Started(started, 9, time));
        await Eventually.HoldsAsync(() => started.Count == 3);
        time.Advance(TimeSpan.FromSeconds(10));
        await Task.WhenAll(sends);

        // Two at once, the third held a second by 2/1s, the fourth held until ten seconds by 3/10s.
        Assert.Equal(
            [(0, Start), (1, Start), (9, Start), (2, Start.AddSeconds(1)), (3, Start.AddSeconds(10))],
            started.OrderBy(s => s.Item2).ThenBy(s => s.Item1).ToArray());
    }

    [Fact]
    public async Task Without_limits_nothing_waits()
    {
        var time = new FakeTimeProvider(Start);
        var outbox = new Outbox(time);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(n => outbox.SendAsync("msteams", "a:1", _ => Task.FromResult(n))));

        Assert.Equal(Enumerable.Range(0, 50), results);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("0/1s")]
    [InlineData("7/1d")]
    [InlineData("x/1s")]
    public void A_limit_that_does_not_read_is_refused_with_the_form_expected(string text)
    {
        if (text.Length == 0)
        {
            Assert.Empty(PaceLimit.ParseList(text));
            return;
        }

        Assert.Contains("such as 7/1s", Assert.Throws<FormatException>(() => PaceLimit.ParseList(text)).Message, StringComparison.Ordinal);
    }

    private static Task<int> Started(ConcurrentQueue<(int, DateTimeOffset)> started, int n, TimeProvider time)
    {
        started.Enqueue((n, time.GetUtcNow()));
        return Task.FromResult(n);
    }
}
