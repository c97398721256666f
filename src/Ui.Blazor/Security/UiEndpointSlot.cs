namespace Pvtcoms.Ui.Blazor.Security;

/// <summary>
/// The <see cref="UiEndpoint"/>, known only once Kestrel has bound its port (port 0 = the kernel chooses).
/// Until then every request is refused.
/// </summary>
internal sealed class UiEndpointSlot
{
    private UiEndpoint? _endpoint;

    public UiEndpoint? Endpoint => Volatile.Read(ref _endpoint);

    public void Set(UiEndpoint endpoint) => Volatile.Write(ref _endpoint, endpoint);
}
