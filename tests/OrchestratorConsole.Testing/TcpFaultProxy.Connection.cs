using System.Net;
using System.Net.Sockets;

namespace OrchestratorConsole.Testing;

public sealed partial class TcpFaultProxy
{
    /// <summary>One accepted client and its connection to the server.</summary>
    private sealed class Connection
    {
        private readonly CancellationTokenSource _reset = new();
        private int _closed;

        public Connection(Socket client, Socket server)
        {
            Client = client;
            Server = server;
            Client.NoDelay = true;
            Server.NoDelay = true;
        }

        public Socket Client { get; }

        public Socket Server { get; }

        public CancellationToken Token => _reset.Token;

        /// <summary>A black hole dropped bytes or an end of this connection.</summary>
        public bool Swallowed { get; set; }

        /// <summary>Closes both sides with an RST (linger 0), at most once, and stops the pumps.</summary>
        public void Reset() => Close(reset: true);

        /// <summary>Closes both sides normally (both ends have already said goodbye).</summary>
        public void Close() => Close(reset: false);

        private void Close(bool reset)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1)
            {
                return;
            }

            foreach (var socket in new[] { Client, Server })
            {
                try
                {
                    if (reset)
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                }
                catch (SocketException)
                {
                    // Already broken: closing it is all that is left.
                }

                socket.Dispose();
            }

            // Not disposed: pumps may still read the token, and a source without timers holds nothing to free.
            _reset.Cancel();
        }
    }
}
