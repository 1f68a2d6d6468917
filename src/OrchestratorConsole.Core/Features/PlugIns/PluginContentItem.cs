using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>A content item read from a package, ready for the Orchestrator database.</summary>
public sealed record PluginContentItem(string Id, string Kind, string Name, string Body, string Checksum);
