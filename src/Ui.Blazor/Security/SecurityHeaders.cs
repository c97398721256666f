using Microsoft.AspNetCore.Http;

namespace Pvtcoms.Ui.Blazor.Security;

/// <summary>
/// Headers on every response, refusals included (ADR 0091). The CSP allows only our own origin: blazor.web.js and
/// app.css are files of ours, the circuit's websocket is same-origin (covered by <c>connect-src 'self'</c>), and
/// there is no inline script or style anywhere in the markup.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set when the response starts, so that nothing later in the pipeline (or an error path) can drop them.
        context.Response.OnStarting(static state => Apply(((HttpContext)state).Response.Headers), context);
        return next(context);
    }

    private static Task Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), clipboard-read=()";
        headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
