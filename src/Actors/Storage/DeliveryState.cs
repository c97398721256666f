namespace Pvtcoms.Actors.Storage;

/// <summary>Where an outgoing message is (DESIGN §8): each step only ever moves forward; Failed is terminal.</summary>
public enum DeliveryState
{
    /// <summary>Encrypted and durably queued; not yet accepted by a relay.</summary>
    Queued = 0,

    /// <summary>A relay acknowledged the deposit (after its journal write).</summary>
    AtRelay = 1,

    /// <summary>The peer's device stored it and sent a delivery receipt.</summary>
    Delivered = 2,

    /// <summary>The peer's user opened it (read receipt).</summary>
    Read = 3,

    /// <summary>Given up (e.g. the relay refused it permanently); shown to the user, never dropped silently.</summary>
    Failed = 4,

    /// <summary>An incoming message (the state of received messages).</summary>
    Received = 5,
}
