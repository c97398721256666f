namespace Pvtcoms.Protocol;

/// <summary>A value or a <see cref="ProtocolError"/>; what every entry point taking untrusted bytes returns.</summary>
public readonly struct ProtocolResult<T>
{
    private readonly T? _value;

    private ProtocolResult(T? value, ProtocolError error)
    {
        _value = value;
        Error = error;
    }

    public ProtocolError Error { get; }

    public bool IsOk => Error == ProtocolError.None;

    /// <summary>The value; reading it from a failed result is a caller bug and throws.</summary>
    public T Value => IsOk ? _value! : throw new InvalidOperationException($"No value: {Error}.");

    public static ProtocolResult<T> Ok(T value) => new(value, ProtocolError.None);

    public static ProtocolResult<T> Fail(ProtocolError error) =>
        error == ProtocolError.None ? throw new ArgumentException("A failure needs an error.", nameof(error)) : new(default, error);

    public bool TryGetValue(out T value)
    {
        value = _value!;
        return IsOk;
    }

    public static implicit operator ProtocolResult<T>(ProtocolError error) => Fail(error);

    public override string ToString() => IsOk ? "Ok" : $"Error({Error})";
}
