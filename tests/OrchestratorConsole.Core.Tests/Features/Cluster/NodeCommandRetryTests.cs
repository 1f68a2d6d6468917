using System.Net;
using System.Net.Sockets;
using System.Text;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

/// <summary>
/// A command to another node (start, stop, restart its server) is sent once: an attempt whose answer was an error may
/// have acted, so it is never retried, where an ordinary call to a node is.
/// </summary>
public sealed class NodeCommandRetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(NodeToNodeClient.CommandHttpClientName, 1)]
    [InlineData(NodeToNodeClient.HttpClientName, 3)]
    public async Task A_POST_answered_503_is_sent_as_often_as_its_client_allows(string clientName, int expected)
    {
        await using var node = await NodeHost.StartAsync(cancellationToken: Ct);
        using var listener = new FailingNode();
        using var client = node.Get<NodeToNodeClient>().ClientFor(listener.BaseUri, clientName);

        using var response = await client.PostAsync("api/cluster/internal/server/restart", null, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(expected, listener.Requests);
    }

    /// <summary>A loopback HTTP server that answers every request 503 and counts them.</summary>
    private sealed class FailingNode : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _requests;

        public FailingNode()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = connection.GetStream();
                    var buffer = new byte[8192];
                    var head = new StringBuilder();
                    while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                        {
                            break;
                        }

                        head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    Interlocked.Increment(ref _requests);
                    await stream.WriteAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
