namespace Gsp.DemoGame.Minecraft;

/// <summary>Outcome of parsing bytes that may still be arriving.</summary>
public enum ReadStatus
{
    /// <summary>The value was read.</summary>
    Complete,

    /// <summary>Everything so far is valid but more bytes are needed.</summary>
    Incomplete,

    /// <summary>The bytes can never become a valid value.</summary>
    Invalid,
}
