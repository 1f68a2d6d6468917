using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>The package reader on its own: every check of the hostile corpus, and reads bounded by what really inflates.</summary>
public sealed class PluginPackageReaderTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly PluginPackageReader _reader = new(new PluginPackageLimits());

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_sample_package_is_inspected_and_its_content_read_with_checksums()
    {
        var package = PluginPackages.Sample("mail");
        var path = Write(package);

        var manifest = _reader.Inspect(path);
        var items = _reader.ReadContent(path, manifest);

        Assert.Equal(["mail.send-notification", "mail.send-html", "mail.read-inbox"], items.Select(i => i.Id));
        foreach (var (item, entry) in items.Zip(manifest.Content))
        {
            var body = PluginPackages.ReadEntry(package, entry.File);
            Assert.Equal(body, item.Body);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body))).ToLowerInvariant(), item.Checksum);
        }
    }

    public static TheoryData<string> Corpus() => [.. HostileCorpus.All().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Every_hostile_package_is_refused_by_the_reader_with_its_own_message(string name)
    {
        var hostile = HostileCorpus.All().Single(p => p.Name == name);
        var path = Path.Combine(_folder.Path, "hostile.vmoapp");
        hostile.Write(path);

        var refused = Assert.ThrowsAny<ConsoleException>(() => _reader.Inspect(path));

        if (hostile.Status == 413)
        {
            Assert.IsType<PayloadTooLargeException>(refused);
            Assert.Contains("the limit is 64 MB", refused.Message);
        }
        else
        {
            Assert.IsType<PluginPackageException>(refused);
            Assert.Contains(hostile.Phrase, refused.Message);
        }

        Assert.Equal(["hostile.vmoapp"], Directory.EnumerateFileSystemEntries(_folder.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }

    [Fact]
    public void A_manifest_whose_header_claims_a_small_size_but_inflates_larger_is_refused_as_damaged()
    {
        var json = PluginPackages.Manifest().ToJsonString();
        var package = PluginPackages.Zip(z =>
        {
            // Valid JSON followed by 3 MB of spaces: told honestly, the headers give it away as a bomb.
            PluginPackages.Add(z, "plugin.json", Encoding.UTF8.GetBytes(json + new string(' ', 3 * 1024 * 1024)));
            PluginPackages.Add(z, "content/first.json", "{}"u8.ToArray());
            PluginPackages.Add(z, "content/second.json", "{}"u8.ToArray());
        });
        var honest = Write(package);
        var lying = Write(PluginPackages.ClaimUncompressedSize(package, "plugin.json", (uint)json.Length));

        Assert.Contains("'plugin.json' compresses", Assert.Throws<PluginPackageException>(() => _reader.Inspect(honest)).Message);
        Assert.Contains("'plugin.json' is damaged", Assert.Throws<PluginPackageException>(() => _reader.Inspect(lying)).Message);
    }

    [Fact]
    public void Content_whose_header_claims_a_small_size_but_inflates_larger_is_refused_as_damaged()
    {
        var package = PluginPackages.Zip(z =>
        {
            PluginPackages.Add(z, "plugin.json", Encoding.UTF8.GetBytes(PluginPackages.Manifest().ToJsonString()));
            PluginPackages.Add(z, "content/first.json", Encoding.UTF8.GetBytes("{}" + new string(' ', 2 * 1024 * 1024)));
            PluginPackages.Add(z, "content/second.json", "{}"u8.ToArray());
        });
        var path = Write(PluginPackages.ClaimUncompressedSize(package, "content/first.json", 2));

        // Refused at upload, not at the next server start.
        var refused = Assert.Throws<PluginPackageException>(() => _reader.Inspect(path));

        Assert.Contains("'content/first.json' is damaged", refused.Message);
    }

    [Fact]
    public void The_bounded_read_stops_at_its_limit_whatever_the_header_says()
    {
        var limits = new PluginPackageLimits { MaxEntryUncompressedBytes = 100_000 };
        var reader = new PluginPackageReader(limits);
        var package = PluginPackages.Zip(z =>
        {
            PluginPackages.Add(z, "plugin.json", Encoding.UTF8.GetBytes(PluginPackages.Manifest().ToJsonString()));
            PluginPackages.Add(z, "content/first.json", PluginPackages.RandomBytes(150_000), CompressionLevel.NoCompression);
            PluginPackages.Add(z, "content/second.json", "{}"u8.ToArray());
        });
        var path = Write(PluginPackages.ClaimUncompressedSize(package, "content/first.json", 50_000));
        var manifest = PluginManifestParser.Parse(Encoding.UTF8.GetBytes(PluginPackages.Manifest().ToJsonString()));

        var refused = Assert.Throws<PluginPackageException>(() => reader.ReadContent(path, manifest));

        Assert.Contains("content/first.json", refused.Message);
    }

    private string Write(byte[] package)
    {
        var path = Path.Combine(_folder.Path, Guid.NewGuid().ToString("N") + ".vmoapp");
        File.WriteAllBytes(path, package);
        return path;
    }
}
