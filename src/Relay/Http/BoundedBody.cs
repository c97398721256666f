using System.Buffers;
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
    /// <summary>
    /// Reads the body and hands it to <paramref name="parse"/> (which must copy what it keeps), reading a body of
    /// declared length into a pooled buffer that is cleared and returned right after the parse.
    /// </summary>
    public static async Task<(T? Parsed, RelayRefusal? Refusal)> ReadAndParseAsync<T>(HttpRequest request, int max, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parse);
        if (request.ContentLength is not { } declared || declared > max)
        {
            var (body, refusal) = await ReadAsync(request, max, cancellationToken).ConfigureAwait(false);
            return refusal is null ? (parse(body!), null) : (default, refusal);
        }

        LowerLimit(request, max);
        var length = (int)declared;
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            await request.Body.ReadExactlyAsync(rented.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return (parse(rented.AsMemory(0, length)), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, RelayRefusal.BodyTooLarge);
        }
        catch (Exception e) when (e is BadHttpRequestException or EndOfStreamException or IOException)
        {
            return (default, RelayRefusal.Truncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private static void LowerLimit(HttpRequest request, int max)
    {
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = max;
        }
    }

    public static async Task<(byte[]? Body, RelayRefusal? Refusal)> ReadAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > max)
        {
            return (null, RelayRefusal.BodyTooLarge);
        }

        LowerLimit(request, max);
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
