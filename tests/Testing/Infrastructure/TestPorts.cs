namespace Gsp.Tests.Infrastructure;

/// <summary>
/// Blocks of public ports for test clusters' hosts, distinct within a test run (a counter) and unlikely to
/// meet another test process's (an offset by process id), so concurrent clusters on one Docker engine
/// never hand out the same host port. They stay below Linux's ephemeral range (32768 and up), where an
/// outgoing connection or a test's "any free port" listener could already hold one.
/// </summary>
public static class TestPorts
{
    private const int First = 20_000;
    private const int BlockSize = 20;
    private static int next = First + Environment.ProcessId % 120 * 100;

    public static (int First, int Last) NextBlock()
    {
        var first = Interlocked.Add(ref next, BlockSize) - BlockSize;
        return (first, first + BlockSize - 1);
    }
}
