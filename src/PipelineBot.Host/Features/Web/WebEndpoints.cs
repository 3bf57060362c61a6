using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Web;

namespace PipelineBot.Host.Features.Web;

/// <summary>The signed-in person on a page: who they are, and the token their forms carry.</summary>
internal sealed record WebUser(Member Member, string FormToken)
{
    public bool IsManager => Member.Roles.Contains(Roles.Manager);
}

/// <summary>
/// The web pages under <c>/app</c>: the on-call calendar, incidents, pipelines and the SLA review, for members signed in
/// through a one-time link from chat ("web"). Members read everything; managers also set and cancel overrides.
/// </summary>
internal static class WebEndpoints
{
    public const string Cookie = "pipelinebot-session";

    private const string UserKey = "pipelinebot.web-user";

    public static IEndpointRouteBuilder MapWebPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/app/sign-in", ConfirmSignIn);
        app.MapPost("/app/sign-in", SignInAsync).DisableAntiforgery();

        var pages = app.MapGroup("/app").AddEndpointFilter(RequireSessionAsync);
        pages.MapPost("/sign-out", SignOutAsync).DisableAntiforgery();
        pages.MapGet("/", CalendarPage.ShowAsync);
        pages.MapPost("/overrides", CalendarPage.SetOverrideAsync).DisableAntiforgery();
        pages.MapPost("/overrides/{id:long}/cancel", CalendarPage.CancelOverrideAsync).DisableAntiforgery();
        pages.MapGet("/incidents", IncidentPages.ListAsync);
        pages.MapGet("/incidents/{id:long}", IncidentPages.ShowAsync);
        pages.MapGet("/pipelines", PipelinesPage.ShowAsync);
        pages.MapGet("/sla", SlaPage.ShowAsync);
        return app;
    }

    public static WebUser User(HttpContext context) => (WebUser)context.Items[UserKey]!;

    /// <summary>A page for whoever is signed in; a 401 page saying how to sign in for everyone else.</summary>
    private static async ValueTask<object?> RequireSessionAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var services = context.RequestServices;
        if (context.Request.Cookies[Cookie] is { Length: > 0 and <= 100 } cookie
            && await services.GetRequiredService<WebSignIn>().SessionAsync(cookie, context.RequestAborted) is { } session
            && services.GetRequiredService<Catalog>().FindMember(session.MemberId) is { } member)
        {
            context.Items[UserKey] = new WebUser(member, session.FormToken);

            // A form must carry the session's token: another site can make a browser post, but cannot read the token.
            if (HttpMethods.IsPost(context.Request.Method)
                && (!context.Request.HasFormContentType || (await context.Request.ReadFormAsync(context.RequestAborted))["token"] != session.FormToken))
            {
                return Html.Page("Not sent from this site", "", context.Items[UserKey] as WebUser, "<section class=\"problem\"><p>That form did not come from these pages; nothing changed. Go back and try again.</p></section>", 403);
            }

            return await next(invocation);
        }

        return Html.Page("Sign in", "", null,
            "<section><p>Say <strong>web</strong> to PipelineBot in a direct message (Teams, Slack or the web chat): it sends you a link that signs you in here. The link works once, for 10 minutes.</p></section>",
            401);
    }

    /// <summary>
    /// The link's page asks for one press before it uses the token: chat apps fetch links to preview them, and a GET
    /// that signed in would spend the link on the preview.
    /// </summary>
    private static IResult ConfirmSignIn(string? token) => Html.Page("Sign in to PipelineBot", "", null,
        $"""<section><form method="post" action="/app/sign-in"><input type="hidden" name="token" value="{Html.E(token)}"><button type="submit" id="sign-in">Sign in</button></form></section>""");

    private static async Task<IResult> SignInAsync(HttpContext context, WebSignIn signIn, CancellationToken cancellationToken)
    {
        var token = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(cancellationToken))["token"].ToString() : null;
        if (token is not { Length: > 0 and <= 100 } || await signIn.RedeemAsync(token, cancellationToken) is not { } redeemed)
        {
            return Html.Page("This link no longer works", "", null,
                "<section class=\"problem\"><p>The sign-in link was used already or is more than 10 minutes old. Say <strong>web</strong> to PipelineBot in a direct message for a new one.</p></section>",
                401);
        }

        context.Response.Cookies.Append(Cookie, redeemed.Cookie, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/app",
            MaxAge = WebSignIn.SessionLifetime.ToTimeSpan(),
        });
        return Results.Redirect("/app");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, WebSignIn signIn, CancellationToken cancellationToken)
    {
        await signIn.SignOutAsync(context.Request.Cookies[Cookie]!, cancellationToken);

        context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/app" });
        return Html.Page("Signed out", "", null, "<section><p>You are signed out. Say <strong>web</strong> to PipelineBot to sign in again.</p></section>");
    }
}
