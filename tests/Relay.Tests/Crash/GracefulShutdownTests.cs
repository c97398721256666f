using System.Net;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Crash;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task SIGTERM_completes_a_deposit_in_flight_then_exits_cleanly()
    {
        using var directory = new TempDirectory();
        var port = RelayProcess.FreePort();
        var token = RelayClient.NewToken();
        var blob = RelayClient.NewBlob(RelayLimits.Bucket16KiB);
        var body = RelayClient.DepositBody(token, blob, 2);

        using (var relay = await RelayProcess.StartAsync(directory.Path, port, 2, TimeSpan.FromSeconds(90)))
        using (var client = new RelayClient(relay.BaseAddress))
        {
            var content = new GatedContent(body, body.Length / 2);
            var deposit = client.Http.PostAsync("/v1/deposit", content);
            await content.HalfSent.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(300);

            relay.Terminate();
            await Task.Delay(500);
            Assert.False(relay.HasExited, "the relay must wait for the deposit in flight");
            content.Release();

            using var response = await deposit;
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {string.Join(",", response.Headers.Select(h => h.Key + "=" + string.Join(";", h.Value)))}");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await relay.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, relay.ExitCode);
        }

        using (var relay = await RelayProcess.StartAsync(directory.Path, port, 2, TimeSpan.FromSeconds(90)))
        using (var client = new RelayClient(relay.BaseAddress))
        {
            var fetched = await client.FetchAsync([token]);
            Assert.Equal(blob, fetched.Blobs.Single().Blob.ToArray());
        }
    }

    /// <summary>Sends the first part of a body, then waits for <see cref="Release"/> before sending the rest.</summary>
    private sealed class GatedContent(byte[] body, int firstPart) : HttpContent
    {
        private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HalfSent => _halfSent.Task;

        public void Release() => _gate.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, firstPart));
            await stream.FlushAsync();
            _halfSent.TrySetResult();
            await _gate.Task;
            await stream.WriteAsync(body.AsMemory(firstPart));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
