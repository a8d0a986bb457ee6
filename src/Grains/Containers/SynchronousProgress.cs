namespace Gsp.Containers;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its callback on the reporting thread. The framework's
/// <see cref="Progress{T}"/> posts each report to the thread pool, which reorders them: a pull's error
/// could be seen after the pull returned, and events could arrive out of order.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
