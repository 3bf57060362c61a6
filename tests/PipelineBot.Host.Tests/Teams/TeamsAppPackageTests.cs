using System.Buffers.Binary;
using System.IO.Compression;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Schema;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Teams;

/// <summary>The Teams app package the build makes (manifest/teams): a manifest valid against the Teams schema, and real icons.</summary>
public class TeamsAppPackageTests
{
    // The Host's output folder of the configuration these tests were built in (bin/<Configuration>/<framework>/).
    private static readonly DirectoryInfo Output = new(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    private static readonly string Package = Path.Combine(RepositoryFiles.Root, "src", "PipelineBot.Host", "bin", Output.Parent!.Name, Output.Name, "teams-app.zip");

    [Fact]
    public void The_manifest_is_valid_against_the_Teams_v1_22_schema_with_a_bot_in_every_scope_and_its_commands()
    {
        using var zip = ZipFile.OpenRead(Package);
        var manifest = JObject.Parse(Read(zip, "manifest.json").AsString());
        var schema = JSchema.Parse(File.ReadAllText(RepositoryFiles.Fixture("teams/schema/v1.22/MicrosoftTeams.schema.json")));

        var valid = manifest.IsValid(schema, out IList<string> errors);

        Assert.True(valid, string.Join(Environment.NewLine, errors));
        var bot = Assert.Single((JArray)manifest["bots"]!);
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.Values<string>());
        var commands = bot["commandLists"]![0]!["commands"]!.Select(c => (string)c["title"]!).ToList();
        Assert.Contains("who's on call", commands);
        Assert.Contains("help", commands);
    }

    [Fact]
    public void The_package_holds_the_manifest_and_icons_of_the_sizes_Teams_asks_for_at_its_root()
    {
        using var zip = ZipFile.OpenRead(Package);

        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Equal((192, 192), PngSize(Read(zip, "color.png")));
        Assert.Equal((32, 32), PngSize(Read(zip, "outline.png")));
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Width and height from a PNG's IHDR chunk, after checking the signature.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}

internal static class Bytes
{
    public static string AsString(this byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
