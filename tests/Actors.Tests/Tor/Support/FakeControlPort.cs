using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pvtcoms.Actors.Tests.Tor.Support;

/// <summary>A scripted stand-in for tor's control port on loopback: one connection, one answer per command line.</summary>
internal sealed class FakeControlPort : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _answer;
    private readonly Task _serving;

    public FakeControlPort(Func<string, string?> answer)
    {
        _answer = answer;
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Every command line received, in order.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    private async Task ServeAsync()
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                Commands.Enqueue(line);
                var answer = _answer(line);
                if (answer is null)
                {
                    return;
                }

                var bytes = Encoding.ASCII.GetBytes(answer);
                await stream.WriteAsync(bytes).ConfigureAwait(false);
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
