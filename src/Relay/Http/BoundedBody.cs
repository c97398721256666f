using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Pvtcoms.Relay.Service;

namespace Pvtcoms.Relay.Http;

/// <summary>
/// Reads a request body that may be at most <c>max</c> bytes: a declared length above the bound is refused
/// before a byte is read, an undeclared (chunked) body is read only up to the bound, and the server's own
/// limit is lowered to the bound too.
/// </summary>
public static class BoundedBody
{
    public static async Task<(byte[]? Body, RelayRefusal? Refusal)> ReadAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > max)
        {
            return (null, RelayRefusal.BodyTooLarge);
        }

        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = max;
        }

        try
        {
            if (request.ContentLength is { } length)
            {
                var body = new byte[length];
                await request.Body.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
                return (body, null);
            }

            var buffer = new byte[Math.Min(max + 1, 64 * 1024)];
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length > max)
                    {
                        return (null, RelayRefusal.BodyTooLarge);
                    }

                    Array.Resize(ref buffer, Math.Min(max + 1, buffer.Length * 2));
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            if (filled > max)
            {
                return (null, RelayRefusal.BodyTooLarge);
            }

            Array.Resize(ref buffer, filled);
            return (buffer, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, RelayRefusal.BodyTooLarge);
        }
        catch (Exception e) when (e is BadHttpRequestException or EndOfStreamException or IOException)
        {
            return (null, RelayRefusal.Truncated);
        }
    }
}
