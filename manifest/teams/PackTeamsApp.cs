using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Writes the Teams app zip: manifest.json (the placeholder bot id replaced when one is given) and the icons Teams asks
/// for, drawn here: color.png 192x192 (white pipeline on the accent colour) and outline.png 32x32 (white on transparent).
/// </summary>
public sealed class PackTeamsApp : Task
{
    private const string PlaceholderBotId = "00000000-0000-0000-0000-000000000000";

    [Required]
    public string Manifest { get; set; } = "";

    public string BotId { get; set; } = "";

    [Required]
    public string Package { get; set; } = "";

    public override bool Execute()
    {
        var manifest = File.ReadAllText(Manifest);
        if (!string.IsNullOrWhiteSpace(BotId))
        {
            if (!Guid.TryParse(BotId, out _))
            {
                Log.LogError("TeamsBotId '{0}' is not a GUID (the bot's Microsoft App ID).", BotId);
                return false;
            }

            manifest = manifest.Replace(PlaceholderBotId, BotId.Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Package)));
        File.Delete(Package);
        using (var zip = ZipFile.Open(Package, ZipArchiveMode.Create))
        {
            Add(zip, "manifest.json", Encoding.UTF8.GetBytes(manifest));
            Add(zip, "color.png", Icon(192, color: true));
            Add(zip, "outline.png", Icon(32, color: false));
        }

        Log.LogMessage(MessageImportance.Normal, "Teams app package: {0}", Package);
        return true;
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using (var stream = zip.CreateEntry(name).Open())
        {
            stream.Write(content, 0, content.Length);
        }
    }

    /// <summary>A pipeline: two horizontal pipes joined by a vertical one, in white; the colour icon has a rounded accent square behind it.</summary>
    private static byte[] Icon(int size, bool color)
    {
        var pixels = new byte[size * size * 4];
        double unit = size / 32.0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                double u = (x + 0.5) / unit, v = (y + 0.5) / unit;
                var pipe = (v >= 7 && v < 12 && u >= 4 && u < 22) || (v >= 20 && v < 25 && u >= 10 && u < 28) || (u >= 17 && u < 22 && v >= 7 && v < 25);
                var i = (y * size + x) * 4;
                if (pipe)
                {
                    pixels[i] = pixels[i + 1] = pixels[i + 2] = pixels[i + 3] = 255;
                }
                else if (color)
                {
                    pixels[i] = 0x3A;
                    pixels[i + 1] = 0x4F;
                    pixels[i + 2] = 0xB8;
                    pixels[i + 3] = 255;
                }
            }
        }

        return Png(size, pixels);
    }

    private static byte[] Png(int size, byte[] rgba)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < size; y++)
        {
            raw.WriteByte(0);
            raw.Write(rgba, y * size * 4, size * 4);
        }

        var header = new byte[13];
        BigEndian(header, 0, (uint)size);
        BigEndian(header, 4, (uint)size);
        header[8] = 8;
        header[9] = 6;
        var png = new MemoryStream();
        png.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, 0, 8);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", Zlib(raw.ToArray()));
        Chunk(png, "IEND", new byte[0]);
        return png.ToArray();
    }

    /// <summary>The zlib wrapping PNG requires around raw deflate data: a header, then the Adler-32 of the input.</summary>
    private static byte[] Zlib(byte[] data)
    {
        var output = new MemoryStream();
        output.WriteByte(0x78);
        output.WriteByte(0x9C);
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data, 0, data.Length);
        }

        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        var adler = new byte[4];
        BigEndian(adler, 0, (b << 16) | a);
        output.Write(adler, 0, 4);
        return output.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BigEndian(length, 0, (uint)data.Length);
        png.Write(length, 0, 4);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes, 0, 4);
        png.Write(data, 0, data.Length);
        var crc = new byte[4];
        BigEndian(crc, 0, Crc32(typeBytes, data));
        png.Write(crc, 0, 4);
    }

    private static uint Crc32(byte[] type, byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var part in new[] { type, data })
        {
            foreach (var value in part)
            {
                crc ^= value;
                for (var k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
                }
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static void BigEndian(byte[] target, int offset, uint value)
    {
        target[offset] = (byte)(value >> 24);
        target[offset + 1] = (byte)(value >> 16);
        target[offset + 2] = (byte)(value >> 8);
        target[offset + 3] = (byte)value;
    }
}
