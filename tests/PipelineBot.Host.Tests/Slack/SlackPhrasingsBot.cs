using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>
/// One real bot (real core, shipped catalog, SQLite file) on Slack at the phrasings' reference instant, shared by every
/// phrasing: starting one per phrasing would cost minutes. The clock never moves, so every phrasing is read at that
/// instant and nothing waiting on the clock (stored notices, SLA clocks) runs in between.
/// </summary>
public sealed class SlackPhrasingsBot : IAsyncLifetime
{
    /// <summary>The phrasings' reference instant (their header): Wed 2026-12-02 10:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The Slack user of each speaker. Jasmine and Miles keep the harness's ids, so the workspace still has one user per
    /// email; everyone's Slack zone is UTC, the speakers' zone in the phrasings.
    /// </summary>
    private static readonly Dictionary<string, string> SlackUsers = new()
    {
        ["jasmine"] = "U00FAKEUSER1",
        ["miles"] = "U00FAKEUSER2",
        ["jackson"] = "U00FAKEUSER3",
        ["hudson"] = "U00FAKEUSER4",
        ["sit-operator"] = "U00FAKEUSER5",
    };

    private SlackHarness _harness = null!;
    private int _asked;

    /// <summary>The name of every member of the catalog, as answers show them.</summary>
    public IReadOnlyList<string> MemberNames { get; private set; } = [];

    public async Task InitializeAsync()
    {
        // The phrasings are written for a team in UTC (their header); pinned so a change to the shipped zone cannot shift their dates.
        _harness = await SlackHarness.StartWithRealCoreAtAsync(Now, "PipelineBot:Rotation:TimeZone=UTC");
        var catalog = _harness.Bot.Services.GetRequiredService<PipelineBot.Domain.Catalog.Catalog>();
        MemberNames = [.. catalog.Members.Select(m => m.Name)];
        foreach (var (id, user) in SlackUsers)
        {
            var member = catalog.Member(id);
            _harness.Slack.AddUser(user, member.Email, member.Name, "UTC");
        }
    }

    /// <summary>
    /// Says <paramref name="typed"/> in a DM from the member <paramref name="speaker"/> and returns the bot's posts in
    /// answer. Each question gets a DM channel of its own, so its answer is what is posted there besides the sentinel's;
    /// the sentinel, said after it, tells when the answer is complete however many posts it has (the core's fallback
    /// quotes the sentinel's words, which is how its own answer is told apart).
    /// </summary>
    public async Task<IReadOnlyList<SlackCall>> AskAsync(string speaker, string typed)
    {
        var user = SlackUsers[speaker];
        var channel = $"D0PHRASE{Interlocked.Increment(ref _asked):D3}";
        using var response = await _harness.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage(user, channel, typed), Now));
        response.EnsureSuccessStatusCode();
        var sentinel = await _harness.SentinelAsync(channel, user);
        return [.. _harness.Slack.Calls.Where(c => c.Method == "chat.postMessage"
            && c.Body["channel"]?.GetValue<string>() == channel
            && c.Body["text"]?.GetValue<string>().Contains(sentinel, StringComparison.Ordinal) != true)];
    }

    /// <summary>The name of whoever is on call at <paramref name="at"/>, as the bot's own <c>GET /api/oncall</c> says.</summary>
    public async Task<string> OnCallAsync(DateTimeOffset at)
    {
        var query = Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var answer = await _harness.Client.GetFromJsonAsync<JsonElement>($"/api/oncall?at={query}");
        return answer.GetProperty("member").GetProperty("name").GetString()!;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();
}
