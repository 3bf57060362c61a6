using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PipelineBot.Host.Tests;

/// <summary>
/// Starts that cannot succeed, run as an operator runs the bot (<c>dotnet PipelineBot.dll</c>, settings in the
/// environment): what is wrong in plain words on standard error, no stack trace, exit code 1.
/// </summary>
public sealed class StartFailureTests
{
    [Fact]
    public async Task BadSettings_AreListedWithTheirKeys_AndTheProcessExitsWith1()
    {
        using var port = Listener();
        var (exitCode, output) = await RunAsync(port, new()
        {
            ["PipelineBot__Rotation__TimeZone"] = "Mars/Base",
            ["PipelineBot__Rotaton__Start"] = "2026-01-05",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("PipelineBot:Rotation:TimeZone: 'Mars/Base' is not an IANA time zone id", output, StringComparison.Ordinal);
        Assert.Contains("PipelineBot:Rotaton: unknown setting (did you mean 'Rotation'?)", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task APortInUse_IsSaidInOneLine_AndTheProcessExitsWith1()
    {
        using var taken = Listener();
        taken.Start();

        var (exitCode, output) = await RunAsync(taken, []);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}: address already in use", line, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task ADatabaseThatDoesNotAnswer_IsSaidInOneLine_AndTheProcessExitsWith1()
    {
        using var port = Listener();
        using var nobody = Listener();

        var (exitCode, output) = await RunAsync(port, new()
        {
            ["PipelineBot__Storage__Provider"] = "Postgres",
            ["PipelineBot__Storage__ConnectionString"] = $"Host=127.0.0.1;Port={((IPEndPoint)nobody.LocalEndpoint).Port};Username=bot;Password=bot;Database=bot",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("PipelineBot cannot start: the database does not answer: Failed to connect to 127.0.0.1:", line, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    /// <summary>A loopback port of our own; started by the test that needs it taken.</summary>
    private static TcpListener Listener()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new TcpListener(IPAddress.Loopback, port);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(TcpListener port, Dictionary<string, string> settings)
    {
        var folder = Directory.CreateTempSubdirectory("pipelinebot-start-").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "PipelineBot.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{((IPEndPoint)port.LocalEndpoint).Port}";
        start.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        start.Environment["PipelineBot__Storage__ConnectionString"] = $"Data Source={Path.Combine(folder, "pipelinebot.db")}";
        start.Environment["PipelineBot__WebChat__Enabled"] = "false";
        // Settings given here replace the ones above.
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static void AssertNoStackTrace(string output)
    {
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
