using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Benchmarks;

/// <summary>
/// How late the SLA clocks fire: 10,000 open ack deadlines due over one minute on the real clock, fired by the real
/// sweeper, and for each the time from its due instant to the commit that stored its escalation. Not a BenchmarkDotNet
/// benchmark (one long run, not a repeated call):
/// <c>dotnet run -c Release --project bench/PipelineBot.Benchmarks -- clocks [sqlite | postgres "Host=…"] [count] [seconds]</c>.
/// </summary>
internal static class ClockLateness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.Length > 1 && args[1] == "postgres" ? "Postgres" : "Sqlite";
        var folder = Directory.CreateTempSubdirectory("pipelinebot-clocks-").FullName;
        var connection = provider == "Postgres" ? args[2] : $"Data Source={Path.Combine(folder, "clocks.db")}";
        var rest = args.Skip(provider == "Postgres" ? 3 : 2).Select(int.Parse).ToArray();
        var (count, seconds) = (rest.ElementAtOrDefault(0) is > 0 and var c ? c : 10_000, rest.ElementAtOrDefault(1) is > 0 and var s ? s : 60);

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot(), "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PipelineBot:Storage:Provider"] = provider, ["PipelineBot:Storage:ConnectionString"] = connection })
            .Build();
        var commits = new CommitRecorder(TimeProvider.System);
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddBotOptions(configuration)
            .AddRotation()
            .AddIncidents(configuration);
        services.AddAirflowClient();
        services.ConfigureDbContext<PipelineBotDbContext>((_, options) => options.AddInterceptors(commits));
        await using var built = services.BuildServiceProvider();
        await built.PrepareStorageAsync();

        var due = await SeedAsync(built, count, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"{provider}: {count} ack deadlines due over {seconds} s from {due.Values.Min()}; sweeping");
        var sweeper = built.GetRequiredService<IncidentSweeper>();
        await sweeper.StartAsync(CancellationToken.None);
        var until = Stopwatch.StartNew();
        while (commits.Count < count && until.Elapsed < TimeSpan.FromSeconds(seconds + 60))
        {
            await Task.Delay(500);
        }

        await sweeper.StopAsync(CancellationToken.None);
        var late = due.Where(d => commits.At(d.Key) is not null).Select(d => (commits.At(d.Key)!.Value - d.Value).TotalMilliseconds).Order().ToArray();
        Console.WriteLine($"fired {late.Length} of {count}; lateness from due to stored: p50 {Percentile(late, 50):F1} ms, p99 {Percentile(late, 99):F1} ms, max {late.LastOrDefault():F1} ms");
        Directory.Delete(folder, recursive: true);
        return late.Length == count ? 0 : 1;
    }

    /// <summary>Open incidents, one per run across the catalog's pipelines, each with an ack deadline; returns each incident's due instant.</summary>
    private static async Task<Dictionary<long, DateTimeOffset>> SeedAsync(IServiceProvider services, int count, TimeSpan over)
    {
        var pipelines = services.GetRequiredService<Catalog>().Pipelines.Select(p => p.Id).ToArray();
        var start = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        var rows = new List<IncidentRow>();
        await using var db = await services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        for (var i = 0; i < count; i++)
        {
            var dueAt = Instant.FromDateTimeOffset(start + (over * i / count)).ToUnixTimeTicks();
            rows.Add(new IncidentRow
            {
                PipelineId = pipelines[i % pipelines.Length],
                RunId = $"clock-{i}",
                Kind = "failure",
                Summary = "bench",
                State = "open",
                OccurredAt = dueAt,
                OpenedAt = dueAt,
                AckClockStart = dueAt,
                AckDueAt = dueAt,
                ResolveDueAt = dueAt + TimeSpan.FromHours(3).Ticks,
            });
        }

        db.Incidents.AddRange(rows);
        await db.SaveChangesAsync();
        db.IncidentClocks.AddRange(rows.Select(r => new IncidentClockRow { IncidentId = r.Id, Kind = IncidentClock.NameOf(ClockKind.AckDeadline), DueAt = r.AckDueAt }));
        await db.SaveChangesAsync();
        return rows.ToDictionary(r => r.Id, r => Instant.FromUnixTimeTicks(r.AckDueAt).ToDateTimeOffset());
    }

    private static double Percentile(double[] sorted, int p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PipelineBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }

    /// <summary>When the escalation of each incident was committed: its audit entry is saved in the clock's transaction.</summary>
    private sealed class CommitRecorder(TimeProvider time) : ISaveChangesInterceptor, IDbTransactionInterceptor
    {
        private readonly ConditionalWeakTable<DbContext, List<long>> _pending = [];
        private readonly Dictionary<long, DateTimeOffset> _committed = [];
        private readonly Lock _gate = new();

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _committed.Count;
                }
            }
        }

        public DateTimeOffset? At(long incident)
        {
            lock (_gate)
            {
                return _committed.TryGetValue(incident, out var at) ? at : null;
            }
        }

        public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context)
            {
                var escalated = context.ChangeTracker.Entries<AuditEntryRow>()
                    .Where(e => e.State == EntityState.Added && e.Entity.Action == "escalated")
                    .Select(e => long.Parse(e.Entity.Subject.AsSpan("INC-".Length), System.Globalization.CultureInfo.InvariantCulture));
                _pending.GetOrCreateValue(context).AddRange(escalated);
            }

            return ValueTask.FromResult(result);
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            var now = time.GetUtcNow();
            if (eventData.Context is { } context && _pending.TryGetValue(context, out var ids))
            {
                lock (_gate)
                {
                    foreach (var id in ids)
                    {
                        _committed.TryAdd(id, now);
                    }
                }

                _pending.Remove(context);
            }

            return Task.CompletedTask;
        }
    }
}
