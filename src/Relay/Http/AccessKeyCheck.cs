using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Pvtcoms.Relay.Configuration;

namespace Pvtcoms.Relay.Http;

/// <summary>The optional bearer secret: <c>Authorization: Bearer &lt;key&gt;</c>, compared in fixed time.</summary>
public static class AccessKeyCheck
{
    private const string Scheme = "Bearer ";

    public static bool IsAuthorised(HttpRequest request, RelayAccessKey? key)
    {
        if (key is null)
        {
            return true;
        }

        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.Ordinal))
        {
            // Still spend one comparison, so a missing header costs what a wrong one does.
            key.Matches(string.Empty);
            return false;
        }

        return key.Matches(value.AsSpan(Scheme.Length));
    }
}
