using System.Globalization;

namespace Pvtcoms.ClientScale;

/// <summary>Resident set size from /proc/self/status and the managed heap, in MiB.</summary>
internal static class ProcessMemory
{
    public static double RssMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kib = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kib / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>Managed heap after a full blocking compacting collection (what is really live).</summary>
    public static double LiveHeapMiB()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return GC.GetGCMemoryInfo().HeapSizeBytes / (1024.0 * 1024.0);
    }

    public static string Snapshot(string what, bool collect)
    {
        var heap = collect ? LiveHeapMiB() : GC.GetGCMemoryInfo().HeapSizeBytes / (1024.0 * 1024.0);
        return string.Create(CultureInfo.InvariantCulture,
            $"{what}: RSS {RssMiB():F1} MiB, GC heap {heap:F1} MiB{(collect ? " (after full GC)" : string.Empty)}");
    }
}
