using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// The bot's certificate credential (<see cref="TeamsOptions.CertificatePath"/>): a client assertion, a JWT signed with
/// the certificate's key (RFC 7523; Microsoft identity platform "certificate credentials"), in place of a client secret.
/// It names the app as issuer and subject and the token endpoint as audience, lives a few minutes, has an id of its own,
/// and carries the certificate's thumbprints (<c>x5t</c>, <c>x5t#S256</c>) so Entra ID knows which registered key to check.
/// </summary>
public sealed class ClientAssertion(X509Certificate2 certificate, TimeProvider time) : IDisposable
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static ClientAssertion Load(TeamsOptions options, TimeProvider time) => new(Read(options.CertificatePath!, options.CertificatePassword), time);

    /// <summary>What is wrong with the certificate file, in words for the start; null when it can sign.</summary>
    public static string? Problem(string path, string? password)
    {
        try
        {
            using var certificate = Read(path, password);
            return certificate.HasPrivateKey ? null : $"'{path}' holds no private key: the bot signs with it, so the file must hold the key too";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return $"'{path}' cannot be read as a certificate with its key (PKCS#12 or PEM): {e.Message}";
        }
    }

    public string Create(string clientId, string tokenEndpoint)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = tokenEndpoint,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = clientId, ["jti"] = Guid.NewGuid().ToString() },
            SigningCredentials = new X509SigningCredentials(certificate, SecurityAlgorithms.RsaSha256),
            AdditionalHeaderClaims = new Dictionary<string, object> { ["x5t#S256"] = Base64UrlEncoder.Encode(certificate.GetCertHash(HashAlgorithmName.SHA256)) },
        });
    }

    public void Dispose() => certificate.Dispose();

    private static X509Certificate2 Read(string path, string? password) =>
        Path.GetExtension(path).ToUpperInvariant() is ".PFX" or ".P12"
            ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
            : X509Certificate2.CreateFromPemFile(path);
}
