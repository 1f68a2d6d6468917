namespace OrchestratorConsole.Core.Common;

public static class ExceptionChain
{
    /// <summary>The exception and each of its inner exceptions, outermost first: where a wrapped cause is looked for.</summary>
    public static IEnumerable<Exception> AndInner(this Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
