using Microsoft.Extensions.Logging;

namespace Gsp.Containers;

public sealed partial class DockerContainerRuntime
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created network {Network} on {Subnet}")]
    private partial void LogNetworkCreated(string network, string subnet);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subnet {Subnet} was taken by another process while network {Network} was being created; trying the next")]
    private partial void LogSubnetTaken(string subnet, string network);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed network {Network}")]
    private partial void LogNetworkRemoved(string network);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ensured volume {Volume}")]
    private partial void LogVolumeEnsured(string volume);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed volume {Volume}")]
    private partial void LogVolumeRemoved(string volume);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulling image {Image}")]
    private partial void LogImagePullStarted(string image);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled image {Image}")]
    private partial void LogImagePulled(string image);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created container {Container} from {Image}")]
    private partial void LogContainerCreated(string container, string image);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started container {Container}")]
    private partial void LogContainerStarted(string container);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped container {Container}")]
    private partial void LogContainerStopped(string container);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed container {Container}")]
    private partial void LogContainerRemoved(string container);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removal of container {Container} already in progress; waiting for it to finish")]
    private partial void LogRemovalAlreadyInProgress(string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The engine ended the event stream")]
    private partial void LogEventStreamEnded();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Streaming {Path} out of container {Container}")]
    private partial void LogArchiveRead(string container, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Extracted an archive into {Directory} of container {Container}")]
    private partial void LogArchiveWritten(string container, string directory);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listing this machine's network interfaces failed (attempt {Attempt}): {Reason}; reading them again")]
    private partial void LogInterfacesUnreadable(int attempt, string reason);
}
