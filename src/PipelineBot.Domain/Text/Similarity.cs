namespace PipelineBot.Domain.Text;

/// <summary>
/// Edit distance for "did you mean" suggestions: one helper so the configuration loader and the conversation suggest
/// the same near misses.
/// </summary>
public static class Similarity
{
    /// <summary>
    /// The optimal string alignment distance: the fewest single-character insertions, deletions, substitutions or swaps
    /// of two neighbours from a to b. A swap counts once because it is the commonest typo ("grwoth", "stauts").
    /// </summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);

        // Three rows of the dynamic-programming table are enough: a swap looks two rows up. Names are short, so the rows
        // live on the stack: the conversation compares a message's unknown words with every name this way.
        var width = b.Length + 1;
        Span<int> rows = width <= 128 ? stackalloc int[3 * width] : new int[3 * width];
        var beforePrevious = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }

            var oldest = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = oldest;
        }

        return previous[b.Length];
    }

    /// <summary>
    /// Up to <paramref name="max"/> candidates close enough to <paramref name="input"/> to be a typo of it, nearest first,
    /// ignoring case. Close enough means at most one edit per three characters of the longer string (at least one), so
    /// "mils" finds "miles" but "bob" finds nothing in a list of unrelated names.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string input, IEnumerable<string> candidates, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfNegative(max);

        var needle = input.ToUpperInvariant();
        return candidates
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(c => (Candidate: c, Distance: Distance(needle, c.ToUpperInvariant())))
            .Where(x => x.Distance <= Math.Max(1, Math.Max(needle.Length, x.Candidate.Length) / 3))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Candidate)
            .ToArray();
    }
}
