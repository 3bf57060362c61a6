using Microsoft.Playwright;

namespace PipelineBot.WebChat.Tests;

/// <summary>
/// Debian's chromium under Playwright. It must be installed (test.sh does it with apt-get); a missing browser fails the
/// test saying so, rather than skipping it or letting Playwright try to download one of its own.
/// </summary>
public static class DebianChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>The test collection of the browser tests: one runs at a time, as each drives a whole bot and a browser.</summary>
    public const string Collection = "Debian chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"The web chat tests drive Debian's chromium at {Path}, which is not installed: run ./test.sh (it installs it) or `apt-get install chromium`.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
