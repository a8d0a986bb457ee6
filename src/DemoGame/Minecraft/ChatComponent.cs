using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gsp.DemoGame.Minecraft;

/// <summary>Plain-text chat components, the form the login disconnect packet still carries as JSON.</summary>
public static class ChatComponent
{
    public static string Text(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("text", text);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
