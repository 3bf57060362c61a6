using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PipelineBot.WebChat.Tests;

/// <summary>
/// Pictures for people to look at, taken after the test checked what they show. They go to the folder named by
/// <c>PIPELINEBOT_SCREENSHOTS</c>, else to <c>screenshots</c> beside the test binaries.
/// </summary>
public static class Screenshots
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static string Folder => Environment.GetEnvironmentVariable("PIPELINEBOT_SCREENSHOTS") is { Length: > 0 } named ? named : Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The viewport with <paramref name="subject"/> scrolled into it; with <paramref name="fullPage"/>, the whole page.</summary>
    public static async Task TakeAsync(IPage page, ILocator subject, string name, bool fullPage = false)
    {
        await subject.ScrollIntoViewIfNeededAsync();
        await Expect(subject).ToBeInViewportAsync();
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        await page.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png, FullPage = fullPage });
        Assert.Equal(PngSignature, File.ReadAllBytes(path)[..PngSignature.Length]);
    }
}
