namespace OrchestratorConsole.Testing;

/// <summary>Node processes started together.</summary>
public static class ConsoleNodes
{
    /// <summary>
    /// Waits for nodes started together; when one of them fails to start, the others that did are disposed before the
    /// failure is thrown, so no node process outlives the test.
    /// </summary>
    public static async Task<ConsoleNode[]> AllStartedAsync(params Task<ConsoleNode>[] starts)
    {
        try
        {
            return await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var started in starts.Where(start => start.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }
}
