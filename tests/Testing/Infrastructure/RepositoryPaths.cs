namespace Gsp.Tests.Infrastructure;

/// <summary>Where the repository and the other projects' build outputs are, seen from a test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gsp.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Gsp.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// A project's own build output (e.g. <c>src/Silo</c>), in the configuration this test was built in:
    /// a program run from there finds its whole dependency set, which a test's output folder may lack.
    /// </summary>
    public static string Output(string project, string assembly)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        return Path.Combine(Root, project, "bin", configuration, framework.Name, assembly);
    }
}
