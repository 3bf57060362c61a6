using System.Text.RegularExpressions;

namespace PipelineBot.Domain.Text;

/// <summary>
/// Hides secrets in text shown in chat, such as a task's log: values of keys that name a secret (password, token,
/// key, secret, credentials), bearer and basic credentials, passwords in URLs and connection strings, AWS access key
/// ids and JWTs. Invariant: the text around a secret is kept, so a log still reads; a masked value reads <c>***</c>.
/// </summary>
public static partial class SecretMask
{
    public const string Mask = "***";

    public static string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = UrlPassword().Replace(text, m => $"{m.Groups["head"].Value}{Mask}@");
        text = SchemeCredentials().Replace(text, m => $"{m.Groups["scheme"].Value} {Mask}");
        text = KeyValue().Replace(text, m => $"{m.Groups["key"].Value}{m.Groups["sep"].Value}{m.Groups["quote"].Value}{Mask}");
        text = Jwt().Replace(text, Mask);
        return AwsAccessKey().Replace(text, Mask);
    }

    // user:password@host in a URL or a DSN: the password goes.
    [GeneratedRegex(@"(?<head>[a-z][a-z0-9+.\-]*://[^\s:/@]+:)[^\s@/]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"\b(?<scheme>Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeCredentials();

    // password=hunter2, "api_key": "abc", SECRET_KEY: abc, Pwd=abc; in a connection string, aws_secret_access_key = …
    [GeneratedRegex(
        @"(?<key>\b[\w.\-]*(?:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credentials?|auth)[\w.\-]*""?)(?<sep>\s*[=:]\s*)(?<quote>""?)(?!\*\*\*|(?:Bearer|Basic|Token)\b)[^\s""',;&]+",
        RegexOptions.IgnoreCase)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();
}
