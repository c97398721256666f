using System.Security.Cryptography;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// Moves a legacy profile directory to its new place without ever losing or duplicating it (ADR 0076):
/// copy every file to a temporary name, fsync, rename into place, fsync the directory; verify size and
/// SHA-256 of every copy; write a completion marker (the manifest) atomically; only then delete the source.
/// Running it again after success, or after an interruption at any step, finishes the job or does nothing.
/// A destination holding anything other than identical copies of the source is never touched.
/// </summary>
public sealed class DataDirMigration
{
    public const string CompletionMarkerName = ".pvtcoms-migrated";
    public const string TemporarySuffix = ".pvtcoms-migrating";

    private const int CopyBufferSize = 81920;

    private readonly string _source;
    private readonly string _destination;
    private readonly Action<MigrationStep> _beforeStep;

    /// <param name="beforeStep">Called before every durable action; tests throw from it to simulate a crash.</param>
    public DataDirMigration(string source, string destination, Action<MigrationStep>? beforeStep = null)
    {
        _source = Path.GetFullPath(source);
        _destination = Path.GetFullPath(destination);
        _beforeStep = beforeStep ?? (_ => { });
        if (IsSameOrInside(_source, _destination) || IsSameOrInside(_destination, _source))
        {
            throw new ArgumentException("Source and destination must be separate directories.");
        }
    }

    private string MarkerPath => Path.Combine(_destination, CompletionMarkerName);

    public ProfileResult<MigrationOutcome> Run()
    {
        var sourceExists = Directory.Exists(_source);
        if (File.Exists(MarkerPath))
        {
            return sourceExists ? FinishDeletingSource() : ProfileResult<MigrationOutcome>.Ok(MigrationOutcome.NothingToMigrate);
        }

        if (!sourceExists)
        {
            return ProfileResult<MigrationOutcome>.Ok(MigrationOutcome.NothingToMigrate);
        }

        var files = SourceFiles();
        if (files.Count == 0)
        {
            DeleteSourceTree();
            return ProfileResult<MigrationOutcome>.Ok(MigrationOutcome.NothingToMigrate);
        }

        var manifest = files.Select(f => Describe(f, SourcePath(f))).ToList();
        _beforeStep(MigrationStep.CreateDestination);
        DurableFiles.CreatePrivateDirectory(_destination);
        RemoveStaleTemporaries();

        var conflict = CheckDestination(manifest);
        if (conflict != ProfileError.None)
        {
            return conflict;
        }

        foreach (var entry in manifest)
        {
            var target = DestinationPath(entry.RelativePath);
            if (!File.Exists(target))
            {
                CopyDurably(SourcePath(entry.RelativePath), target);
            }
        }

        // Every directory entry on the way to every copy must be durable before the source may go.
        foreach (var directory in Directory.EnumerateDirectories(_destination, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Append(_destination).Append(Path.GetDirectoryName(_destination)!))
        {
            _beforeStep(MigrationStep.SyncDestinationDirectory);
            DurableFiles.SyncDirectory(directory);
        }

        foreach (var entry in manifest)
        {
            if (Describe(entry.RelativePath, DestinationPath(entry.RelativePath)) != entry)
            {
                return ProfileError.MigrationVerificationFailed;
            }
        }

        _beforeStep(MigrationStep.WriteCompletionMarker);
        WriteDurably(MarkerPath, MigrationManifest.Serialize(manifest));
        DeleteSourceTree();
        return ProfileResult<MigrationOutcome>.Ok(MigrationOutcome.Migrated);
    }

    public override string ToString() => "DataDirMigration";

    /// <summary>After the marker: every file still in the source must be one the manifest verified; then delete.</summary>
    private ProfileResult<MigrationOutcome> FinishDeletingSource()
    {
        var manifest = MigrationManifest.Parse(File.ReadAllBytes(MarkerPath));
        if (manifest is null)
        {
            return ProfileError.MigrationVerificationFailed;
        }

        foreach (var relative in SourceFiles())
        {
            if (!manifest.TryGetValue(relative, out var expected) || Describe(relative, SourcePath(relative)) != expected)
            {
                // The legacy profile changed after it was migrated: keep both, let a person decide.
                return ProfileError.MigrationDestinationConflict;
            }
        }

        DeleteSourceTree();
        return ProfileResult<MigrationOutcome>.Ok(MigrationOutcome.Migrated);
    }

    /// <summary>The destination may hold only identical copies of source files (plus our lock and temporaries).</summary>
    private ProfileError CheckDestination(IReadOnlyList<MigrationEntry> manifest)
    {
        var bySource = manifest.ToDictionary(e => e.RelativePath, StringComparer.Ordinal);
        foreach (var relative in RelativeFiles(_destination))
        {
            if (relative == ProfilePaths.LockFileName)
            {
                continue;
            }

            if (!bySource.TryGetValue(relative, out var expected) || Describe(relative, DestinationPath(relative)) != expected)
            {
                return ProfileError.MigrationDestinationConflict;
            }
        }

        return ProfileError.None;
    }

    private void CopyDurably(string from, string to)
    {
        DurableFiles.CreatePrivateDirectory(Path.GetDirectoryName(to)!);
        var temporary = to + TemporarySuffix;
        _beforeStep(MigrationStep.CopyToTemporary);
        using (var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read))
        using (var output = new FileStream(temporary, CreateTemporary()))
        {
            var half = input.Length / 2;
            CopyBytes(input, output, half);
            output.Flush();
            _beforeStep(MigrationStep.CopyHalfWritten);
            CopyBytes(input, output, long.MaxValue);
            output.Flush(flushToDisk: true);
        }

        _beforeStep(MigrationStep.RenameIntoPlace);
        File.Move(temporary, to, overwrite: false);
    }

