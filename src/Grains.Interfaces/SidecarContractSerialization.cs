using Gsp.Sidecar;

// The sidecar contract has no dependencies (the NativeAOT sidecar shares it), so its types carry no Orleans
// attributes; Orleans generates their serializers here, where grain calls and grain state use them.
[assembly: GenerateCodeForDeclaringAssembly(typeof(PortProtocol))]
