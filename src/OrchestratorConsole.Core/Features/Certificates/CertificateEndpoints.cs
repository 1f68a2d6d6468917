using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Core.Features.Certificates;

public static class CertificateEndpoints
{
    public static void MapCertificateEndpoints(this RouteGroupBuilder api)
    {
        var certificate = api.MapGroup("/certificate").WithTags("Server certificate");
        certificate.MapGet("/", (ServerCertificateService service) => TypedResults.Ok(service.Details))
            .WithSummary("This node's server certificate: subject, alternative names, issuer, validity and SHA-256 fingerprint");
        certificate.MapPost("/", async (HttpContext context, ServerCertificateService service) =>
        {
            var upload = await UploadedFile.ReadAsync(context, "certificate", CertificateFileReader.MaxBytes, length =>
                $"The certificate file is at most {CertificateFileReader.MaxBytes / 1024} KB; this one has {length} bytes.");
            var password = upload.Form["password"].ToString();
            return TypedResults.Ok(await service.ImportAsync(context.Actor(), upload.Content, password.Length == 0 ? null : password, context.RequestAborted));
        }).RequireAuthorization(ApiSetup.AdministratorPolicy)
          .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(CertificateFileReader.MaxBytes + 16 * 1024))
          .WithSummary("Replace the server certificate with a PKCS#12 or PEM file with its key (multipart field 'certificate', optional 'password'); served at once")
          .WithMultipartForm("certificate", ("password", FormFieldType.String));
        certificate.MapPost("/request", async (CertificateSigningRequest request, HttpContext context, ServerCertificateService service) =>
            TypedResults.Text(await service.RequestAsync(context.Actor(), request.Subject, request.SubjectAlternativeNames, context.RequestAborted), "application/pkcs10"))
            .RequireAuthorization(ApiSetup.AdministratorPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(64 * 1024))
            .WithSummary("A PEM certificate signing request (ECDSA P-256) for the subject and names given; its key waits, encrypted, for the signed certificate, imported later as PEM without a key");
    }
}
