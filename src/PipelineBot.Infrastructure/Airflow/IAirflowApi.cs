using System.Text.Json;
using System.Text.Json.Nodes;
using Refit;

namespace PipelineBot.Infrastructure.Airflow;

/// <summary>
/// The calls of Airflow's stable REST API the bot makes, relative to the webserver root: <c>{api}</c> is <c>v1</c>
/// (Airflow 2) or <c>v2</c> (Airflow 3), and Airflow 3 signs in at <c>/auth/token</c>. Every answer comes back whole, for
/// <see cref="AirflowAnswer"/> to read: a 404 or a 409 is an answer the client acts on, and a refusal is quoted in
/// Airflow's own words. The credentials are a parameter because the client renews an Airflow 3 token Airflow refused
/// and sends the call once more.
/// </summary>
[Headers("Accept: application/json")]
internal interface IAirflowApi
{
    [Post("/api/{api}/dags/{dagId}/dagRuns")]
    Task<HttpResponseMessage> TriggerDagRunAsync(string api, [Header("Authorization")] string credentials, string dagId, [Body] JsonObject dagRun, CancellationToken cancellationToken);

    [Post("/api/{api}/dags/{dagId}/clearTaskInstances")]
    Task<HttpResponseMessage> ClearTaskInstancesAsync(string api, [Header("Authorization")] string credentials, string dagId, [Body] JsonObject clear, CancellationToken cancellationToken);

    [Get("/api/{api}/dags/{dagId}/dagRuns/{dagRunId}")]
    Task<HttpResponseMessage> GetDagRunAsync(string api, [Header("Authorization")] string credentials, string dagId, string dagRunId, CancellationToken cancellationToken);

    [Get("/api/{api}/dags/{dagId}/dagRuns")]
    Task<HttpResponseMessage> GetDagRunsAsync(
        string api, [Header("Authorization")] string credentials, string dagId, int limit, [AliasAs("order_by")] string orderBy, CancellationToken cancellationToken);

    [Get("/api/{api}/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}")]
    Task<HttpResponseMessage> GetTaskInstanceAsync(string api, [Header("Authorization")] string credentials, string dagId, string dagRunId, string taskId, CancellationToken cancellationToken);

    /// <summary>A try's whole log (<c>full_content</c>) as JSON: Airflow 2 answers one string, Airflow 3 a list of lines or structured messages.</summary>
    [Get("/api/{api}/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}/logs/{tryNumber}?full_content=true")]
    Task<HttpResponseMessage> GetLogAsync(
        string api, [Header("Authorization")] string credentials, string dagId, string dagRunId, string taskId, int tryNumber, CancellationToken cancellationToken);

    /// <summary>Airflow 3's sign-in (<c>POST /auth/token</c> with username and password), answering a JWT.</summary>
    [Post("/auth/token")]
    Task<HttpResponseMessage> SignInAsync([Body] JsonObject login, CancellationToken cancellationToken);
}

/// <summary>The Refit client over the HttpClient the app gives <see cref="AirflowClient"/>.</summary>
internal static class AirflowApi
{
    /// <summary>
    /// Bodies are serialized into a buffer (a Content-Length, and a retry can send the request again). A call that gets
    /// no answer is an <see cref="AirflowException"/> saying where Airflow was looked for and for what.
    /// </summary>
    public static IAirflowApi For(HttpClient http) => RestService.ForGenerated<IAirflowApi>(http, new RefitSettings(new SystemTextJsonContentSerializer(new JsonSerializerOptions()))
    {
        RequestBodySerialization = RequestBodySerializationMode.Buffered,
        TransportExceptionFactory = (request, e, cancellationToken) => Unanswered(request, e, http.Timeout, cancellationToken),
    });

    private static Exception Unanswered(HttpRequestMessage request, Exception e, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var where = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Authority) : "its BaseUrl";
        var what = AirflowAnswer.Describe(request);
        return e switch
        {
            HttpRequestException => new AirflowException($"Could not reach Airflow at {where} for {what}: {e.Message}", e),
            TaskCanceledException when !cancellationToken.IsCancellationRequested =>
                new AirflowException($"Airflow at {where} did not answer {what} within {timeout.TotalSeconds:0} s.", e),
            _ => e,
        };
    }
}
