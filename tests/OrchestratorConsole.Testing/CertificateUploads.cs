using System.Net.Http.Headers;

namespace OrchestratorConsole.Testing;

/// <summary>Certificate imports as the Server certificate tab and scripts send them: multipart/form-data, file in <c>certificate</c>.</summary>
public static class CertificateUploads
{
    public static async Task<HttpResponseMessage> PostCertificateAsync(this HttpClient client, byte[] content, string? password, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "certificate", "server.p12");
        if (password is not null)
        {
            form.Add(new StringContent(password), "password");
        }

        return await client.PostAsync("/api/certificate", form, cancellationToken);
    }
}
