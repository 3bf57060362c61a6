using System.Globalization;
using System.Net;
using System.Text;

namespace PipelineBot.Host.Features.Web;

/// <summary>
/// Server-rendered HTML: every value from data goes through <see cref="E"/>, the one place text becomes markup, and
/// every page through <see cref="Page"/>, one small stylesheet that reads on a phone (no script, no CDN).
/// </summary>
internal static class Html
{
    private const string Style = """
        :root { color-scheme: light; --line: #d0d7de; --muted: #57606a; --ok: #1a7f37; --bad: #cf222e; --accent: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #f6f8fa; }
        header { background: #24292f; color: #fff; padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; }
        header a { color: #fff; text-decoration: none; } header a[aria-current] { text-decoration: underline; }
        header .who { margin-left: auto; font-size: .9em; opacity: .85; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.4rem; margin: .2rem 0 .8rem; } h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
        section, .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin-bottom: 1rem; }
        .muted { color: var(--muted); } .ok { color: var(--ok); } .bad { color: var(--bad); }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: .85em; color: var(--muted); font-weight: 600; }
        .month { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); gap: 2px; }
        .month .dow { font-size: .8em; color: var(--muted); text-align: center; }
        .day { background: #fff; border: 1px solid var(--line); min-height: 4.6rem; padding: .2rem .3rem; font-size: .85em; overflow-wrap: break-word; hyphens: auto; }
        .day.other { opacity: .45; } .day.today { outline: 2px solid var(--accent); }
        .day .n { font-weight: 600; } .tag { display: inline-block; border-radius: 3px; padding: 0 .25rem; font-size: .8em; margin-top: .1rem; }
        .holiday { background: #fff8c5; } .override { background: #ddf4ff; }
        .nav { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
        form.inline { display: inline; } label { display: inline-block; margin: .2rem .6rem .2rem 0; }
        input, select, button { font: inherit; padding: .25rem .4rem; } button { cursor: pointer; }
        .notice { background: #dafbe1; border-color: #4ac26b; } .problem { background: #ffebe9; border-color: #ff8182; }
        ol.timeline { padding-left: 1.2rem; } ol.timeline li { margin: .2rem 0; }
        svg { max-width: 100%; height: auto; } svg text { font: 12px system-ui, sans-serif; }
        @media (max-width: 600px) { body { font-size: 14px; } .day { min-height: 3.4rem; font-size: .72em; } .day .tag { font-size: .7em; padding: 0 .1rem; } main { padding: .5rem; } }
        """;

    private static readonly (string Path, string Title)[] Sections =
        [("/app", "On call"), ("/app/incidents", "Incidents"), ("/app/pipelines", "Pipelines"), ("/app/sla", "SLA review")];

    /// <summary>Text as HTML: nothing in it can become markup.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A member's name, or the id itself for one the catalog no longer has (history outlives turnover).</summary>
    public static string Name(Domain.Catalog.Catalog catalog, string memberId) => catalog.FindMember(memberId)?.Name ?? memberId;

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <param name="section">The path of the section the page belongs to, marked in the navigation.</param>
    /// <param name="user">The signed-in person, or null on the sign-in pages.</param>
    public static IResult Page(string title, string section, WebUser? user, string body, int status = 200)
    {
        var page = new StringBuilder();
        page.Append($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · PipelineBot</title><style>{Style}</style></head>
            <body><header><strong>PipelineBot</strong>
            """);
        if (user is not null)
        {
            foreach (var (path, name) in Sections)
            {
                page.Append($"""<a href="{path}"{(path == section ? " aria-current=\"page\"" : "")}>{name}</a>""");
            }

            page.Append($"""<span class="who">{E(user.Member.Name)} · <form class="inline" method="post" action="/app/sign-out"><input type="hidden" name="token" value="{E(user.FormToken)}"><button type="submit">Sign out</button></form></span>""");
        }

        page.Append($"</header><main><h1>{E(title)}</h1>{body}</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
