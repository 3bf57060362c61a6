using PipelineBot.Domain.Catalog;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// The page: <c>GET /</c> serves web/index.html, which loads the Web Chat bundle (copied from npm by the build) and
/// web/page.js, which asks <c>GET /webchat/members</c> who can be chosen.
/// </summary>
internal static class WebChatPage
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "webchat");

    public static IEndpointRouteBuilder MapWebChatPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Serve("index.html", "text/html; charset=utf-8"));
        app.MapGet("/webchat/webchat.js", () => Serve("webchat.js", "text/javascript; charset=utf-8"));
        app.MapGet("/webchat/page.js", () => Serve("page.js", "text/javascript; charset=utf-8"));
        app.MapGet("/webchat/members", (Catalog catalog) => TypedResults.Ok(catalog.Members.Select(m => new WebChatMember(m.Id, m.Name))));
        return app;
    }

    private static IResult Serve(string file, string contentType)
    {
        var path = Path.Combine(Folder, file);
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, contentType, enableRangeProcessing: false)
            : TypedResults.Problem(
                detail: $"{path} is missing: the build copies it from web/ (the Web Chat bundle after `npm ci` there).",
                statusCode: StatusCodes.Status404NotFound);
    }
}

/// <summary>Someone the page lets you be.</summary>
internal sealed record WebChatMember(string Id, string Name);
