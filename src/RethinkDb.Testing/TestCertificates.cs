using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RethinkDb.Testing;

/// <summary>
/// A throw-away certificate authority and a server certificate it signed, for TLS tests. The CA is written to a
/// PEM file (<see cref="CaCertsPath"/>) so it can be given to the driver as <c>Ssl.CaCerts</c>.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, string caPath)
    {
        CaCertificate = ca;
        ServerCertificate = server;
        CaCertsPath = caPath;
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>Path of a PEM file holding <see cref="CaCertificate"/>; deleted by <see cref="Dispose"/>.</summary>
    public string CaCertsPath { get; }

    /// <summary>
    /// Makes a CA and a server certificate valid for <paramref name="dnsNames"/> and the loopback addresses
    /// (default: <c>localhost</c>, 127.0.0.1 and ::1).
    /// </summary>
    public static TestCertificates Create(params string[] dnsNames)
    {
        if (dnsNames.Length == 0)
        {
            dnsNames = ["localhost"];
        }
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=RethinkDb.Testing CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var caWithKey = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={dnsNames[0]}", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caWithKey, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var serverPublic = serverRequest.Create(caWithKey, now.AddDays(-1), now.AddDays(29), serial);
        using var serverWithKey = serverPublic.CopyWithPrivateKey(serverKey);

        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        var server = X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), null);
        var ca = X509CertificateLoader.LoadCertificate(caWithKey.Export(X509ContentType.Cert));
        var path = Path.Combine(Path.GetTempPath(), $"rethinkdb-test-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, ca.ExportCertificatePem());
        return new TestCertificates(ca, server, path);
    }

    /// <summary>Deletes the CA file and releases the certificates.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(CaCertsPath);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless.
        }
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
    }
}
