using System.Text.Json.Serialization;

namespace Gsp.Sidecar;

/// <summary>The contract's JSON, camelCase, source-generated: reflection-based System.Text.Json is unavailable under
/// NativeAOT, and both sides must read and write exactly the same shape.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ActivitySnapshot))]
[JsonSerializable(typeof(WakeRequest))]
[JsonSerializable(typeof(WakeAnswer))]
public sealed partial class SidecarJsonContext : JsonSerializerContext;
