using System.Text.RegularExpressions;

namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>One file of the key ring folder: a key (<c>key-{id}.xml</c>) or a revocation, as XML text.</summary>
public sealed partial record KeyRingFile(string Name, string Xml)
{
    /// <summary>True for the names Data Protection gives its files; anything else is never written into the folder.</summary>
    public bool HasKeyRingName => KeyRingName().IsMatch(Name);

    [GeneratedRegex(@"^(key|revocation)-[A-Za-z0-9_-]{1,100}\.xml$")]
    private static partial Regex KeyRingName();
}
