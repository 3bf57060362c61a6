using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PipelineBot.Domain.Incidents;
using PipelineBot.Host.Tests.Incidents;
using PipelineBot.Host.Tests.Slack;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Cluster;

/// <summary>
/// Three bot processes on one PostgreSQL database, requests spread across them as a load balancer would, with Slack
/// faked over real HTTP: every rule holds once, and killing one (SIGKILL) loses nothing.
/// </summary>
public sealed class ClusterTests
{
    private const int Alerts = 300;
    private static readonly string[] Pipelines =
    [
        "profit", "unit-level-profit", "aggregate-profit", "growth", "aggregate-growth", "daily-growth", "engagement", "aggregate-engagement",
        "ldz", "rdv", "interface-layer", "customer-360", "campaign-360", "flowchart-360", "ml-writeback",
    ];

    [Fact]
    public async Task Three_instances_page_and_escalate_each_incident_once_and_one_killed_midway_loses_nothing()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        var database = await (await PostgresServer.StartedAsync()).CreateDatabaseAsync();
        var settings = Settings(database, slack);
        await using var first = await BotProcess.StartAsync(settings);
        await using var second = await BotProcess.StartAsync(settings);
        await using var third = await BotProcess.StartAsync(settings);
        BotProcess[] bots = [first, second, third];

