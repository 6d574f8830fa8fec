using System.IO.Compression;
using System.Xml.Linq;

namespace RethinkDb.Packaging.Tests.Infrastructure;

/// <summary>
/// The three shipped packages, packed once per test run in Release into a folder of their own (as a release would),
/// with their nuspecs read. Shared by every test of the <see cref="PackagingTests"/>.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    /// <summary>The shipped package ids, in dependency order.</summary>
    public static readonly string[] Ids = ["RethinkDb.Core", "RethinkDb.Testing", "RethinkDb.Extensions.Hosting"];

    /// <summary>The repository's root (where RethinkDb.slnx is).</summary>
    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A scratch folder outside the repository, deleted after the run.</summary>
    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "rethinkdb-packaging-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The local package folder the users' apps restore our packages from.</summary>
    public string Feed => Path.Combine(WorkDirectory, "feed");

    /// <summary>The version the packages were packed with (one for all, checked by a test).</summary>
    public string Version { get; private set; } = "";

    /// <summary>Each package's nuspec, by id.</summary>
    public Dictionary<string, XDocument> Nuspecs { get; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        foreach (var id in Ids)
        {
            var project = Path.Combine(RepositoryRoot, "src", id, id + ".csproj");
            (await DotNet.RunAsync(RepositoryRoot, "pack", project, "-c", "Release", "-o", Feed, "--nologo", "-nodeReuse:false")).EnsureSuccess();
        }
        foreach (var id in Ids)
        {
            var package = Directory.GetFiles(Feed, id + ".*.nupkg").Single(p => IsPackageOf(p, id));
            using var zip = ZipFile.OpenRead(package);
            using var nuspec = zip.GetEntry(id + ".nuspec")!.Open();
            Nuspecs[id] = XDocument.Load(nuspec);
        }
        Version = Metadata(Ids[0], "version");
        ForgetCachedCopies();
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process of a failed test may still hold a file: the folder is in the temp directory anyway.
        }
        return Task.CompletedTask;
    }

    /// <summary>The path of the packed <c>.nupkg</c> (or <c>.snupkg</c>) of <paramref name="id"/>.</summary>
    public string PackagePath(string id, string extension = ".nupkg") => Path.Combine(Feed, $"{id}.{Version}{extension}");

    /// <summary>The text of a nuspec metadata element, or "" when absent.</summary>
    public string Metadata(string id, string element) =>
        Nuspecs[id].Root!.Elements().First(e => e.Name.LocalName == "metadata")
            .Elements().FirstOrDefault(e => e.Name.LocalName == element)?.Value ?? "";

    /// <summary>The nuspec metadata element itself (for its attributes).</summary>
    public XElement? MetadataElement(string id, string element) =>
        Nuspecs[id].Root!.Elements().First(e => e.Name.LocalName == "metadata")
            .Elements().FirstOrDefault(e => e.Name.LocalName == element);

    /// <summary>The ids of the packages <paramref name="id"/> depends on (net10.0 group).</summary>
    public IReadOnlyList<string> Dependencies(string id) =>
        Nuspecs[id].Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => e.Attribute("id")!.Value).Order(StringComparer.Ordinal).ToList();

    // RethinkDb.Core.*.nupkg also matches RethinkDb.Core.Tests... were there such a package: the next character
    // after the id must start the version.
    private static bool IsPackageOf(string path, string id)
    {
        var name = Path.GetFileName(path);
        return name.Length > id.Length + 1 && char.IsAsciiDigit(name[id.Length + 1]);
    }

    /// <summary>
    /// A restore takes a package version from the machine's NuGet cache when it is there: a copy cached by an earlier
    /// run (or by a developer) would be tested instead of what was just packed. Only this version of our own ids goes.
    /// </summary>
    private void ForgetCachedCopies()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in Ids)
        {
            var cached = Path.Combine(cache, id.ToLowerInvariant(), Version.ToLowerInvariant());
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RethinkDb.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("RethinkDb.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The packaging tests share one pack and run one at a time (each builds; the machine has few cores).</summary>
[CollectionDefinition(Name)]
public sealed class PackagingTests : ICollectionFixture<PackedPackages>
{
    public const string Name = "Packaging";
}
