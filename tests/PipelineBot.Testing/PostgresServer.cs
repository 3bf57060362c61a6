using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PipelineBot.Testing;

/// <summary>
/// A throw-away PostgreSQL server for one test process: a cluster made with <c>initdb</c> in a temporary folder,
/// started with <c>pg_ctl</c> on a free port of its own, stopped and removed when the process exits. Nothing
/// system-wide is assumed but the binaries (Debian's <c>postgresql</c> package, which <c>./test.sh</c> installs). As
/// root, the server runs as the unprivileged <c>postgres</c> (or <c>nobody</c>) user, since PostgreSQL refuses root.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly string _bin;
    private readonly string _data;
    private readonly string? _runAs;
    private readonly int _port;

    private PostgresServer(string bin, string data, string? runAs, int port) => (_bin, _data, _runAs, _port) = (bin, data, runAs, port);

    /// <summary>This process's server, started on first use.</summary>
    public static Task<PostgresServer> StartedAsync() => Shared.Value;

    /// <summary>A new empty database on the server; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "postgres", Database = database, MaxPoolSize = 50 }.ConnectionString;

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = Binaries() ?? throw new InvalidOperationException(
            "PostgreSQL's initdb and pg_ctl were not found on PATH or under /usr/lib/postgresql/*/bin: install the Debian package 'postgresql' (./test.sh does).");
        var folder = Directory.CreateTempSubdirectory("pipelinebot-pg-").FullName;
        var data = Path.Combine(folder, "data");
        var runAs = Environment.UserName == "root" ? (UserExists("postgres") ? "postgres" : "nobody") : null;
        if (runAs is not null)
        {
            await RunAsync("chown", ["-R", runAs, folder]);
        }

        var port = FreePort();
        var server = new PostgresServer(bin, data, runAs, port);
        await server.RunPostgresAsync("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);

        // Test data is thrown away, so durability is traded for speed; the socket stays in the cluster's own folder.
        var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400";
        await server.RunPostgresAsync("pg_ctl", ["-D", data, "-w", "-t", "60", "-l", Path.Combine(folder, "server.log"), "-o", options, "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.RunPostgresAsync("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).GetAwaiter().GetResult();
            Directory.Delete(folder, recursive: true);
        };
        return server;
    }

    private Task RunPostgresAsync(string program, IReadOnlyList<string> arguments) =>
        _runAs is null
            ? RunAsync(Path.Combine(_bin, program), arguments)
            : RunAsync("runuser", ["-u", _runAs, "--", Path.Combine(_bin, program), .. arguments]);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }

    /// <summary>The folder with initdb and pg_ctl: on PATH, else the newest under /usr/lib/postgresql (where Debian puts them).</summary>
    private static string? Binaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (onPath is not null)
        {
            return onPath;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
    }

    private static bool UserExists(string name) => File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
