namespace PipelineBot.Host.Tests.Rendering;

/// <summary>Answers as the core writes them (plain text with light Markdown), and what a reader must see of them.</summary>
public static class Samples
{
    /// <summary>Shaped like "status profit": a bold line, plain lines, a bullet list and a line after it.</summary>
    public const string Status = "**Profit** (dag profit_daily)\nLast runs:\n- scheduled__2026-11-22: success, 1,204 records\n- scheduled__2026-11-21: failed\nOn call: Jackson Long";

    /// <summary>Each line of <see cref="Status"/> as a reader sees it, bullets shown as •.</summary>
    public static readonly string[] StatusShown =
        ["Profit (dag profit_daily)", "Last runs:", "• scheduled__2026-11-22: success, 1,204 records", "• scheduled__2026-11-21: failed", "On call: Jackson Long"];

    /// <summary>Words in angle brackets, as "my holidays" ends.</summary>
    public const string Placeholders = "trade my <holiday> shift with <name>";

    /// <summary>An Airflow log address: underscores and an ampersand that no channel may change.</summary>
    public const string LogUrl = "http://airflow.local/log?dag_id=profit_daily&task_id=load_sales";

    public const string PlaceholdersAndUrl = $"Trade one with \"{Placeholders}\".\nLogs: {LogUrl}";
}
