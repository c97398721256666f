namespace Pvtcoms.Actors.Tor;

/// <summary>Everything that can go wrong talking to, launching or dialing through tor, named exactly.</summary>
public enum TorFailure
{
    None = 0,

    // --- Control connection ---
    ControlConnectionClosed,
    MalformedReply,
    UnexpectedReply,
    CommandRefused,
    ServiceIdMismatch,

    // --- Authentication ---
    NoSupportedAuthenticationMethod,
    CookieFileUnreadable,
    CookieFileInvalid,
    ServerHashMismatch,
    AuthenticationRefused,

    // --- Launch ---
    LaunchFailed,
    ControlPortFileMissing,
    ProcessExited,
    SocksPortMissing,
    Timeout,
}

/// <summary>A value or a <see cref="TorFailure"/>; tor's replies are untrusted, so nothing here throws for them.</summary>
public readonly struct TorResult<T>
{
    private readonly T? _value;

    private TorResult(T? value, TorFailure failure)
    {
        _value = value;
        Failure = failure;
    }

    public TorFailure Failure { get; }

    public bool IsOk => Failure == TorFailure.None;

    /// <summary>The value; reading it from a failed result is a caller bug and throws.</summary>
    public T Value => IsOk ? _value! : throw new InvalidOperationException($"No value: {Failure}.");

    public static TorResult<T> Ok(T value) => new(value, TorFailure.None);

    public static TorResult<T> Fail(TorFailure failure) =>
        failure == TorFailure.None ? throw new ArgumentException("A failure needs a reason.", nameof(failure)) : new(default, failure);

    public static implicit operator TorResult<T>(TorFailure failure) => Fail(failure);

    public override string ToString() => IsOk ? "Ok" : $"Failed({Failure})";
}
