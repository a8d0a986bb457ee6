using System.Text.Json.Serialization;
using Gsp.Proxy.Diagnostics;

namespace Gsp.Proxy.Admin;

/// <summary>Source-generated serializer: reflection-based System.Text.Json is unavailable under NativeAOT.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ActivitySnapshot))]
internal sealed partial class ActivityJsonContext : JsonSerializerContext;
