using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Conversation.Answers;

/// <summary>One known issue or standard procedure, and the pipelines whose runbooks carry it.</summary>
internal sealed record RunbookEntry(string Kind, string Text, IReadOnlyList<string> Items, IReadOnlyList<Pipeline> Pipelines)
{
    public const string KnownIssue = "Known issue";
    public const string Procedure = "Procedure";
    public const string SetupDag = "Setup DAG";
}

/// <summary>
/// A text search over the known issues and standard procedures of every pipeline, and the setup DAGs of seed 000's
/// runbook #6 (initial setup and environment rebuilds): the words of the question, stemmed
/// lightly, scored by how rare each matched word is across the runbooks, so "sales file has no header" finds the one
/// procedure that says all of it. The same line in several runbooks is one result naming them all.
/// </summary>
internal sealed class RunbookSearch
{
    private readonly List<(RunbookEntry Entry, HashSet<string> Terms)> _entries = [];
    private readonly Dictionary<string, double> _weight = new(StringComparer.Ordinal);

    public RunbookSearch(Catalog catalog)
    {
        var lines = catalog.Pipelines
            .SelectMany(p => p.KnownIssues.Select(i => (Kind: RunbookEntry.KnownIssue, Text: i, Items: (IReadOnlyList<string>)[], Pipeline: p))
                .Concat(p.StandardProcedures.Select(s => (Kind: RunbookEntry.Procedure, s.Text, s.Items, Pipeline: p))))
            .GroupBy(l => (l.Kind, l.Text));
        foreach (var line in lines)
        {
            var first = line.First();
            Add(new RunbookEntry(first.Kind, first.Text, first.Items, [.. line.Select(l => l.Pipeline)]));
        }

        foreach (var dag in catalog.SetupDags)
        {
            Add(new RunbookEntry(RunbookEntry.SetupDag, $"{dag.DagId}: {dag.Purpose}", [], []));
        }

        foreach (var term in _entries.SelectMany(e => e.Terms).Distinct())
        {
            _weight[term] = Math.Log((1.0 + _entries.Count) / _entries.Count(e => e.Terms.Contains(term)));
        }
    }

    /// <summary>The best entries for a question, best first; an entry must match at least <paramref name="minTerms"/> words.</summary>
    public IReadOnlyList<RunbookEntry> Find(string question, int max = 3, int minTerms = 1)
    {
        var query = Terms(question).Where(_weight.ContainsKey).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. _entries
                .Select(e => (e.Entry, Matched: query.Where(e.Terms.Contains).ToList()))
                .Where(x => x.Matched.Count >= Math.Max(1, minTerms))
                .Select(x => (x.Entry, Score: x.Matched.Sum(t => _weight[t])))
                .OrderByDescending(x => x.Score)
                .ThenBy(x => x.Entry.Text, StringComparer.Ordinal)
                .Take(max)
                .Select(x => x.Entry),
        ];
    }

    private void Add(RunbookEntry entry) =>
        _entries.Add((entry, Terms($"{entry.Text} {string.Join(' ', entry.Items)}").ToHashSet(StringComparer.Ordinal)));

    private static IEnumerable<string> Terms(string text) =>
        Words.Tokens(text).Where(w => !Words.Filler.Contains(w)).Select(Words.Stem);
}
