using Microsoft.AspNetCore.Http;

namespace Pvtcoms.Ui.Blazor.Security;

/// <summary>
/// Every request needs the per-launch cookie (pages, static files, <c>/_blazor</c> negotiate and websocket);
/// the one exception is the one-time launch URL, which sets the cookie and redirects to the app (ADR 0090).
/// </summary>
internal sealed class LaunchSecretMiddleware(RequestDelegate next, LaunchSecret secret, UiEndpointSlot slot)
{
    public const string LaunchPath = "/launch";
    public const string LaunchQueryName = "t";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var endpoint = slot.Endpoint;
        if (endpoint is null)
        {
            return Refuse(context);
        }

        if (request.Path.Equals(LaunchPath, StringComparison.Ordinal))
        {
            return Launch(context, endpoint);
        }

        if (secret.IsSessionSecret(request.Cookies[endpoint.CookieName]))
        {
            return next(context);
        }

        return Refuse(context);
    }

    private Task Launch(HttpContext context, UiEndpoint endpoint)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || !secret.TryConsumeLaunchToken(request.Query[LaunchQueryName].ToString()))
        {
            // A second use of the link, a wrong token or a POST: the browser that already has the cookie goes on.
            return secret.IsSessionSecret(request.Cookies[endpoint.CookieName]) ? RedirectHome(context) : Refuse(context);
        }

        context.Response.Cookies.Append(endpoint.CookieName, secret.SessionSecret, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            Secure = false, // plain http on loopback; the cookie never leaves 127.0.0.1
            IsEssential = true,
        });
        return RedirectHome(context);
    }

    private static Task RedirectHome(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/";
        return Task.CompletedTask;
    }

    private static Task Refuse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(
            "pvtcoms: this page opens only from the link pvtcoms printed when it started (each link works once).\n");
    }
}
