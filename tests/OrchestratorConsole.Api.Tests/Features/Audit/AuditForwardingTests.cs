using System.Net;
using System.Security.Cryptography.X509Certificates;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Audit;

/// <summary>Every audit event reaches a real syslog receiver on loopback as RFC 5424, in order, through outages.</summary>
public sealed class AuditForwardingTests(AuditForwardingConsole console) : IClassFixture<AuditForwardingConsole>
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_audit_event_arrives_as_a_well_formed_RFC_5424_message_with_its_fields_escaped()
    {
        await using var receiver = SyslogReceiver.Start();
        using var admin = await console.AdminAsync();
        await AuditApi.ForwardToAsync(admin, receiver.Port);
        var node = await admin.GetOkAsync("/api/node");
        const string userName = "ev\"il]us\\er";

        using var anonymous = console.Anonymous();
        using var refused = await anonymous.Post("/api/auth/token", new { userName, password = "wrong" });
        await AuditApi.SaveDescriptionAsync(admin, "tagged ü \"quoted\" ]");

        var frames = await receiver.WaitForAsync(f => f.Any(m => m.MsgId == "configuration.save" && m.Message?.EndsWith("tagged ü \"quoted\" ]", StringComparison.Ordinal) == true), Arrival, Cancellation);
        Assert.Empty(receiver.Malformed);
        var failed = Assert.Single(frames, f => f.MsgId == "login.failed" && f.StructuredData[SyslogMessage.StructuredDataId]["user"] == userName);
        Assert.Contains("user=\"ev\\\"il\\]us\\\\er\"", failed.Raw, StringComparison.Ordinal);
        Assert.Equal((13, 4), (failed.Facility, failed.Severity));
        Assert.Equal("false", failed.StructuredData[SyslogMessage.StructuredDataId]["succeeded"]);
        Assert.Equal("unknown user or empty password", failed.Message);

        var save = frames.Last(f => f.MsgId == "configuration.save");
        Assert.Equal((13, 5), (save.Facility, save.Severity));
        Assert.Equal((string?)node["name"], save.HostName);
        Assert.Equal("orchestrator-console", save.AppName);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), save.ProcId);
        var data = save.StructuredData[SyslogMessage.StructuredDataId];
        Assert.Equal(ConsoleFactory.AdminName, data["user"]);
        Assert.Equal("general", data["section"]);
        Assert.Equal("true", data["succeeded"]);
        Assert.InRange(save.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(TimeSpan.Zero, save.Timestamp.Offset);
        var trail = await admin.GetOkAsync("/api/audit?action=configuration.save&take=1");
        Assert.Equal((string?)trail["items"]![0]!["detail"], save.Message);
        Assert.Equal((string?)trail["items"]![0]!["id"]!.ToString(), data["id"]);
    }

    [Fact]
    public async Task Events_recorded_while_the_receiver_is_down_all_arrive_in_order_when_it_is_back()
    {
        var receiver = SyslogReceiver.Start();
        var port = receiver.Port;
        using var admin = await console.AdminAsync();
        await AuditApi.ForwardToAsync(admin, port);
        var marker = Guid.NewGuid().ToString("N")[..8];
        await AuditApi.SaveDescriptionAsync(admin, $"{marker} before");
        await receiver.WaitForAsync(f => f.Any(m => m.Message?.EndsWith($"{marker} before", StringComparison.Ordinal) == true), Arrival, Cancellation);

        await receiver.DisposeAsync();
        var expected = Enumerable.Range(0, 25).Select(i => $"{marker} outage {i:D2}").ToList();
        foreach (var comment in expected)
        {
            await AuditApi.SaveDescriptionAsync(admin, comment);
        }

        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        var waiting = await AuditApi.StatusAsync(admin);
        Assert.True(waiting.Queued >= expected.Count, $"queued {waiting.Queued}: {waiting}");
        Assert.NotNull(waiting.LastError);
        Assert.Equal(0, waiting.Dropped);

        await using var back = SyslogReceiver.Start(port);
        var frames = await back.WaitForAsync(f => f.Count(m => m.Message?.Contains($"{marker} outage", StringComparison.Ordinal) == true) >= expected.Count, Arrival, Cancellation);

        var arrived = frames.Select(f => f.Message ?? string.Empty).Where(m => m.Contains($"{marker} outage", StringComparison.Ordinal)).Select(m => m[m.IndexOf(marker, StringComparison.Ordinal)..]).ToList();
        Assert.Equal(expected, arrived);
        var ids = frames.Select(f => long.Parse(f.StructuredData[SyslogMessage.StructuredDataId]["id"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Empty(back.Malformed);
        var after = await AuditApi.StatusWhenAsync(admin, s => s.Queued == 0, Arrival);
        Assert.Equal(0, after.Dropped);
    }

    [Fact]
    public async Task TLS_to_a_receiver_whose_certificate_is_not_trusted_is_refused_and_named_until_it_is_trusted()
    {
        using var generated = TestCertificates.Server("CN=localhost");
        using var certificate = X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pkcs12), null);
        await using var receiver = SyslogReceiver.Start(certificate: certificate);
        using var admin = await console.AdminAsync();
        await AuditApi.ForwardToAsync(admin, receiver.Port, tls: true, host: "localhost");
        await AuditApi.SaveDescriptionAsync(admin, "over TLS");

        var refused = await AuditApi.StatusWhenAsync(admin, s => s.LastError?.Contains("not trusted", StringComparison.Ordinal) == true, Arrival);
        Assert.Contains(Convert.ToHexStringLower(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)), refused.LastError, StringComparison.Ordinal);
        Assert.Equal($"tls://localhost:{receiver.Port}", refused.Target);
        Assert.Empty(receiver.Received);

        using var trusted = await admin.Post("/api/trust", new { pem = certificate.ExportCertificatePem() });
        Assert.True(trusted.IsSuccessStatusCode, await trusted.Content.ReadAsStringAsync(Cancellation));
        var frames = await receiver.WaitForAsync(f => f.Any(m => m.Message?.EndsWith("over TLS", StringComparison.Ordinal) == true), Arrival, Cancellation);
        Assert.Empty(receiver.Malformed);
        Assert.Contains(frames, f => f.MsgId == "configuration.save");
    }

    [Fact]
    public async Task A_reviewer_reads_the_audit_section_and_the_forwarding_state_but_cannot_save()
    {
        var reviewerName = await console.CreateAccountAsync("Reviewer", "reader");
        using var reviewer = await console.ClientAsync(reviewerName, ConsoleFactory.UserPassword);
        var section = await reviewer.GetOkAsync("/api/configuration/audit");

        using var response = await reviewer.Put("/api/configuration/audit", new { retentionDays = 1, version = (int)section["version"]! });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual(1, (int)(await reviewer.GetOkAsync("/api/configuration/audit"))["retentionDays"]!);
        var status = await AuditApi.StatusAsync(reviewer);
        Assert.Equal(100_000, status.QueueLimit);
    }
}
