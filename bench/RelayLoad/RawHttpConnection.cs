using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pvtcoms.RelayLoad;

/// <summary>
/// One HTTP/1.1 keep-alive connection over a plain TCP socket, the way <c>wrk</c> drives a server: the request is
/// written as pre-built bytes (request line, headers and body), and one response is read back and parsed (status
/// line, headers, a <c>Content-Length</c> or chunked body; <c>Connection: close</c> reconnects for the next request).
/// No pipelining: one request in flight per connection, so N connections are N concurrent clients. It exists so that
/// the generator, which shares the relay's two cores, costs a fraction of what <see cref="HttpClient"/> costs per
/// request (header objects, content objects, the handler's pool) and the relay's share of the machine is measured.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private static readonly byte[] s_headerEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] s_crlf = "\r\n"u8.ToArray();

    private readonly EndPoint _endPoint;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    public RawHttpConnection(EndPoint endPoint) => _endPoint = endPoint;

    /// <summary>The request bytes for a POST with a binary body, built once before the clock starts.</summary>
    public static byte[] BuildPost(Uri server, string path, ReadOnlySpan<byte> body)
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\n\r\n");
        var request = new byte[head.Length + body.Length];
        head.CopyTo(request, 0);
        body.CopyTo(request.AsSpan(head.Length));
        return request;
    }

    /// <summary>Sends one request and returns the response's status code once its whole body has been read.</summary>
    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        var socket = _socket ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);
        for (var sent = 0; sent < request.Length;)
        {
            sent += await socket.SendAsync(request[sent..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }

        var headerLength = await ReadUntilAsync(s_headerEnd, cancellationToken).ConfigureAwait(false);
        var (status, contentLength, chunked, close) = ParseHead(_buffer.AsSpan(_start, headerLength));
        _start += headerLength + s_headerEnd.Length;
        if (chunked)
        {
            await SkipChunkedBodyAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SkipAsync(contentLength, cancellationToken).ConfigureAwait(false);
        }

        if (close)
        {
            Dispose();
        }

        return status;
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(_endPoint, cancellationToken).ConfigureAwait(false);
        return socket;
    }

    private static (int Status, long ContentLength, bool Chunked, bool Close) ParseHead(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf(s_crlf);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (!statusLine.StartsWith("HTTP/1.1 "u8) || statusLine.Length < 12 || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out _))
        {
            throw new InvalidDataException("not an HTTP/1.1 status line");
        }

        long contentLength = 0;
        bool chunked = false, close = false;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(s_crlf);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new InvalidDataException("malformed header line");
            }

            var name = Encoding.ASCII.GetString(line[..colon]);
            var value = Encoding.ASCII.GetString(line[(colon + 1)..]).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                close = value.Contains("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        return (status, contentLength, chunked, close);
    }

    /// <summary>Reads until <paramref name="marker"/> is buffered; returns its offset from <see cref="_start"/>.</summary>
    private async ValueTask<int> ReadUntilAsync(byte[] marker, CancellationToken cancellationToken)
    {
        while (true)
        {
            var at = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
            if (at >= 0)
            {
                return at;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async ValueTask SkipChunkedBodyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var lineLength = await ReadUntilAsync(s_crlf, cancellationToken).ConfigureAwait(false);
            var sizeText = Encoding.ASCII.GetString(_buffer, _start, lineLength).Split(';')[0].Trim();
            var size = long.Parse(sizeText, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            _start += lineLength + 2;
            if (size == 0)
            {
                // No trailers are sent by the relay; the empty line ends the body.
                await SkipAsync(2, cancellationToken).ConfigureAwait(false);
                return;
            }

            await SkipAsync(size + 2, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start == 0)
            {
                throw new InvalidDataException("response head larger than the buffer");
            }

            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("the relay closed the connection in the middle of a response");
        }

        _end += read;
    }
}
