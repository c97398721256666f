using Microsoft.AspNetCore.Http;

namespace Pvtcoms.Ui.Blazor.Security;

/// <summary>
/// DNS-rebinding and cross-origin guard (ADR 0090): the <c>Host</c> header must be exactly
/// <c>127.0.0.1:port</c> or <c>localhost:port</c> (else 421), and an <c>Origin</c> header, when the browser sends one,
/// must be this origin (else 403): a page elsewhere can neither read our responses nor open our websocket.
/// </summary>
internal sealed class LoopbackRequestGuard(RequestDelegate next, UiEndpointSlot slot)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var endpoint = slot.Endpoint;
        if (endpoint is null || !endpoint.IsOwnHost(request.Headers.Host.ToString()))
        {
            return Write(context, StatusCodes.Status421MisdirectedRequest, "pvtcoms: unknown host\n");
        }

        var origin = request.Headers.Origin;
        if (origin.Count > 1 || (origin.Count == 1 && !endpoint.IsOwnOrigin(origin.ToString())))
        {
            return Write(context, StatusCodes.Status403Forbidden, "pvtcoms: cross-origin request refused\n");
        }

        return next(context);
    }

    private static Task Write(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
