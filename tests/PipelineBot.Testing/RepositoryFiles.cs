namespace PipelineBot.Testing;

/// <summary>Finds files of this repository from a test's output folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string AppSettings => Path.Combine(Root, "appsettings.json");

    /// <summary>A file of the third-party reference material in <c>tests/fixtures</c> (see its SOURCES.md), such as <c>teams/activities/x.json</c>.</summary>
    public static string Fixture(string relativePath) => Path.Combine(Root, "tests", "fixtures", relativePath);

    private static string FindRoot()
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
