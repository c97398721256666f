using System.Net;
using System.Net.Sockets;

namespace Pvtcoms.Actors.Tests.Tor.Support;

/// <summary>
/// A one-connection SOCKS5 server on loopback: answers the greeting with <c>method</c>, records the CONNECT
/// request, answers with <c>reply</c>, then echoes whatever comes (when the reply was a success).
/// </summary>
internal sealed class FakeSocksServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;

    public FakeSocksServer(byte[] reply, byte method = 0x00)
    {
        _listener.Start();
        _serving = Task.Run(() => ServeAsync(reply, method));
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public TaskCompletionSource<byte[]> Request { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static byte[] Reply(byte code) => [0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0];

    private async Task ServeAsync(byte[] reply, byte method)
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            var stream = client.GetStream();
            var greeting = new byte[3];
            await stream.ReadExactlyAsync(greeting).ConfigureAwait(false);
            await stream.WriteAsync(new byte[] { 0x05, method }).ConfigureAwait(false);
            if (method != 0x00)
            {
                return;
            }

            var buffer = new byte[512];
            var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
            Request.TrySetResult(buffer[..read]);
            await stream.WriteAsync(reply).ConfigureAwait(false);
            if (reply.Length > 1 && reply[1] == 0x00)
            {
                while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving.ConfigureAwait(false);
    }
}
