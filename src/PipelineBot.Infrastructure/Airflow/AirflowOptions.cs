namespace PipelineBot.Infrastructure.Airflow;

/// <summary>
/// Where the team's Airflow is and how the bot signs in to it (<c>PipelineBot:Airflow</c>). Airflow is on when
/// <see cref="BaseUrl"/> is set; the username and password belong in the environment
/// (<c>PipelineBot__Airflow__Username</c>, <c>PipelineBot__Airflow__Password</c>), never in appsettings.json.
/// </summary>
public sealed class AirflowOptions
{
    public const string Section = "PipelineBot:Airflow";

    /// <summary>What the bot answers a rerun, backfill or rebuild with while Airflow is not configured: every key an operator has to set.</summary>
    public const string WhatToSet =
        "Airflow is not configured, so the bot cannot rerun, backfill or rebuild anything: set PipelineBot:Airflow:BaseUrl to the Airflow "
        + "webserver root (like https://airflow.example.com), PipelineBot:Airflow:Username and PipelineBot:Airflow:Password "
        + "to an Airflow account that may trigger and clear DAG runs (in the environment, as PipelineBot__Airflow__Username "
        + "and PipelineBot__Airflow__Password), and PipelineBot:Airflow:ApiVersion to 2 for Airflow 2 or 3 for Airflow 3.";

    /// <summary>The webserver root, like <c>https://airflow.example.com</c>; the client adds <c>/api/v1</c> or <c>/api/v2</c>.</summary>
    public string? BaseUrl { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The Airflow major version: 2 (REST API <c>/api/v1</c>, basic auth) or 3 (<c>/api/v2</c>, a JWT from <c>/auth/token</c>).</summary>
    public int ApiVersion { get; set; } = 2;

    /// <summary>How often the bot asks Airflow about a run it follows.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a rerun keeps trying an Airflow that does not answer before it fails, from the first failed try.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromMinutes(15);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>What is wrong with these settings, each naming its key; empty when they can be used (or Airflow is simply off).</summary>
    public static IReadOnlyList<string> Problems(AirflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.IsConfigured)
        {
            if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var root) || (root.Scheme != Uri.UriSchemeHttps && root.Scheme != Uri.UriSchemeHttp))
            {
                problems.Add($"{Section}:BaseUrl '{options.BaseUrl}' is not an absolute http(s) URL such as https://airflow.example.com.");
            }
            else if (root.AbsolutePath.TrimEnd('/').EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase)
                || root.AbsolutePath.TrimEnd('/').EndsWith("/api/v2", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{Section}:BaseUrl '{options.BaseUrl}' ends in the API path: give the webserver root; the bot adds /api/v1 or /api/v2 after {Section}:ApiVersion.");
            }

            if (string.IsNullOrEmpty(options.Username))
            {
                problems.Add($"{Section}:Username is empty: the bot needs an Airflow account to trigger and clear runs (set PipelineBot__Airflow__Username in the environment).");
            }

            if (string.IsNullOrEmpty(options.Password))
            {
                problems.Add($"{Section}:Password is empty: set PipelineBot__Airflow__Password in the environment.");
            }
        }

        if (options.ApiVersion is not (2 or 3))
        {
            problems.Add($"{Section}:ApiVersion is {options.ApiVersion}; it must be 2 (Airflow 2, REST API /api/v1) or 3 (Airflow 3, REST API /api/v2).");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:PollInterval is {options.PollInterval}; it must be positive, like 00:00:30.");
        }

        if (options.GiveUpAfter <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:GiveUpAfter is {options.GiveUpAfter}; it must be positive, like 00:15:00.");
        }

        return problems;
    }
}
