using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>
/// The at-rest form of a key, as Data Protection writes it: an element marked <c>requiresEncryption</c> (the master key)
/// is replaced by an <c>encryptedSecret</c> naming the decryptor that opens it. Both directions use the framework's own
/// encryptors and decryptors.
/// </summary>
internal static class KeyRingXml
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private const string DecryptorType = "decryptorType";

    private static readonly XmlReaderSettings Safe = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    public static XElement Load(string path)
    {
        using var reader = XmlReader.Create(path, Safe);
        return XElement.Load(reader);
    }

    public static XElement Parse(string xml)
    {
        using var text = new StringReader(xml);
        using var reader = XmlReader.Create(text, Safe);
        return XElement.Load(reader);
    }

    /// <summary>A copy of <paramref name="element"/> with every encrypted part opened by the decryptor it names (a certificate's).</summary>
    public static XElement Decrypt(XElement element, IServiceProvider services)
    {
        var copy = new XElement(element);
        foreach (var secret in copy.Descendants(EncryptedSecret).ToList())
        {
            var typeName = (string?)secret.Attribute(DecryptorType)
                ?? throw new KeyRingArchiveException("A key in the key ring names no decryptor; it cannot be backed up.");
            var type = Type.GetType(typeName, throwOnError: true)!;
            var decryptor = (IXmlDecryptor)ActivatorUtilities.CreateInstance(services, type);
            secret.ReplaceWith(decryptor.Decrypt(secret.Elements().Single()));
        }

        return copy;
    }

    /// <summary>Encrypts, in place, every part of <paramref name="element"/> that Data Protection marks as secret; no encryptor leaves it as it is.</summary>
    public static XElement Encrypt(XElement element, IXmlEncryptor? encryptor)
    {
        if (encryptor is null)
        {
            return element;
        }

        foreach (var secret in element.DescendantsAndSelf().Where(e => (bool?)e.Attribute(RequiresEncryption) == true).ToList())
        {
            var encrypted = encryptor.Encrypt(secret);
            secret.ReplaceWith(new XElement(EncryptedSecret, new XAttribute(DecryptorType, encrypted.DecryptorType.AssemblyQualifiedName!), encrypted.EncryptedElement));
        }

        return element;
    }
}
