using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.KeyRing;

namespace OrchestratorConsole.Core.Tests.Features.KeyRing;

/// <summary>The key ring backup file: its files come back with the right password only, and an altered file is told from a wrong password.</summary>
public sealed class KeyRingArchiveTests
{
    private const string Password = "Backup#Pass1";
    private static readonly KeyRingFile[] Files =
    [
        new("key-0b5e5c8e-0f7a-4a43-9b54-2f0c5d1a7e11.xml", "<key id=\"0b5e5c8e-0f7a-4a43-9b54-2f0c5d1a7e11\" version=\"1\"><masterKey>secret</masterKey></key>"),
        new("revocation-20260101.xml", "<revocation version=\"1\" />"),
    ];

    [Fact]
    public void The_files_come_back_with_the_password_and_the_file_holds_none_of_them_in_clear()
    {
        var archive = KeyRingArchive.Write(Files, Password);

        Assert.Equal(Files, KeyRingArchive.Read(archive, Password));
        var text = Encoding.UTF8.GetString(archive);
        Assert.DoesNotContain("masterKey", text);
        Assert.DoesNotContain("0b5e5c8e", text);
        Assert.Equal(600_000, (int)JsonNode.Parse(text)!["encryption"]!["iterations"]!);
    }

    [Fact]
    public void A_wrong_password_is_refused_as_such()
    {
        var archive = KeyRingArchive.Write(Files, Password);

        var refused = Assert.Throws<KeyRingArchiveException>(() => KeyRingArchive.Read(archive, "Another#Pass1"));

        Assert.Contains("password does not open", refused.Message);
    }

    [Fact]
    public void An_altered_file_is_refused_as_altered_even_with_the_right_password()
    {
        var document = JsonNode.Parse(KeyRingArchive.Write(Files, Password))!;
        var files = Convert.FromBase64String((string)document["files"]!);
        files[^1] ^= 1;
        document["files"] = Convert.ToBase64String(files);

        var refused = Assert.Throws<KeyRingArchiveException>(() => KeyRingArchive.Read(Encoding.UTF8.GetBytes(document.ToJsonString()), Password));

        Assert.Contains("altered or damaged", refused.Message);
    }

    [Fact]
    public void Another_file_is_refused_as_not_a_backup()
    {
        var refused = Assert.Throws<KeyRingArchiveException>(() => KeyRingArchive.Read(Encoding.UTF8.GetBytes("{\"format\":\"orchestrator-console-configuration\"}"), Password));

        Assert.Contains("not a key ring backup", refused.Message);
    }
}
