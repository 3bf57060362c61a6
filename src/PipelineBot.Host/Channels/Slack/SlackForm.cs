using System.Text;
using System.Text.Unicode;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Reads an <c>application/x-www-form-urlencoded</c> body (slash commands; interactions' <c>payload=</c> field),
/// url-decoding values in place: decoding only shortens, so no second buffer is needed.
/// </summary>
internal static class SlackForm
{
    /// <summary>
    /// The decoded bytes of one field, or an empty span with false when the body has no such field or its decoded
    /// value is not UTF-8 (percent escapes can spell any byte).
    /// </summary>
    public static bool TryField(Span<byte> body, ReadOnlySpan<byte> name, out Span<byte> value)
    {
        var rest = body;
        while (!rest.IsEmpty)
        {
            var amp = rest.IndexOf((byte)'&');
            var pair = amp < 0 ? rest : rest[..amp];
            var eq = pair.IndexOf((byte)'=');
            if (eq >= 0 && pair[..eq].SequenceEqual(name))
            {
                value = pair[(eq + 1)..][..Decode(pair[(eq + 1)..])];
                return Utf8.IsValid(value);
            }

            rest = amp < 0 ? [] : rest[(amp + 1)..];
        }

        value = [];
        return false;
    }

    /// <summary>Every field, decoded, by name (the last of repeated names wins); null when a decoded name or value is not UTF-8.</summary>
    public static Dictionary<string, string>? Fields(Span<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = body;
        while (!rest.IsEmpty)
        {
            var amp = rest.IndexOf((byte)'&');
            var pair = amp < 0 ? rest : rest[..amp];
            var eq = pair.IndexOf((byte)'=');
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? [] : pair[(eq + 1)..];
            name = name[..Decode(name)];
            value = value[..Decode(value)];
            if (!Utf8.IsValid(name) || !Utf8.IsValid(value))
            {
                return null;
            }

            fields[Encoding.UTF8.GetString(name)] = Encoding.UTF8.GetString(value);
            rest = amp < 0 ? [] : rest[(amp + 1)..];
        }

        return fields;
    }

    /// <summary>Decodes <c>+</c> and <c>%XX</c> in place and returns the decoded length; a malformed escape is kept as it is.</summary>
    private static int Decode(Span<byte> text)
    {
        var to = 0;
        for (var from = 0; from < text.Length; from++, to++)
        {
            var b = text[from];
            if (b == (byte)'+')
            {
                b = (byte)' ';
            }
            else if (b == (byte)'%' && from + 2 < text.Length && Hex(text[from + 1]) is var high and >= 0 && Hex(text[from + 2]) is var low and >= 0)
            {
                b = (byte)((high << 4) | low);
                from += 2;
            }

            text[to] = b;
        }

        return to;
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
