namespace OrchestratorConsole.Testing;

/// <summary>
/// The test directory: the entries of <c>Directory/directory.ldif</c> (its DNs, users and passwords, named here) and
/// the throwaway OpenLDAP slapd that test.sh starts with them (<see cref="Shared"/>). A test that needs the directory
/// fails (never skips) when test.sh's variables are missing. A test that changes memberships in the shared one adds
/// users of its own (<see cref="DirectoryServer.AddUser"/>) or takes a <see cref="PrivateDirectory"/>.
/// </summary>
public static class TestDirectory
{
    public const string UrlVariable = "ORCHESTRATOR_TEST_LDAP_URL";
    public const string LdapsUrlVariable = "ORCHESTRATOR_TEST_LDAPS_URL";
    public const string CaVariable = "ORCHESTRATOR_TEST_LDAP_CA";
    public const string CaDirectoryVariable = "ORCHESTRATOR_TEST_LDAP_CA_DIR";
    public const string CertificateVariable = "ORCHESTRATOR_TEST_LDAP_CERT";
    public const string KeyVariable = "ORCHESTRATOR_TEST_LDAP_KEY";
    public const string BaseVariable = "ORCHESTRATOR_TEST_LDAP_BASE";
    public const string AdminDnVariable = "ORCHESTRATOR_TEST_LDAP_ADMIN_DN";
    public const string AdminPasswordVariable = "ORCHESTRATOR_TEST_LDAP_ADMIN_PASSWORD";
    public const string SlapdVariable = "ORCHESTRATOR_TEST_SLAPD";
    public const string LdapAddVariable = "ORCHESTRATOR_TEST_LDAPADD";

    public const string BaseDn = "dc=orchestrator,dc=test";
    public const string PeopleDn = "ou=people," + BaseDn;
    public const string GroupsDn = "ou=groups," + BaseDn;
    public const string ServicesDn = "ou=services," + BaseDn;

    /// <summary>groupOfNames: alice and erin.</summary>
    public const string AdminsGroupDn = "cn=console-admins," + GroupsDn;

    /// <summary>groupOfNames: bob and erin.</summary>
    public const string ReviewersGroupDn = "cn=console-reviewers," + GroupsDn;

    /// <summary>groupOfNames: carol and frank.</summary>
    public const string SupportGroupDn = "cn=console-support," + GroupsDn;

    /// <summary>groupOfNames: dave, in no group the console maps.</summary>
    public const string OtherGroupDn = "cn=other," + GroupsDn;

    /// <summary>posixGroup with <c>memberUid: carol</c>.</summary>
    public const string SupportPosixGroupDn = "cn=console-support-posix," + GroupsDn;

    /// <summary>groupOfUniqueNames with <c>uniqueMember</c> bob's DN.</summary>
    public const string ReviewersUniqueGroupDn = "cn=console-reviewers-unique," + GroupsDn;

    public static DirectoryUser Alice { get; } = Person("alice", "Alice-Secret-1");

    public static DirectoryUser Bob { get; } = Person("bob", "Bob-Secret-2");

    public static DirectoryUser Carol { get; } = Person("carol", "Carol-Secret-3");

    public static DirectoryUser Dave { get; } = Person("dave", "Dave-Secret-4");

    public static DirectoryUser Erin { get; } = Person("erin", "Erin-Secret-5");

    /// <summary>A DN that needs escaping in a filter (comma, parentheses, apostrophe) and a password that is not ASCII.</summary>
    public static DirectoryUser Frank { get; } = new("frank", @"cn=O'Neil\, Frank (Ops)," + PeopleDn, "Frank-Gëheim-6");

    /// <summary>The account the console binds as to search people and groups (any bound entry may read them; anonymous may not).</summary>
    public static DirectoryUser Service { get; } = new("console", "cn=console," + ServicesDn, "Console-Service-7");

    private static readonly Lazy<DirectoryServer> SharedServer = new(() => new DirectoryServer(
        new Uri(Required(UrlVariable)),
        new Uri(Required(LdapsUrlVariable)),
        RequiredFile(CaVariable),
        RequiredDirectory(CaDirectoryVariable),
        Required(AdminDnVariable),
        Required(AdminPasswordVariable)));

    /// <summary>The directory test.sh started, shared by every test of the run.</summary>
    public static DirectoryServer Shared
    {
        get
        {
            if (Required(BaseVariable) != BaseDn)
            {
                throw new InvalidOperationException($"{BaseVariable} is {Required(BaseVariable)}, but the tests' entries are under {BaseDn}.");
            }

            return SharedServer.Value;
        }
    }

    /// <summary>A user's DN under ou=people.</summary>
    public static string PersonDn(string uid) => $"uid={uid},{PeopleDn}";

    internal static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the tests with ./test.sh, which starts a throwaway OpenLDAP directory.");

    internal static string RequiredFile(string variable) =>
        File.Exists(Required(variable))
            ? Required(variable)
            : throw new InvalidOperationException($"{variable} names {Required(variable)}, which is no file: run the tests with ./test.sh.");

    private static string RequiredDirectory(string variable) =>
        Directory.Exists(Required(variable))
            ? Required(variable)
            : throw new InvalidOperationException($"{variable} names {Required(variable)}, which is no folder: run the tests with ./test.sh.");

    private static DirectoryUser Person(string uid, string password) => new(uid, PersonDn(uid), password);
}
