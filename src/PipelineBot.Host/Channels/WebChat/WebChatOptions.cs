using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary><c>PipelineBot:WebChat</c>: whether the local web chat is on.</summary>
public sealed class WebChatOptions
{
    public const string Section = "PipelineBot:WebChat";

    /// <summary>true, false, or auto (the default): on when neither Teams nor Slack is configured.</summary>
    public string? Enabled { get; set; }

    internal enum Switch
    {
        Auto,
        On,
        Off,
        Unreadable,
    }

    internal static Switch Read(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return Switch.Auto;
        }

        return bool.TryParse(text, out var enabled) ? (enabled ? Switch.On : Switch.Off) : Switch.Unreadable;
    }

    /// <summary>Notes what is wrong with these settings, each under its key (<see cref="CheckedOptions"/>).</summary>
    internal static void Check(ConfigurationReader reader, WebChatOptions options)
    {
        if (Read(options.Enabled) == Switch.Unreadable)
        {
            reader.Problem($"{Section}:Enabled", $"'{options.Enabled?.Trim()}' is not true, false or auto");
        }
    }
}
