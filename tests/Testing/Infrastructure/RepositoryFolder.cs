namespace Gsp.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds <c>Gsp.sln</c>.</summary>
public static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gsp.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Gsp.sln not found above " + AppContext.BaseDirectory);
    }
}
