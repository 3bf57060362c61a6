namespace PipelineBot.Infrastructure.Configuration;

/// <summary>
/// The configuration cannot run the bot. Thrown at start with every problem of every feature at once, each naming its
/// configuration key, so one edit of appsettings.json can fix them all (<see cref="CheckedOptions.ValidateOptions"/>).
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
