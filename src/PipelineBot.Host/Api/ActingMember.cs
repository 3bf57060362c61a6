using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Host.Api;

/// <summary>Settings of the HTTP API's write endpoints (<c>PipelineBot:Api</c>).</summary>
internal sealed class ApiOptions
{
    public const string Section = "PipelineBot:Api";

    /// <summary>The bearer token that write requests carry. A secret: set it in the environment, never in appsettings.json.</summary>
    public string? Token { get; set; }
}

/// <summary>
/// Guards the write endpoints, the way PagerDuty's REST API does: the caller proves it may write with the API token, and
/// names the person it acts for by email in the <c>From</c> header; the change is then made and audited as that member.
/// Nothing is changed for a request that fails either check.
/// </summary>
internal sealed class ActingMember(IOptions<ApiOptions> options, Catalog catalog) : IEndpointFilter
{
    private const string MemberKey = "PipelineBot.ActingMember";

    public static Member Of(HttpContext context) => (Member)context.Items[MemberKey]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (options.Value.Token is not { Length: > 0 } token)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "Writes are switched off: set PipelineBot:Api:Token (for example as the environment variable PipelineBot__Api__Token).");
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !SameSecret(header["Bearer ".Length..], token))
        {
            return Refuse(StatusCodes.Status401Unauthorized, "The Authorization header must be 'Bearer <PipelineBot:Api:Token>'.");
        }

        var from = http.Request.Headers.From.ToString();
        if (catalog.FindMemberByEmail(from.Trim()) is not { } member)
        {
            return Refuse(StatusCodes.Status403Forbidden, string.IsNullOrWhiteSpace(from)
                ? "The From header must name the member you act for, by email."
                : $"'{from}' is not the email of a member of the catalog.");
        }

        http.Items[MemberKey] = member;
        return await next(context);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refuse(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);

    // Hashing first gives both sides one length, so the comparison takes the same time whatever the guess.
    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
