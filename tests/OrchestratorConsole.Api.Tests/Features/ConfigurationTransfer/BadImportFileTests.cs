using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.ConfigurationTransfer;

/// <summary>A node with the mail plug-in configured, and its export with and without a password.</summary>
public sealed class ExportedNodeFactory : ConsoleFactory
{
    public const string ExportPassword = "Export-Pass-1!";
    public const string MailPassword = "Smtp-Secret-K9w2#";

    private readonly Lazy<Task<(byte[] Encrypted, byte[] Plain)>> _files;

    public ExportedNodeFactory() => _files = new(CreateFilesAsync);

    public Task<(byte[] Encrypted, byte[] Plain)> FilesAsync() => _files.Value;

    private async Task<(byte[] Encrypted, byte[] Plain)> CreateFilesAsync()
    {
        using var admin = await AdminAsync();
        await admin.InstallConfiguredMailAsync(MailPassword);
        return (await admin.ExportAsync(ExportPassword), await admin.ExportAsync(null));
    }
}

/// <summary>Each kind of bad file gets its own clear message, and neither the preview nor the import changes anything.</summary>
public sealed class BadImportFileTests(ExportedNodeFactory factory) : IClassFixture<ExportedNodeFactory>
{
    private const string Password = ExportedNodeFactory.ExportPassword;

    private static readonly string[] BadFileNames =
    [
        "wrong password",
        "no password for a protected file",
        "a password for a file that is not protected by one",
        "a flipped byte inside an encrypted value",
        "a flipped byte inside a field value",
        "a flipped byte that breaks the JSON",
        "a truncated file",
        "a newer format version",
        "another program's JSON",
        "a JSON array",
        "an empty file",
    ];

    public static TheoryData<string> BadFiles => new(BadFileNames);

    private static async Task<(byte[] File, string? Password, string Field, string Phrase)> CaseAsync(string name, byte[] encrypted, byte[] plain) => name switch
    {
        "wrong password" => (encrypted, "Wrong-Pass-9!", "password", "The password is wrong"),
        "no password for a protected file" => (encrypted, null, "password", "protected by a password"),
        "a password for a file that is not protected by one" => (plain, Password, "password", "this file is not protected by a password"),
        "a flipped byte inside an encrypted value" => (FlipInside(encrypted, (string)JsonNode.Parse(encrypted)!["configuration"]!["plugins"]![TransferApi.Mail]!["settings"]!["password"]!["encrypted"]!), Password, "file", "was altered or damaged"),
        "a flipped byte inside a field value" => (FlipInside(plain, "smtp.example.com"), null, "file", "was altered or damaged"),
        "a flipped byte that breaks the JSON" => (Replace(plain, "\"format\": ", "\"format\"; "), null, "file", "truncated, damaged or not JSON"),
        "a truncated file" => (plain[..(plain.Length / 2)], null, "file", "truncated, damaged or not JSON"),
        "a newer format version" => (TransferApi.Resign(plain, d => d["formatVersion"] = 2), null, "file", "written by a newer version of the console (format 2)"),
        "another program's JSON" => ("{\"hello\":1}"u8.ToArray(), null, "file", "was it written by another program?"),
        "a JSON array" => ("[1,2,3]"u8.ToArray(), null, "file", "its JSON is not an object"),
        "an empty file" => ([], null, "file", "The file is empty."),
        _ => await Task.FromException<(byte[], string?, string, string)>(new ArgumentOutOfRangeException(nameof(name))),
    };

    /// <summary>Changes one character in the middle of <paramref name="value"/>, where it appears in the file.</summary>
    private static byte[] FlipInside(byte[] file, string value)
    {
        var at = Encoding.UTF8.GetString(file).IndexOf(value, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{value}' is not in the file");
        var copy = file.ToArray();
        var index = at + (value.Length / 2);
        copy[index] = (byte)(copy[index] == (byte)'A' ? 'B' : 'A');
        return copy;
    }

    private static byte[] Replace(byte[] file, string from, string to)
    {
        var text = Encoding.UTF8.GetString(file);
        Assert.Contains(from, text);
        return Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_gets_its_own_message_from_the_preview_and_the_import_and_changes_nothing(string badFile)
    {
        var (encrypted, plain) = await factory.FilesAsync();
        var (file, password, field, phrase) = await CaseAsync(badFile, encrypted, plain);
        using var admin = await factory.AdminAsync();
        var before = await admin.SnapshotAsync();

        foreach (var apply in new[] { false, true })
        {
            using var response = await admin.SendFileAsync(file, password, apply);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(problem.ErrorsFor(field), m => m.Contains(phrase, StringComparison.Ordinal));
            Assert.Contains(phrase, problem.Detail);
        }

        Assert.Equal(before, await admin.SnapshotAsync());
    }

    [Fact]
    public async Task Each_kind_of_bad_file_has_a_message_of_its_own()
    {
        var (encrypted, plain) = await factory.FilesAsync();
        using var admin = await factory.AdminAsync();
        var messages = new Dictionary<string, string>();

        foreach (var badFile in BadFileNames)
        {
            var (file, password, _, _) = await CaseAsync(badFile, encrypted, plain);
            using var response = await admin.SendFileAsync(file, password, apply: false);
            messages[badFile] = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail;
        }

        // The three ways to damage the bytes share "altered" or "damaged"; every other kind reads differently.
        var distinct = messages.Values.Distinct().Count();
        Assert.True(distinct >= messages.Count - 3, string.Join("\n", messages.Select(m => $"{m.Key}: {m.Value}")));
    }

    [Fact]
    public async Task An_upload_over_16_MB_is_refused_with_413_and_changes_nothing()
    {
        using var admin = await factory.AdminAsync();
        var before = await admin.SnapshotAsync();
        var oversized = new byte[(16 * 1024 * 1024) + 1];
        Array.Fill(oversized, (byte)' ');

        foreach (var apply in new[] { false, true })
        {
            using var response = await admin.SendFileAsync(oversized, null, apply);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains("at most 16 MB", problem.Detail);
        }

        Assert.Equal(before, await admin.SnapshotAsync());
    }

    [Fact]
    public async Task A_form_without_a_file_is_refused_with_a_message_naming_the_field()
    {
        using var admin = await factory.AdminAsync();

        using var form = new MultipartFormDataContent { { new StringContent(Password), "password" } };
        using var noFile = await admin.PostAsync("/api/configuration/import", form, TestContext.Current.CancellationToken);
        Assert.Contains("no file field named 'file'", (await noFile.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail);
    }

    [Fact]
    public async Task The_good_files_themselves_are_accepted_by_the_preview()
    {
        var (encrypted, plain) = await factory.FilesAsync();
        using var admin = await factory.AdminAsync();

        using var encryptedPreview = await admin.SendFileAsync(encrypted, Password, apply: false);
        using var plainPreview = await admin.SendFileAsync(plain, null, apply: false);

        Assert.True((bool)(await encryptedPreview.ShouldBeOkAsync())["encrypted"]!);
        Assert.False((bool)(await plainPreview.ShouldBeOkAsync())["encrypted"]!);
    }
}
