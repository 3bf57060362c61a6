using System.Net;

namespace PipelineBot.Infrastructure.Airflow;

/// <summary>
/// Airflow could not do what the bot asked, told in words an on-call engineer can act on: the status, what was asked,
/// and Airflow's own explanation (the problem's title and detail).
/// </summary>
public sealed class AirflowException : Exception
{
    public AirflowException()
    {
    }

    public AirflowException(string message)
        : base(message)
    {
    }

    public AirflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AirflowException(string message, HttpStatusCode statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Airflow's answer, when it answered; null when it could not be reached or is not configured.</summary>
    public HttpStatusCode? StatusCode { get; }
}
