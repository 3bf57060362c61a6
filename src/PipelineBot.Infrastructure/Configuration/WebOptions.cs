namespace PipelineBot.Infrastructure.Configuration;

/// <summary>The bot's own web address (<c>PipelineBot:Web</c>), for the links it hands out in chat.</summary>
public sealed class WebOptions
{
    public const string Section = "PipelineBot:Web";

    /// <summary>Where people reach the bot (behind any proxy), e.g. <c>https://pipelinebot.example.com</c>.</summary>
    public string? PublicUrl { get; set; } = "http://localhost:5000";
}

/// <summary>The links the bot hands out, on its public address.</summary>
public sealed record WebLinks(Uri PublicUrl)
{
    /// <summary>A member's calendar feed (<paramref name="feed"/>: <c>mine</c> or <c>team</c>).</summary>
    public string Calendar(string token, string feed) => new Uri(PublicUrl, $"calendar/{token}/{feed}.ics").AbsoluteUri;

    /// <summary>A one-time sign-in link to the web pages.</summary>
    public string SignIn(string token) => new Uri(PublicUrl, $"app/sign-in?token={token}").AbsoluteUri;
}
