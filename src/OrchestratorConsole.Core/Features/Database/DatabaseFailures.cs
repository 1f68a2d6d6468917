using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Npgsql;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using Polly.Timeout;

namespace OrchestratorConsole.Core.Features.Database;

/// <summary>Turns a database failure into one plain sentence a person can act on; never a stack trace.</summary>
public static class DatabaseFailures
{
    public static string Describe(Exception exception, DatabaseSettings settings)
    {
        var where = $"{settings.Host}:{settings.EffectivePort}";
        switch (exception)
        {
            case PostgresException { SqlState: "28P01" or "28000" }:
                return $"The server refused the user name or password for user '{settings.UserName}'.";
            case PostgresException { SqlState: "3D000" }:
                return $"The database '{settings.DatabaseName}' does not exist on {where}. Create it (CREATE DATABASE \"{settings.DatabaseName}\") or correct the name.";
            case PostgresException { SqlState: "53300" }:
                return $"The server at {where} has no connection slots left (too many connections).";
            case PostgresException { SqlState: "42501" } pg:
                return $"The user '{settings.UserName}' lacks a permission: {pg.MessageText}";
            case PostgresException pg:
                return $"The server answered with an error: {pg.MessageText} ({pg.SqlState}).";
            case SqlException sql:
                return DescribeSqlServer(sql, settings, where);
            case TimeoutRejectedException:
            case TimeoutException:
            case OperationCanceledException:
                return $"No answer from {where} within {OrchestratorDatabase.ConnectTimeoutSeconds} seconds: check the host, the port and any firewall between.";
            case Microsoft.Data.Sqlite.SqliteException sqlite:
                return $"The embedded database could not be opened: {sqlite.Message}";
        }

        if (exception.AndInner().OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                    $"The host '{settings.Host}' is unknown: check the name, or use an IP address.",
                SocketError.ConnectionRefused =>
                    $"Nothing accepts connections at {where}: check that the database server runs and listens on that port.",
                SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable =>
                    $"{where} cannot be reached: check the address and the network between.",
                _ => $"Could not connect to {where}: {socket.Message}",
            };
        }

        if (exception.AndInner().OfType<System.Security.Authentication.AuthenticationException>().Any())
        {
            return settings.Type == DatabaseType.PostgreSQL && settings.SslMode == DatabaseSslMode.VerifyFull
                ? $"The database server at {where} was refused in the TLS handshake, before any password was sent: neither the system store nor the SSL trust list vouches for its certificate for '{settings.Host}'. Test connection names the certificate; add it or its CA in SSL trust, or choose another TLS mode."
                : $"The TLS handshake with {where} failed: {FirstLine(exception.AndInner().OfType<System.Security.Authentication.AuthenticationException>().First().Message)}";
        }

        if (exception is NpgsqlException { InnerException: TimeoutException })
        {
            return $"No answer from {where} within {OrchestratorDatabase.ConnectTimeoutSeconds} seconds: check the host, the port and any firewall between.";
        }

        return $"Could not use the database at {where}: {FirstLine(exception.Message)}";
    }

    private static string DescribeSqlServer(SqlException sql, DatabaseSettings settings, string where) => sql.Number switch
    {
        18456 => $"The server refused the login for user '{settings.UserName}': wrong user name or password.",
        4060 => $"The database '{settings.DatabaseName}' does not exist on {where}, or the user may not open it.",
        11001 => $"The host '{settings.Host}' is unknown: check the name, or use an IP address.",
        -2 => $"No answer from {where} within {OrchestratorDatabase.ConnectTimeoutSeconds} seconds.",
        53 or 2 or 26 or 40 or 10061 => $"Nothing accepts SQL Server connections at {where}" + (string.IsNullOrWhiteSpace(settings.Instance) ? string.Empty : $" (instance {settings.Instance})") + ": check that the server runs, listens on TCP and that the port is right.",
        _ => $"SQL Server answered with error {sql.Number}: {FirstLine(sql.Message)}",
    };

    private static string FirstLine(string message)
    {
        var index = message.IndexOfAny(['\r', '\n']);
        return index < 0 ? message : message[..index];
    }
}
