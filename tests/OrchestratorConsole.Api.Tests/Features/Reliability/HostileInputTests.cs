using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Reliability;

/// <summary>Inputs the fuzz run once answered with a 500: each now gets a 4xx problem that says what is wrong.</summary>
public sealed class HostileInputTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("utf-7")]
    [InlineData("nonsense")]
    public async Task A_JSON_body_in_an_unknown_or_unsupported_charset_gets_415(string charset)
    {
        using var client = console.Anonymous();
        using var content = new StringContent("{\"userName\":\"x\",\"password\":\"y\"}", Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        using var response = await client.PostAsync("/api/auth/token", content, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("UTF-8", problem.Detail);
    }

    [Fact]
    public async Task A_multipart_form_with_a_malformed_part_header_gets_400()
    {
        using var client = await console.AdminAsync();
        var body = "--BB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"b\"\r\n\r\nhello\r\n--BB--\r\n";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=BB");

        using var response = await client.PostAsync("/api/configuration/import", content, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_history_of_an_unknown_section_is_404()
    {
        using var client = await console.AdminAsync();

        using var response = await client.Get("/api/configuration/revisions?section=no-such-section");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no-such-section", problem.Detail);
    }

    [Theory]
    [InlineData("{\"format\":42}")]
    [InlineData("{\"format\":{\"a\":1}}")]
    [InlineData("{\"format\":[1,2]}")]
    public async Task An_import_file_with_a_number_or_an_object_where_text_belongs_gets_400(string file)
    {
        using var client = await console.AdminAsync();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(file)), "file", "node.vmoconfig");

        using var response = await client.PostAsync("/api/configuration/import/preview", form, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsFor("file"));
    }
}
