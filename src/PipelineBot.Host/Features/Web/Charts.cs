using System.Globalization;
using System.Text;
using static PipelineBot.Host.Features.Web.Html;

namespace PipelineBot.Host.Features.Web;

/// <summary>One bar of a chart: its label, its value (null: nothing to show), and whether it meets its target.</summary>
internal sealed record Bar(string Label, double? Value, bool Met);

/// <summary>Horizontal bar charts as inline SVG, drawn on the server: a bar per row against a target line.</summary>
internal static class Charts
{
    private const int LabelWidth = 280;
    private const int PlotWidth = 420;
    private const int RowHeight = 26;
    private const int Top = 24;

    /// <param name="min">The value at the left edge; bars below it are drawn from it.</param>
    public static string Bars(string id, string title, IReadOnlyList<Bar> bars, double min, double max, double target, string targetLabel, Func<double, string> format)
    {
        var height = Top + (bars.Count * RowHeight) + 10;
        var width = LabelWidth + PlotWidth + 90;
        double X(double value) => LabelWidth + (Math.Clamp(value, min, max) - min) / (max - min) * PlotWidth;
        var svg = new StringBuilder(Invariant($"""<svg id="{id}" role="img" aria-label="{E(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">"""));
        svg.Append(Invariant($"""<title>{E(title)}</title><text x="0" y="14" font-weight="600">{E(title)}</text>"""));
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = Top + (i * RowHeight);
            svg.Append(Invariant($"""<text x="{LabelWidth - 8}" y="{y + 16}" text-anchor="end">{E(bar.Label)}</text>"""));
            if (bar.Value is { } value)
            {
                var end = X(value);
                svg.Append(Invariant($"""<rect class="bar" data-label="{E(bar.Label)}" data-value="{E(format(value))}" x="{LabelWidth}" y="{y + 4}" width="{Math.Max(end - LabelWidth, 1):0.#}" height="{RowHeight - 8}" fill="{(bar.Met ? "#2da44e" : "#cf222e")}"/>"""));
                svg.Append(Invariant($"""<text x="{end + 6:0.#}" y="{y + 16}">{E(format(value))}</text>"""));
            }
            else
            {
                svg.Append(Invariant($"""<text x="{LabelWidth + 4}" y="{y + 16}" fill="#57606a">none</text>"""));
            }
        }

        var line = X(target);
        svg.Append(Invariant($"""<line x1="{line:0.#}" x2="{line:0.#}" y1="{Top - 4}" y2="{height - 6}" stroke="#0969da" stroke-dasharray="4 3"/>"""));
        svg.Append(Invariant($"""<text x="{line + 4:0.#}" y="{Top - 8}" fill="#0969da">{E(targetLabel)}</text></svg>"""));
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
