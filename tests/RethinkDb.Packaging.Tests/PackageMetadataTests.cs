using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Xml.Linq;
using RethinkDb.Packaging.Tests.Infrastructure;

namespace RethinkDb.Packaging.Tests;

/// <summary>What nuget.org shows and what a debugger needs, read from the packed .nupkg and .snupkg files.</summary>
[Collection(PackagingTests.Name)]
public sealed class PackageMetadataTests(PackedPackages packages)
{
    // The SourceLink custom debug information of a portable PDB (its GUID is fixed by the format).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static TheoryData<string> Ids => new(PackedPackages.Ids);

    [Fact]
    public void All_three_packages_share_the_one_prerelease_version_set_in_Directory_Build_props()
    {
        var props = XDocument.Load(Path.Combine(packages.RepositoryRoot, "Directory.Build.props"));
        string Property(string name) => props.Descendants(name).Single().Value;
        var expected = $"{Property("VersionPrefix")}-{Property("VersionSuffix")}";

        Assert.Equal(expected, packages.Version);
        Assert.Contains('-', packages.Version); // a prerelease until 1.0
        Assert.All(PackedPackages.Ids, id => Assert.Equal(expected, packages.Metadata(id, "version")));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_package_shows_a_readme_with_its_install_line_and_an_example(string id)
    {
        Assert.Equal("README.md", packages.Metadata(id, "readme"));
        var readme = ReadEntry(id, "README.md");
        Assert.StartsWith("# " + id, readme, StringComparison.Ordinal);
        Assert.Contains($"dotnet add package {id}", readme, StringComparison.Ordinal);
        Assert.Contains("```csharp", readme, StringComparison.Ordinal);
        Assert.Contains("https://github.com/rethinkdb-dotnet/rethinkdb-dotnet", readme, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_package_carries_licence_icon_urls_tags_and_description(string id)
    {
        var license = packages.MetadataElement(id, "license");
        Assert.NotNull(license);
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("Apache-2.0", license.Value);
        Assert.Contains("Apache License", ReadEntry(id, "LICENSE"), StringComparison.Ordinal);

        Assert.Equal("icon.png", packages.Metadata(id, "icon"));
        var icon = ReadBytes(id, "icon.png");
        Assert.True(icon.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "icon.png is not a PNG");

        Assert.StartsWith("https://github.com/", packages.Metadata(id, "projectUrl"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(packages.Metadata(id, "description")));
        var tags = packages.Metadata(id, "tags").Split(' ');
        Assert.Contains("rethinkdb", tags);
        Assert.Contains("reql", tags);
        Assert.Contains("changefeed", tags);

        var repository = packages.MetadataElement(id, "repository");
        Assert.NotNull(repository);
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.StartsWith("https://github.com/", repository.Attribute("url")?.Value, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? "");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_package_has_a_symbol_package_whose_pdb_links_its_sources_to_the_commit(string id)
    {
        var commit = packages.MetadataElement(id, "repository")!.Attribute("commit")!.Value;
        using var symbols = ZipFile.OpenRead(packages.PackagePath(id, ".snupkg"));
        var entry = symbols.GetEntry($"lib/net10.0/{id}.pdb");
        Assert.NotNull(entry);
        using var pdb = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(pdb);
        }
        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        Assert.NotNull(sourceLink);
        Assert.Contains($"https://raw.githubusercontent.com/rethinkdb-dotnet/rethinkdb-dotnet/{commit}/", sourceLink, StringComparison.Ordinal);

        // And the dll itself is in the main package, next to its XML docs.
        using var package = OpenPackage(id);
        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.dll"));
        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));
    }

    [Fact]
    public void Each_package_depends_on_exactly_what_it_uses()
    {
        // Core logs through the abstractions only; the test server needs nothing but Core; hosting binds options,
        // registers services and health checks, and extends IHostApplicationBuilder (Aspire-style entry). A transitive package written as a direct dependency fails here.
        Assert.Equal(["Microsoft.Extensions.Logging.Abstractions"], packages.Dependencies("RethinkDb.Core"));
        Assert.Equal(["RethinkDb.Core"], packages.Dependencies("RethinkDb.Testing"));
        Assert.Equal(
            [
                "Microsoft.Extensions.Configuration.Binder",
                "Microsoft.Extensions.DependencyInjection.Abstractions",
                "Microsoft.Extensions.Diagnostics.HealthChecks",
                "Microsoft.Extensions.Hosting.Abstractions",
                "Microsoft.Extensions.Logging.Abstractions",
                "Microsoft.Extensions.Options",
                "RethinkDb.Core",
            ],
            packages.Dependencies("RethinkDb.Extensions.Hosting"));
        Assert.All(
            packages.Nuspecs["RethinkDb.Extensions.Hosting"].Descendants().Where(e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value == "RethinkDb.Core"),
            d => Assert.Equal(packages.Version, d.Attribute("version")!.Value));
    }

    private ZipArchive OpenPackage(string id) => ZipFile.OpenRead(packages.PackagePath(id));

    private string ReadEntry(string id, string name) => Encoding.UTF8.GetString(ReadBytes(id, name));

    private byte[] ReadBytes(string id, string name)
    {
        using var zip = OpenPackage(id);
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"{id} has no {name}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
