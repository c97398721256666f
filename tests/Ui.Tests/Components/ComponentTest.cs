using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Pvtcoms.Ui.Blazor.Engine;
using Pvtcoms.Ui.Tests.Fakes;

namespace Pvtcoms.Ui.Tests.Components;

/// <summary>A bUnit context with a fake session of a user who already has an identity.</summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest()
    {
        Session = FakeMessengerSession.WithIdentity(Network, "alice");
        Services.AddSingleton<IMessengerSession>(Session);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected FakeNetwork Network { get; } = new() { StepDelay = TimeSpan.FromMilliseconds(10) };

    protected FakeMessengerSession Session { get; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Session.Dispose();
        }

        base.Dispose(disposing);
    }
}
