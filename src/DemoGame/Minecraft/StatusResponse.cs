using System.Buffers;
using System.Text;
using System.Text.Json;
using Gsp.DemoGame.Configuration;

namespace Gsp.DemoGame.Minecraft;

/// <summary>The Server List Ping JSON. Written with Utf8JsonWriter because reflection serialization is off under NativeAOT.</summary>
public static class StatusResponse
{
    public static string ToJson(DemoOptions options, int onlinePlayers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("version");
            json.WriteString("name", options.VersionName);
            json.WriteNumber("protocol", options.Protocol);
            json.WriteEndObject();
            json.WriteStartObject("players");
            json.WriteNumber("max", options.MaxPlayers);
            json.WriteNumber("online", onlinePlayers);
            json.WriteStartArray("sample");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("description");
            json.WriteString("text", options.Motd);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
