using NodaTime;

namespace PipelineBot.Testing;

/// <summary>One line of a phrasings file: who said what, and the intent and slots it must be read as.</summary>
public sealed record Phrasing(string File, int Line, string Speaker, string Utterance, string Intent, string Slots)
{
    /// <summary>The reference instant of the phrasings files: Wed 2026-12-02 10:00 UTC (team and speaker zone UTC).</summary>
    public static readonly Instant Reference = Instant.FromUtc(2026, 12, 2, 10, 0);

    /// <summary>The shared specification (a copy of ../shared/conversation/phrasings.tsv).</summary>
    public static readonly string Specification = RepositoryFiles.Fixture("conversation/phrasings.tsv");

    public static IEnumerable<Phrasing> Read(string path)
    {
        var lines = System.IO.File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            var fields = lines[i].Split('\t');
            yield return new Phrasing(Path.GetFileName(path), i + 1, fields[0], fields[1], fields[2], fields.Length > 3 ? fields[3] : "");
        }
    }

    /// <summary>The expected slots as key and value; a search lists words in any order, and "a|b" two readings to ask between.</summary>
    public IReadOnlyDictionary<string, string> ExpectedSlots =>
        Slots.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);

    public override string ToString() => $"{File}:{Line} {Speaker}: {Utterance}";
}
