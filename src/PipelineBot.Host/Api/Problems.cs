using Microsoft.AspNetCore.Http.HttpResults;

namespace PipelineBot.Host.Api;

/// <summary>RFC 7807 answers for requests the bot will not act on.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadQuery(IReadOnlyList<string> errors) =>
        TypedResults.Problem(
            title: "The query is not valid.",
            detail: string.Join(" ", errors),
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound);
}
