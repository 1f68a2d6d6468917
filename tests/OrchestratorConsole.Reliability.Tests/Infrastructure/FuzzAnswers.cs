using System.Text;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

/// <summary>The fuzz run's verdict on each answer: no 5xx and no stack trace; counts the status codes seen.</summary>
public sealed class FuzzAnswers(Func<string> nodeOutput)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public List<string> Failures { get; } = [];

    public SortedDictionary<int, int> Statuses { get; } = [];

    /// <summary>Sends <paramref name="request"/> and keeps a failure when the answer is a 5xx, carries a stack trace, or never comes.</summary>
    public async Task SendAsync(HttpClient client, HttpRequestMessage request, string description)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, Ct);
        }
        catch (HttpRequestException ex)
        {
            Failures.Add($"{description}: no answer ({ex.Message})");
            return;
        }
        catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
        {
            Failures.Add($"{description}: no answer within {client.Timeout.TotalSeconds:0} s");
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct));
            if (status >= 500)
            {
                // The node's log of it now, before later requests push it out of the captured output.
                await Task.Delay(200, Ct);
                Failures.Add($"{description}: {status} {RandomInput.Truncated(body, 500)}\nThe node logged:\n{UnexpectedFailures(nodeOutput())}");
            }
            else if (!LogReading(request) && (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception:", StringComparison.Ordinal)))
            {
                Failures.Add($"{description}: {status} with a stack trace: {RandomInput.Truncated(body, 1_000)}");
            }
        }
    }

    /// <summary>The node's "Unexpected failure" log entries, each with the first lines of its exception.</summary>
    private static string UnexpectedFailures(string output)
    {
        var lines = output.Split('\n');
        var found = new List<string>();
        for (var i = lines.Length - 1; i >= 0 && found.Count < 12; i--)
        {
            if (lines[i].Contains("Unexpected failure", StringComparison.Ordinal))
            {
                found.InsertRange(0, lines.Skip(i).Take(12).Select(l => RandomInput.Truncated(l.TrimEnd(), 400)));
            }
        }

        return string.Join("\n", found);
    }

    /// <summary>The node's log and the support bundle hold the log's stack traces, for the administrators who read them.</summary>
    private static bool LogReading(HttpRequestMessage request) =>
        request.RequestUri!.OriginalString.StartsWith("/api/logs", StringComparison.Ordinal) || request.RequestUri.OriginalString.StartsWith("/api/troubleshooting/support-bundle", StringComparison.Ordinal);
}