        // The one killed is not the notices lease holder: a holder killed mid-send may send that one notice again
        // (delivery is at least once), which would muddle what this test counts.
        var holder = await LeaseHolderAsync(database);
        var victim = bots.First(b => !holder.Contains($"/{b.ProcessId}/", StringComparison.Ordinal));
        var answered = new ConcurrentBag<string>();
        var sent = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Alerts), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            if (Interlocked.Increment(ref sent) == Alerts / 2)
            {
                victim.Kill();
            }

            // A load balancer sends to the next instance when one does not answer.
            for (var attempt = 0; ; attempt++)
            {
                var bot = bots[(i + attempt) % bots.Length];
                try
                {
                    using var answer = await PostAlertAsync(bot, Pipelines[i % Pipelines.Length], $"run-{i}");
                    if (answer.IsSuccessStatusCode)
                    {
                        answered.Add($"run-{i}");
                        return;
                    }
                }
                catch (HttpRequestException) when (bot == victim)
                {
                    // Killed: try the next one.
                }
            }
        });

        await using var db = Context(database);
        var stored = await db.Incidents.Select(i => i.RunId).ToListAsync();
        Assert.Equal(Alerts, answered.Count);
        Assert.Superset(answered.ToHashSet(), stored.ToHashSet());
        Assert.Equal(stored.Count, stored.Distinct().Count());

        // Every incident that paged escalates once, five seconds on, whichever instance holds its clock; and each page
        // and each escalation reaches Slack once.
        var paging = await db.Incidents.Where(i => i.LinkedTo == null).Select(i => i.Id).ToListAsync();

        // Openings on different instances queue for the decision to page or link: one page per pipeline, however the
        // alerts of its storm were spread.
        var pagingPipelines = await db.Incidents.Where(i => i.LinkedTo == null).Select(i => i.PipelineId).ToListAsync();
        Assert.Equal(pagingPipelines.Distinct().Count(), pagingPipelines.Count);
        await Eventually.HoldsAsync(async () =>
            await db.AuditEntries.CountAsync(a => a.Action == "escalated") >= paging.Count && !await db.Notices.AnyAsync(n => n.DeliveredAt == null));
        var escalated = await db.AuditEntries.Where(a => a.Action == "escalated").Select(a => a.Subject).ToListAsync();
        Assert.Equal(paging.Select(IncidentNames.Id).Order(), escalated.Order());
        var posts = slack.Calls.Where(c => c.Method == "chat.postMessage").Select(c => c.Body.ToJsonString()).ToList();
        foreach (var id in paging.Select(IncidentNames.Id))
        {
            Assert.Single(posts, p => p.Contains($"{id} \\u00B7", StringComparison.Ordinal) || p.Contains($"{id} ·", StringComparison.Ordinal));
            Assert.Single(posts, p => p.Contains($"{id} (", StringComparison.Ordinal) && p.Contains("breached its SLA", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_Slack_event_and_its_retry_delivered_to_two_instances_are_answered_once()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        slack.AddUser("U00FAKEUSER1", "jasmine.glancy@example.com", "Jasmine Glancy", "Europe/Berlin");
        var settings = Settings(await (await PostgresServer.StartedAsync()).CreateDatabaseAsync(), slack);
        await using var first = await BotProcess.StartAsync(settings);
        await using var second = await BotProcess.StartAsync(settings);

        // Slack got no answer in time from the first delivery and sends the same event (same event_id) again, to the other.
        var envelope = SlackRequests.DirectMessage("U00FAKEUSER1", "D0CLUSTER1", "who's on call");
        using var delivered = SlackRequests.Event(envelope, DateTimeOffset.UtcNow);
        using var retried = SlackRequests.Event(envelope, DateTimeOffset.UtcNow, retry: 1);
        var answers = await Task.WhenAll(first.Client.SendAsync(delivered), second.Client.SendAsync(retried));
        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode));

        // One reply; a second would follow the first within the same moment, and the bot's other work is done by then.
        await slack.WaitForAsync(c => c.Method == "chat.postMessage");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(slack.Calls, c => c.Method == "chat.postMessage" && c.Body["channel"]?.GetValue<string>() == "D0CLUSTER1");
    }

    /// <summary>Settings for every instance of a cluster test: one PostgreSQL database, the fake Slack, signed alerts.</summary>
    internal static Dictionary<string, string> Settings(string database, FakeSlackApi slack) => new()
    {
        ["PipelineBot__Storage__Provider"] = "Postgres",
        ["PipelineBot__Storage__ConnectionString"] = database,
        ["PipelineBot__Alerts__WebhookSecret"] = IncidentBot.Secret,
        ["PipelineBot__Slack__SigningSecret"] = SlackRequests.Secret,
        ["PipelineBot__Slack__BotToken"] = FakeSlackApi.Token,
        ["PipelineBot__Slack__ApiBaseUrl"] = slack.ApiUrl.ToString(),
        ["PipelineBot__Slack__AlertChannel"] = IncidentBot.SlackAlertChannel,
        ["PipelineBot__Slack__ChannelLimits"] = "",
        ["PipelineBot__WebChat__Enabled"] = "false",

        // Around the clock, with an ack deadline of seconds, so the clocks run out while the test watches.
        ["PipelineBot__BusinessHours__Days"] = "Mon-Sun",
        ["PipelineBot__BusinessHours__Start"] = "00:00",
        ["PipelineBot__BusinessHours__End"] = "24:00",
        ["PipelineBot__Sla__AckTimeout"] = "00:00:05",
        ["PipelineBot__Sla__ReminderBefore"] = "00:00:02",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static async Task<HttpResponseMessage> PostAlertAsync(BotProcess bot, string pipeline, string run)
    {
        var body = Encoding.UTF8.GetBytes(IncidentBot.Alert(pipeline, run).ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/alerts", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-PipelineBot-Signature", IncidentBot.Sign(body));
        return await bot.Client.SendAsync(request);
    }

    private static async Task<string> LeaseHolderAsync(string database)
    {
        await using var db = Context(database);
        string holder = "";
        await Eventually.HoldsAsync(async () => (holder = (await db.Leases.AsNoTracking().SingleAsync(l => l.Name == Lease.Notices)).Holder).Length > 0);
        return holder;
    }

    /// <summary>The test's own view of the instances' database, to check what they stored.</summary>
    internal static PipelineBotDbContext Context(string database)
    {
        var options = new DbContextOptionsBuilder<PipelineBotDbContext>();
        StorageServiceCollectionExtensions.Configure(options, new StorageSettings(StorageProvider.Postgres, database));
        return new PipelineBotDbContext(options.Options);
    }
}
