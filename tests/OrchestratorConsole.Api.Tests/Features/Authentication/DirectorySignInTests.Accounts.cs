using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Authentication;

/// <summary>Directory accounts as the rest of the console sees them: their role and password are the directory's, and the section travels between nodes.</summary>
public sealed partial class DirectorySignInTests
{
    [Fact]
    public async Task A_directory_accounts_role_and_password_are_the_directorys_not_set_here()
    {
        using var admin = await console.AdminAsync();
        await ConfigureAsync(admin);
        await console.IssueTokenAsync("erin", TestDirectory.Erin.Password);

        var listed = (await admin.GetArrayAsync("/api/accounts")).Single(a => (string?)a!["userName"] == "erin")!;
        Assert.True((bool)listed["directory"]!);
        using (var role = await admin.Put("/api/accounts/erin", new { role = Roles.Support }))
        {
            var problem = await role.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("directory groups", problem.Detail);
        }

        using var anonymous = console.Anonymous();
        using var change = await anonymous.Post("/api/auth/password", new { userName = "erin", currentPassword = TestDirectory.Erin.Password, newPassword = "Local-Pass-9!" });
        var refused = await change.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("change the password in the directory", refused.Detail);
        await console.IssueTokenAsync("erin", TestDirectory.Erin.Password);
    }

    [Fact]
    public async Task The_section_travels_with_an_export_its_bind_password_only_encrypted_and_works_where_it_is_imported()
    {
        using var admin = await console.AdminAsync();
        await ConfigureAsync(admin);
        const string filePassword = "Export-Pass-1!";
        using var export = await admin.Post("/api/configuration/export", new { password = filePassword });
        var file = await export.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(export.IsSuccessStatusCode);
        Assert.DoesNotContain(TestDirectory.Service.Password, System.Text.Encoding.UTF8.GetString(file));

        await using var other = new ConsoleFactory();
        using var otherAdmin = await other.AdminAsync();
        using (var trust = await otherAdmin.Post("/api/trust", new { pem = Directory.CaPem() }))
        {
            await trust.ShouldBeOkAsync();
        }

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(file), "file", "node-a.vmoconfig" },
            { new StringContent(filePassword), "password" },
            { new StringContent("authentication"), "sections" },
        };
        using (var import = await otherAdmin.PostAsync("/api/configuration/import", form, Ct))
        {
            await import.ShouldBeOkAsync();
        }

        // The imported bind password finds alice there: the secret arrived whole.
        var test = await TestAsync(otherAdmin, "alice", TestDirectory.Alice.Password);
        Assert.True((bool)test["ok"]!, test.ToJsonString());
        Assert.Equal(Roles.Administrator, (string?)test["role"]);
    }

    private static async Task<JsonObject> TestAsync(HttpClient admin, string? userName = null, string? password = null)
    {
        using var response = await admin.Post("/api/authentication/test", userName is null ? new { } : new { userName, password });
        return await response.ShouldBeOkAsync();
    }

    /// <summary>Saves the authentication section for the tests' directory; by default its CA trusted and both its URLs, StartTLS first.</summary>
    private static async Task ConfigureAsync(HttpClient admin, string[]? servers = null, string? bindPassword = null, bool trustCa = true)
    {
        if (trustCa)
        {
            using var trust = await admin.Post("/api/trust", new { pem = Directory.CaPem() });
            Assert.True(trust.IsSuccessStatusCode || trust.StatusCode == HttpStatusCode.Conflict, $"{(int)trust.StatusCode}");
        }

        var version = (int)(await admin.GetOkAsync("/api/configuration/authentication"))["version"]!;
        using var response = await admin.Put("/api/configuration/authentication", Directory.Body(servers, bindPassword, version));
        await response.ShouldBeOkAsync();
    }
}
