using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Benchmarks;

/// <summary>
/// Understanding one message (the target: a median under 50 µs): the 98 phrasings of the shared specification
/// in turn, read against the shipped catalog, as the conversation core reads every message.
/// </summary>
[MemoryDiagnoser]
public class UnderstandingBenchmarks
{
    private Understanding _understanding = null!;
    private string[] _messages = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _understanding = Shipped.Understanding();
        _messages = Shipped.Phrasings();
    }

    [Benchmark]
    public string ReadOneMessage() => _understanding.Read(_messages[_next++ % _messages.Length], Shipped.Now, DateTimeZone.Utc, null).Intent;
}

/// <summary>
/// What the understanding costs at start (the target: under 1 s): built from the shipped catalog and the
/// registered commands, then its first message read, each launch a fresh process so the JIT's first time is counted.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class UnderstandingStartBenchmarks
{
    private readonly string _first = "who's on call";

    [Benchmark]
    public string BuildAndReadTheFirstMessage() => Shipped.Understanding().Read(_first, Shipped.Now, DateTimeZone.Utc, null).Intent;
}

/// <summary>The repository's shipped settings and phrasings, found from wherever BenchmarkDotNet runs the benchmark.</summary>
internal static class Shipped
{
    public static readonly Instant Now = Instant.FromUtc(2026, 12, 2, 10, 0);

    public static Understanding Understanding()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(Root(), "appsettings.json")).Build();
        var services = new ServiceCollection();
        services.AddBotOptions(configuration);
        services.AddConversation();
        return services.BuildServiceProvider().GetRequiredService<Understanding>();
    }

    public static string[] Phrasings() =>
        [.. File.ReadLines(Path.Combine(Root(), "tests", "fixtures", "conversation", "phrasings.tsv")).Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')[1])];

    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PipelineBot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No PipelineBot.sln above {AppContext.BaseDirectory}.");
    }
}
