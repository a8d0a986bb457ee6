namespace Gsp.Moves;

/// <summary>How a move ended: on the target (<see cref="Moved"/>), or called off with the server whole where it was.</summary>
public sealed record MoveOutcome(bool Moved, string Detail, MoveJob Job);
