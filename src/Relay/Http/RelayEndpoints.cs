using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Service;

namespace Pvtcoms.Relay.Http;

/// <summary>
/// The versioned binary HTTP API (docs/RELAY.md): <c>POST /v1/deposit</c>, <c>POST /v1/fetch</c>,
/// <c>POST /v1/confirm</c> with the envelopes of docs/CRYPTO_SPEC.md as bodies, and <c>GET /health</c> for
/// loopback clients only. A refusal is a 4xx (or 503/507) with a <see cref="RelayErrorResponse"/> body and a
/// one-word <c>X-Pvtcoms-Reason</c> header; it never changes anything stored.
/// </summary>
public static class RelayEndpoints
{
    public const string ReasonHeader = "X-Pvtcoms-Reason";
    public const string ContentType = "application/octet-stream";

    public const int MaxDepositBody = DepositRequest.FixedSize + RelayLimits.LargestBucket;
    public const int MaxFetchBody = RelayEnvelope.HeaderSize + 2 + (RelayLimits.MaxTokensPerFetch * RelayLimits.TokenSize);
    public const int MaxConfirmBody = RelayEnvelope.HeaderSize + 2 + (RelayLimits.MaxBlobIdsPerConfirm * RelayLimits.BlobIdSize);

    private static readonly Func<ReadOnlyMemory<byte>, Pvtcoms.Protocol.ProtocolResult<DepositRequest>> s_parseDeposit = body => DepositRequest.Parse(body.Span);

    public static IEndpointRouteBuilder MapRelay(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/deposit", DepositAsync);
        routes.MapPost("/v1/fetch", FetchAsync);
        routes.MapPost("/v1/confirm", ConfirmAsync);
        routes.MapGet("/health", Health);
        return routes;
    }

    /// <summary>Refuses /v1 requests without the access key (when one is configured) before routing reads a byte.</summary>
    public static IApplicationBuilder UseRelayAccessKey(this IApplicationBuilder app, RelayAccessKey? key) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal) && !AccessKeyCheck.IsAuthorised(context.Request, key))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await WriteRefusalAsync(context, RelayRefusal.Unauthorized).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

    private static async Task DepositAsync(HttpContext context, RelayService relay)
    {
        // The body goes into a pooled buffer; Parse copies the token and the blob out of it.
        var (parsedBody, refusal) = await BoundedBody.ReadAndParseAsync(context.Request, MaxDepositBody, s_parseDeposit, context.RequestAborted).ConfigureAwait(false);
        if (refusal is not null)
        {
            await WriteRefusalAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        var parsed = parsedBody!;
        if (!parsed.TryGetValue(out var request))
        {
            await WriteRefusalAsync(context, RelayRefusal.ForParseError(parsed.Error)).ConfigureAwait(false);
            return;
        }

        var outcome = await relay.DepositAsync(request, CancellationToken.None).ConfigureAwait(false);
        if (outcome.Refusal is not null)
        {
            await WriteRefusalAsync(context, outcome.Refusal).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task FetchAsync(HttpContext context, RelayService relay)
    {
        var (body, refusal) = await BoundedBody.ReadAsync(context.Request, MaxFetchBody, context.RequestAborted).ConfigureAwait(false);
        if (refusal is not null)
        {
            // A declared body above the bound means more tokens than allowed (or garbage): say which.
            await WriteRefusalAsync(context, refusal == RelayRefusal.BodyTooLarge ? RelayRefusal.TooManyTokens with { StatusCode = 413 } : refusal).ConfigureAwait(false);
            return;
        }

        var parsed = FetchRequest.Parse(body);
        if (!parsed.TryGetValue(out var request))
        {
            await WriteRefusalAsync(context, RelayRefusal.ForParseError(parsed.Error)).ConfigureAwait(false);
            return;
        }

        var (response, failure) = await relay.FetchAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (failure is not null)
        {
            await WriteRefusalAsync(context, failure).ConfigureAwait(false);
            return;
        }

        var bytes = response!.Serialize();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ConfirmAsync(HttpContext context, RelayService relay)
    {
        var (body, refusal) = await BoundedBody.ReadAsync(context.Request, MaxConfirmBody, context.RequestAborted).ConfigureAwait(false);
        if (refusal is not null)
        {
            await WriteRefusalAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        var parsed = ConfirmRequest.Parse(body);
        if (!parsed.TryGetValue(out var request))
        {
            await WriteRefusalAsync(context, RelayRefusal.ForParseError(parsed.Error)).ConfigureAwait(false);
            return;
        }

        var (_, failure) = await relay.ConfirmAsync(request, CancellationToken.None).ConfigureAwait(false);
        if (failure is not null)
        {
            await WriteRefusalAsync(context, failure).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task Health(HttpContext context)
    {
        // With a dedicated health listener, the API port (which Tor publishes, and whose onion clients arrive
        // from loopback) does not serve /health at all.
        var options = context.RequestServices.GetRequiredService<RelayOptions>();
        if (options.HealthListen is { } healthListen && context.Connection.LocalPort != healthListen.Port)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!LoopbackOnly.IsLoopbackConnection(context.Connection))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.Headers[ReasonHeader] = "loopback-only";
            return;
        }

        var health = context.RequestServices.GetRequiredService<RelayService>().Health();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
        if (context.Request.Headers.Accept.Any(a => a?.Contains("text/plain", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.Response.ContentType = "text/plain";
            var cluster = context.RequestServices.GetService<Clustering.ClusterHealth>() is { } clusterHealth
                ? await clusterHealth.TextAsync(context.RequestAborted).ConfigureAwait(false)
                : string.Empty;
            await context.Response.WriteAsync(
                $"stored_blobs {health.StoredBlobs}\nstored_bytes {health.StoredBytes}\ndeposits {health.DepositsSinceStart}\nfetches {health.FetchesSinceStart}\nuptime_seconds {health.UptimeSeconds}\n{cluster}",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var bytes = health.Serialize();
        context.Response.ContentType = ContentType;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task WriteRefusalAsync(HttpContext context, RelayRefusal refusal)
    {
        var body = refusal.Body();
        context.Response.StatusCode = refusal.StatusCode;
        context.Response.ContentType = ContentType;
        context.Response.Headers[ReasonHeader] = refusal.Reason;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }
}
