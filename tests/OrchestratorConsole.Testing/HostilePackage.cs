using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace OrchestratorConsole.Testing;

/// <summary>A package that must be refused, the status it gets and a phrase its message must hold.</summary>
/// <param name="Name">What the package tries.</param>
/// <param name="Status">400, or 413 for the size limit.</param>
/// <param name="Phrase">A phrase only this refusal's message holds.</param>
/// <param name="Write">Writes the package to a file (the big ones are never held in memory twice).</param>
/// <param name="Escapes">Paths outside the package folder that an extracting reader would write (must never exist).</param>
public sealed record HostilePackage(string Name, int Status, string Phrase, Action<string> Write, IReadOnlyList<string> Escapes)
{
    public override string ToString() => Name;
}
