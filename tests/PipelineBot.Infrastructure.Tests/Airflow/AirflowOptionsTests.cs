using NodaTime;
using PipelineBot.Infrastructure.Airflow;

namespace PipelineBot.Infrastructure.Tests.Airflow;

public class AirflowOptionsTests
{
    private static AirflowOptions Good() => new()
    {
        BaseUrl = "https://airflow.example.com",
        Username = "pipelinebot",
        Password = "secret",
        ApiVersion = 3,
    };

    [Fact]
    public void Options_ThatAreComplete_OrLeaveAirflowOff_HaveNoProblems()
    {
        Assert.Empty(AirflowOptions.Problems(Good()));
        Assert.Empty(AirflowOptions.Problems(new AirflowOptions()));
        Assert.False(new AirflowOptions().IsConfigured);
        Assert.Equal(2, new AirflowOptions().ApiVersion);
        Assert.Equal(TimeSpan.FromSeconds(30), new AirflowOptions().PollInterval);
    }

    [Theory]
    [InlineData("BaseUrl", "airflow.example.com")]
    [InlineData("BaseUrl", "ftp://airflow.example.com")]
    [InlineData("BaseUrl", "https://airflow.example.com/api/v1")]
    [InlineData("BaseUrl", "https://airflow.example.com/api/v2/")]
    [InlineData("ApiVersion", "1")]
    [InlineData("ApiVersion", "4")]
    [InlineData("PollInterval", "00:00:00")]
    [InlineData("Username", "")]
    [InlineData("Password", "")]
    public void Options_WithABadValue_HaveAProblemNamingItsKey(string key, string value)
    {
        var options = Good();
        switch (key)
        {
            case "BaseUrl": options.BaseUrl = value; break;
            case "ApiVersion": options.ApiVersion = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "PollInterval": options.PollInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Username": options.Username = value; break;
            case "Password": options.Password = value; break;
        }

        var problem = Assert.Single(AirflowOptions.Problems(options));
        Assert.StartsWith($"PipelineBot:Airflow:{key} ", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DagRun.Queued, false, false)]
    [InlineData(DagRun.Running, false, false)]
    [InlineData(DagRun.Success, true, true)]
    [InlineData(DagRun.Failed, true, false)]
    public void DagRun_IsFinished_OnlyOnceItSucceededOrFailed(string state, bool finished, bool succeeded)
    {
        var run = new DagRun("profit_daily", "r", state, Instant.FromUtc(2026, 11, 20, 0, 0), null, null);

        Assert.Equal(finished, run.IsFinished);
        Assert.Equal(succeeded, run.Succeeded);
    }
}
