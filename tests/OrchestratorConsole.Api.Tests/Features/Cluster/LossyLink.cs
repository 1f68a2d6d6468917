using System.Collections.Concurrent;
using System.Net;
using Polly.Timeout;

namespace OrchestratorConsole.Api.Tests.Features.Cluster;

/// <summary>
/// The network between a sending node and a receiving one, held in memory: every call of the sender's HTTP clients
/// reaches the receiver's server. One chosen call can fail on the sender's side although it reached the receiver.
/// </summary>
public sealed class LossyLink(Func<HttpMessageHandler> receiver)
{
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly ConcurrentQueue<Task> _abandoned = new();
    private Fault? _fault;

    /// <summary>Every call that reached the receiver: the sender's client it went through, and what the receiver answered.</summary>
    public IReadOnlyList<Call> Calls => [.. _calls];

    /// <summary>How many answers never reached the sender.</summary>
    public int Lost => _calls.Count(c => c.Lost);

    /// <summary>The next call to <paramref name="path"/> lands on the receiver, then the connection drops before its answer arrives.</summary>
    public void LoseFirstAnswerTo(string path) => _fault = new Fault(path, null);

    /// <summary>
    /// The next call to <paramref name="path"/> goes on to the receiver, but the sender's attempt times out once
    /// <paramref name="underway"/> completes, while the receiver is still at work on it.
    /// </summary>
    public void AbandonFirstCallTo(string path, Task underway) => _fault = new Fault(path, underway);

    /// <summary>Completes when the receiver has answered every abandoned call.</summary>
    public Task AbandonedCallsAnsweredAsync() => Task.WhenAll(_abandoned);

    /// <summary>The primary handler of the sender's client <paramref name="clientName"/>.</summary>
    public HttpMessageHandler HandlerFor(string clientName) => new Link(this, clientName, receiver());

    public sealed record Call(string Client, HttpMethod Method, string Path, HttpStatusCode Status, bool Lost);

    private sealed record Fault(string Path, Task? Underway);

    private sealed class Link(LossyLink network, string client, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var fault = network._fault;
            if (fault is null || fault.Path != path || !ReferenceEquals(Interlocked.CompareExchange(ref network._fault, null, fault), fault))
            {
                var response = await base.SendAsync(request, cancellationToken);
                Record(request, response.StatusCode, lost: false);
                return response;
            }

            if (fault.Underway is null)
            {
                using var lost = await base.SendAsync(request, cancellationToken);
                Record(request, lost.StatusCode, lost: true);
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The connection closed before the answer arrived.");
            }

            network._abandoned.Enqueue(ForwardAbandonedAsync(request));
            await fault.Underway.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            throw new TimeoutRejectedException("The attempt timed out while the receiver was still at work on it.");
        }

        private async Task ForwardAbandonedAsync(HttpRequestMessage request)
        {
            // The receiver goes on with the call: the sender's giving up does not reach it.
            using var response = await base.SendAsync(request, CancellationToken.None);
            Record(request, response.StatusCode, lost: true);
        }

        private void Record(HttpRequestMessage request, HttpStatusCode status, bool lost) =>
            network._calls.Enqueue(new Call(client, request.Method, request.RequestUri!.AbsolutePath, status, lost));
    }
}
