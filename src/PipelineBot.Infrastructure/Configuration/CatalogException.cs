namespace PipelineBot.Infrastructure.Configuration;

/// <summary>
/// The configured catalog cannot run the bot. Thrown at start with every problem at once, each naming its configuration
/// key, so one edit of appsettings.json can fix them all.
/// </summary>
public sealed class CatalogException : Exception
{
    public CatalogException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem as "key: what is wrong", in the order of the configuration.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems) =>
        $"The PipelineBot configuration has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:"
        + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}"));
}
