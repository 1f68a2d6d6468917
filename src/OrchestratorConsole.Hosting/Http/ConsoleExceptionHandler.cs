using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Trust;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>Maps the services' failures to problem details with the status codes of the HTTP contract; never a stack trace.</summary>
public sealed partial class ConsoleExceptionHandler(IProblemDetailsService problems, ILogger<ConsoleExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, problem) = Map(exception);
        if (status == StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogStoreOutage(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        if (exception is TooManyAttemptsException tooMany)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(tooMany.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = status;
        problem.Status = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static (int Status, ProblemDetails Problem) Map(Exception exception) => exception switch
    {
        ValidationFailedException v => (400, new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value)) { Title = v.Title, Detail = v.Message }),
        AuthenticationFailedException a => (401, new ProblemDetails { Title = a.Title, Detail = a.Message }),
        ForbiddenException or PasswordChangeRequiredException => (403, Problem((ConsoleException)exception)),
        NotFoundException n => (404, Problem(n)),
        UntrustedCertificateException u => (409, CertificateProblem(u)),
        ConflictException c => (409, Problem(c)),
        AccountLockedException l => (423, Problem(l)),
        TooManyAttemptsException t => (429, Problem(t)),
        PayloadTooLargeException p => (413, Problem(p)),
        PluginPackageException p => (400, Problem(p)),
        // Another node of the cluster did not act: a gateway's failure, not this node's.
        NodeCallFailedException n => (502, Problem(n)),
        DirectoryRefusedException d => (502, Problem(d)),
        DirectoryUnavailableException d => (503, Problem(d)),
        // A multipart form the parser cannot read (e.g. a malformed Content-Disposition).
        InvalidDataException => (400, new ProblemDetails { Title = "Bad request", Detail = "The request body could not be read: send a well-formed multipart form or JSON body." }),
        // The framework's JSON reading refuses a charset it does not know (e.g. utf-7) with this message.
        InvalidOperationException { Message: var m } when m.StartsWith("Unable to read the request as JSON because the request content type charset", StringComparison.Ordinal) =>
            (415, new ProblemDetails { Title = "Unsupported media type", Detail = "The body must be JSON in UTF-8 (Content-Type: application/json)." }),
        _ when IsStoreOutage(exception) => (503, new ProblemDetails { Title = "Settings store not reachable", Detail = StoreOutageDetail }),
        BadHttpRequestException b => (b.StatusCode, new ProblemDetails { Title = "Bad request", Detail = b.StatusCode == 413 ? "The request body is larger than this endpoint accepts." : "The request could not be read: send valid JSON with the documented fields." }),
        _ => (500, new ProblemDetails { Title = "Unexpected error", Detail = "The node could not complete the request; the node's log has the details." }),
    };

    public const string StoreOutageDetail = "The node's settings store is not reachable; nothing was saved. Try again when the database answers.";

    /// <summary>
    /// The settings store's database does not answer (the services handle the Orchestrator database's failures
    /// themselves): a connection that fails, breaks or times out, also after the store's retries.
    /// </summary>
    private static bool IsStoreOutage(Exception exception) =>
        exception.AndInner().FirstOrDefault(e => e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException) switch
        {
            // 08: connection exception; 57P01-57P03: the server shuts down or cannot accept connections now.
            Npgsql.PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal),
            null => false,
            _ => true,
        };

    private static ProblemDetails Problem(ConsoleException e) => new() { Title = e.Title, Detail = e.Message };

    /// <summary>The refusal of another node's certificate, with what an administrator needs to approve it.</summary>
    private static ProblemDetails CertificateProblem(UntrustedCertificateException e)
    {
        var problem = Problem(e);
        problem.Extensions["certificate"] = new Dictionary<string, object?>
        {
            ["subject"] = e.Certificate.Subject,
            ["issuer"] = e.Certificate.Issuer,
            ["notBefore"] = e.Certificate.NotBefore,
            ["notAfter"] = e.Certificate.NotAfter,
            ["sha256"] = e.Certificate.Sha256,
        };
        if (e.PreviousSha256 is { } previous)
        {
            problem.Extensions["previousSha256"] = previous;
        }

        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure of {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The settings store did not answer during {Method} {Path}")]
    private static partial void LogStoreOutage(ILogger logger, string method, string path, Exception exception);
}