    private void WriteDurably(string path, byte[] contents)
    {
        var temporary = path + TemporarySuffix;
        using (var output = new FileStream(temporary, CreateTemporary()))
        {
            output.Write(contents);
            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        DurableFiles.SyncDirectory(Path.GetDirectoryName(path)!);
    }

    private void RemoveStaleTemporaries()
    {
        foreach (var relative in RelativeFiles(_destination).Where(r => r.EndsWith(TemporarySuffix, StringComparison.Ordinal)))
        {
            _beforeStep(MigrationStep.RemoveStaleTemporary);
            File.Delete(DestinationPath(relative));
        }
    }

    private void DeleteSourceTree()
    {
        foreach (var relative in RelativeFiles(_source))
        {
            _beforeStep(MigrationStep.DeleteSourceFile);
            File.Delete(SourcePath(relative));
        }

        foreach (var directory in Directory.EnumerateDirectories(_source, "*", SearchOption.AllDirectories)
            .OrderByDescending(d => d.Length).Append(_source))
        {
            _beforeStep(MigrationStep.DeleteSourceDirectory);
            Directory.Delete(directory);
        }

        _beforeStep(MigrationStep.SyncSourceParent);
        DurableFiles.SyncDirectory(Path.GetDirectoryName(_source)!);
    }

    /// <summary>Source files to migrate: everything but a lock file, in ordinal order.</summary>
    private List<string> SourceFiles() =>
        RelativeFiles(_source).Where(r => r != ProfilePaths.LockFileName).ToList();

    private static List<string> RelativeFiles(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    private string SourcePath(string relative) => Path.Combine(_source, relative.Replace('/', Path.DirectorySeparatorChar));

    private string DestinationPath(string relative) => Path.Combine(_destination, relative.Replace('/', Path.DirectorySeparatorChar));

    private static MigrationEntry Describe(string relative, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return new MigrationEntry(relative, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private static void CopyBytes(Stream input, Stream output, long count)
    {
        var buffer = new byte[CopyBufferSize];
        while (count > 0)
        {
            var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                return;
            }

            output.Write(buffer, 0, read);
            count -= read;
        }
    }

    private static FileStreamOptions CreateTemporary()
    {
        var options = DurableFiles.NewPrivateFile();
        options.Mode = FileMode.Create;
        return options;
    }

    private static bool IsSameOrInside(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}
