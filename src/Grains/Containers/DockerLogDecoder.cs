using System.Buffers;
using System.Globalization;
using System.Text;

namespace Gsp.Containers;

/// <summary>
/// Turns the chunks of a demultiplexed Docker log stream into lines. Chunks follow the engine's frames,
/// not lines: a frame may hold several lines or end mid-line (and mid-character), so each stream keeps
/// its unfinished line until its newline arrives. Lines start with the engine's RFC 3339 timestamp
/// (the logs were requested with timestamps), which becomes <see cref="ContainerLogLine.At"/>.
/// </summary>
internal sealed class DockerLogDecoder(TimeProvider time)
{
    // A program that writes without newlines must not grow this without bound; past this size the
    // unfinished line is handed out as a line of its own.
    private const int MaxLineBytes = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _stdout = new();
    private readonly ArrayBufferWriter<byte> _stderr = new();

    /// <summary>Adds one chunk of output, appending the lines it completes to <paramref name="lines"/>.</summary>
    public void Decode(bool isError, ReadOnlySpan<byte> chunk, List<ContainerLogLine> lines)
    {
        var pending = isError ? _stderr : _stdout;
        while (chunk.IndexOf((byte)'\n') is var newline and >= 0)
        {
            if (pending.WrittenCount == 0)
            {
                lines.Add(ToLine(isError, chunk[..newline]));
            }
            else
            {
                pending.Write(chunk[..newline]);
                lines.Add(ToLine(isError, pending.WrittenSpan));
                pending.ResetWrittenCount();
            }

            chunk = chunk[(newline + 1)..];
        }

        pending.Write(chunk);
        if (pending.WrittenCount > MaxLineBytes)
        {
            lines.Add(ToLine(isError, pending.WrittenSpan));
            pending.ResetWrittenCount();
        }
    }

    /// <summary>Hands out the unfinished lines, for when the stream has ended.</summary>
    public void Flush(List<ContainerLogLine> lines)
    {
        foreach (var (isError, pending) in (ReadOnlySpan<(bool, ArrayBufferWriter<byte>)>)[(false, _stdout), (true, _stderr)])
        {
            if (pending.WrittenCount > 0)
            {
                lines.Add(ToLine(isError, pending.WrittenSpan));
                pending.ResetWrittenCount();
            }
        }
    }

    private ContainerLogLine ToLine(bool isError, ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).TrimEnd('\r');
        var space = text.IndexOf(' ');
        return space > 0 && DockerMapping.ParseEngineTime(text[..space]) is { } at
            ? new ContainerLogLine(at, isError, text[(space + 1)..])
            : new ContainerLogLine(time.GetUtcNow(), isError, text);
    }
}
