using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Options;
using Polly;
using Polly.Registry;
using Polly.Timeout;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>
/// Talks to the directory of the Authentication tab (ADR 15): the servers in order, each over TLS (ldaps, or StartTLS
/// on ldap) checked against the SSL trust list and the system store, within the resilience pipeline's timeout per
/// server. A user is found with the bind account and an escaped filter, their groups read, and only then is their own
/// password bound; the password is never kept.
/// </summary>
public sealed partial class DirectoryClient(
    DirectoryTrustFolder trustFolder,
    DirectoryDiagnosis diagnosis,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<AuthenticationOptions> options,
    ILogger<DirectoryClient> logger)
{
    public const string PipelineName = "directory";

    private TimeSpan Timeout => options.Value.DirectoryTimeout;

    /// <summary>Binds with the bind account and reports the server that answered.</summary>
    public async Task<DirectoryTestResult> TestAsync(AuthenticationSettings settings, string? userName, string? password, CancellationToken cancellationToken)
    {
        if (settings.ServerUrls.Count == 0)
        {
            return new(false, "No directory server is saved: add a server URL on the Authentication tab and save first.", null);
        }

        try
        {
            if (string.IsNullOrWhiteSpace(userName))
            {
                var server = await OnFirstServerAsync(settings, (connection, server) => Describe(connection, server), cancellationToken);
                return new(true, $"Bound to {server.Url} as {BindName(settings)}: {server.Description}.", server.Url);
            }

            if (string.IsNullOrEmpty(password))
            {
                return new(false, "Give the user's password too: an empty password is never sent to the directory.", null);
            }

            var lookup = await AuthenticateAsync(settings, userName, password, cancellationToken);
            var account = lookup.Account;
            return lookup.Outcome switch
            {
                DirectoryOutcome.UnknownUser => new(false, $"No entry under '{settings.UserSearchBase}' matches '{userName}' with the filter {settings.UserFilter}.", null),
                DirectoryOutcome.Ambiguous => new(false, $"More than one entry matches '{userName}' with the filter {settings.UserFilter}: such a user cannot sign in. Make the filter match one entry per user.", null),
                DirectoryOutcome.WrongPassword => new(false, $"The directory refused the password of {account!.Dn}.", account.Server, account.Dn, account.Groups),
                _ when account!.Role is null => new(false, $"{account.Dn} signs in with the password, but none of their {account.Groups.Count} groups is mapped to a role: they would have no access.", account.Server, account.Dn, account.Groups),
                _ => new(true, $"{account.Dn} would sign in as {account.Role}.", account.Server, account.Dn, account.Groups, account.Role),
            };
        }
        catch (Exception ex) when (ex is DirectoryUnavailableException or DirectoryRefusedException)
        {
            return new(false, ex.Message, (ex as DirectoryRefusedException)?.Server);
        }
    }

    /// <summary>Finds <paramref name="userName"/>, reads their groups and binds their password.</summary>
    public Task<DirectoryLookup> AuthenticateAsync(AuthenticationSettings settings, string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return OnFirstServerAsync(settings, (connection, server) =>
        {
            var lookup = Find(connection, server, settings, userName);
            if (lookup.Account is not { } account)
            {
                return lookup;
            }

            try
            {
                connection.Bind(new NetworkCredential(account.Dn, password));
                return lookup;
            }
            catch (LdapException ex) when (ex.ErrorCode == InvalidCredentials)
            {
                return lookup with { Outcome = DirectoryOutcome.WrongPassword };
            }
        }, cancellationToken);
    }

    /// <summary>Finds <paramref name="userName"/> and reads their groups, without their password: the periodic re-check of a role.</summary>
    public Task<DirectoryLookup> LookupAsync(AuthenticationSettings settings, string userName, CancellationToken cancellationToken) =>
        OnFirstServerAsync(settings, (connection, server) => Find(connection, server, settings, userName), cancellationToken);

    private const int InvalidCredentials = 49;

    /// <summary>The library's own timeout (LDAP_TIMEOUT).</summary>
    private const int LdapTimeout = 85;

    private DirectoryLookup Find(LdapConnection connection, DirectoryServer server, AuthenticationSettings settings, string userName)
    {
        var search = new SearchRequest(settings.UserSearchBase, LdapFilter.ForUser(settings.UserFilter, userName.Trim()), SearchScope.Subtree, "memberOf") { SizeLimit = 2 };
        SearchResponse found;
        try
        {
            found = (SearchResponse)connection.SendRequest(search, Timeout);
        }
        catch (DirectoryOperationException ex) when (ex.Response?.ResultCode == ResultCode.SizeLimitExceeded)
        {
            return new(DirectoryOutcome.Ambiguous, null);
        }
        catch (DirectoryOperationException ex) when (ex.Response?.ResultCode == ResultCode.NoSuchObject)
        {
            throw new DirectoryRefusedException(server.Url, $"{server.Url} has no entry '{settings.UserSearchBase}': check the user search base.");
        }

        if (found.Entries.Count != 1)
        {
            return new(found.Entries.Count == 0 ? DirectoryOutcome.UnknownUser : DirectoryOutcome.Ambiguous, null);
        }

        var entry = found.Entries[0];
        var groups = new List<string>(Values(entry, "memberOf"));
        if (!string.IsNullOrWhiteSpace(settings.GroupSearchBase))
        {
            var dn = LdapFilter.Escape(entry.DistinguishedName);
            var filter = $"(|(member={dn})(uniqueMember={dn})(memberUid={LdapFilter.Escape(userName.Trim())}))";
            try
            {
                var memberships = (SearchResponse)connection.SendRequest(new SearchRequest(settings.GroupSearchBase, filter, SearchScope.Subtree, "cn"), Timeout);
                groups.AddRange(memberships.Entries.Cast<SearchResultEntry>().Select(e => e.DistinguishedName));
            }
            catch (DirectoryOperationException ex) when (ex.Response?.ResultCode == ResultCode.NoSuchObject)
            {
                throw new DirectoryRefusedException(server.Url, $"{server.Url} has no entry '{settings.GroupSearchBase}': check the group search base.");
            }
        }

        var distinct = groups.DistinctBy(DirectoryGroups.Normalize).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new(DirectoryOutcome.Found, new DirectoryAccount(server.Url, entry.DistinguishedName, distinct, DirectoryGroups.RoleFor(settings.GroupRoles, distinct)));
    }

    private static IEnumerable<string> Values(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute) ? entry.Attributes[attribute].GetValues(typeof(string)).Cast<string>() : [];

    private (string Url, string Description) Describe(LdapConnection connection, DirectoryServer server)
    {
        try
        {
            var root = (SearchResponse)connection.SendRequest(new SearchRequest(string.Empty, "(objectClass=*)", SearchScope.Base, "vendorName", "vendorVersion", "namingContexts", "supportedLDAPVersion"), Timeout);
            var entry = root.Entries.Count == 1 ? root.Entries[0] : null;
            var vendor = entry is null ? null : string.Join(" ", Values(entry, "vendorName").Concat(Values(entry, "vendorVersion")));
            var contexts = entry is null ? [] : Values(entry, "namingContexts").ToList();
            return (server.Url, string.Join("; ", new[]
            {
                string.IsNullOrWhiteSpace(vendor) ? "LDAP v3" : vendor,
                contexts.Count == 0 ? null : "naming contexts " + string.Join(", ", contexts),
                server.Ldaps ? "TLS (ldaps)" : "TLS (StartTLS)",
            }.Where(p => p is not null)));
        }
        catch (DirectoryOperationException)
        {
            return (server.Url, server.Ldaps ? "TLS (ldaps)" : "TLS (StartTLS)");
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the first server that answers, bound as the bind account. A server that cannot be
    /// reached (refused, unknown, silent past the timeout, or whose certificate is not trusted) passes to the next; a
    /// server that refuses the bind account ends the attempt, since every server of one directory would.
    /// </summary>
    private async Task<T> OnFirstServerAsync<T>(AuthenticationSettings settings, Func<LdapConnection, DirectoryServer, T> work, CancellationToken cancellationToken)
    {
        var trust = await trustFolder.CurrentAsync(cancellationToken);
        var pipeline = pipelines.GetPipeline(PipelineName);
        var failures = new List<string>();
        foreach (var server in settings.ServerUrls.Select(DirectoryServer.Parse).OfType<DirectoryServer>())
        {
            try
            {
                return await pipeline.ExecuteAsync(
                    async token => await Task.Run(
                        () =>
                        {
                            using var connection = Connect(server, trust);
                            BindAccount(connection, server, settings);
                            return work(connection, server);
                        },
                        token).WaitAsync(token),
                    cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutRejectedException or LdapException { ErrorCode: LdapTimeout })
            {
                failures.Add($"{server.Url} did not answer within {Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
            }
            catch (Exception ex) when (ex is LdapException { ErrorCode: not InvalidCredentials } or TlsOperationException)
            {
                failures.Add(await diagnosis.ExplainAsync(server, ex, cancellationToken));
            }
            catch (DirectoryOperationException ex)
            {
                throw new DirectoryRefusedException(server.Url, $"{server.Url} refused the request: {ex.Message}");
            }
        }

        var message = $"The directory is not reachable, so directory accounts cannot sign in now (local accounts can): {string.Join("; ", failures)}.";
        LogUnreachable(logger, message);
        throw new DirectoryUnavailableException(message);
    }

    private LdapConnection Connect(DirectoryServer server, string trustFolderPath)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(server.Host, server.Port, fullyQualifiedDnsHostName: true, connectionless: false))
        {
            AuthType = AuthType.Basic,
            // The pipeline's timeout answers first; the library's own ends the abandoned call soon after.
            Timeout = Timeout + TimeSpan.FromSeconds(1),
        };
        try
        {
            var session = connection.SessionOptions;
            session.ProtocolVersion = 3;
            session.ReferralChasing = ReferralChasingOptions.None;
            if (!OperatingSystem.IsWindows())
            {
                // OpenLDAP's library: the folder's authorities, in a TLS context of this connection's own.
                session.TrustedCertificatesDirectory = trustFolderPath;
                session.StartNewTlsSessionContext();
            }

            if (server.Ldaps)
            {
                session.SecureSocketLayer = true;
            }
            else
            {
                // Never a bind in clear: an ldap:// server that cannot start TLS is not used. The library opens the
                // connection at its first request, and StartTLS needs it open: a read of the root entry's name
                // (nothing secret, no credential) opens it, refused or not.
                try
                {
                    connection.SendRequest(new SearchRequest(string.Empty, "(objectClass=*)", SearchScope.Base, "1.1"), Timeout);
                }
                catch (DirectoryOperationException)
                {
                }

                session.StartTransportLayerSecurity(null);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void BindAccount(LdapConnection connection, DirectoryServer server, AuthenticationSettings settings)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(settings.BindDn))
            {
                connection.AuthType = AuthType.Anonymous;
                connection.Bind();
                connection.AuthType = AuthType.Basic;
            }
            else
            {
                connection.Bind(new NetworkCredential(settings.BindDn.Trim(), settings.BindPassword ?? string.Empty));
            }
        }
        catch (LdapException ex) when (ex.ErrorCode == InvalidCredentials)
        {
            throw new DirectoryRefusedException(server.Url, $"{server.Url} refused the bind DN '{settings.BindDn}' with its password (invalid credentials): check the bind DN and the bind password.");
        }
    }

    private static string BindName(AuthenticationSettings settings) => string.IsNullOrWhiteSpace(settings.BindDn) ? "anonymous" : settings.BindDn.Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogUnreachable(ILogger logger, string message);
}
