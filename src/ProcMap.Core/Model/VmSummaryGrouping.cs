namespace ProcMap;

/// <summary>What Measure-VmMap groups a process's regions by.</summary>
public enum VmSummaryGrouping
{
    /// <summary>The region's kind (Anonymous, File, Heap, Stack, ...), as VMMap's summary groups by type.</summary>
    Kind,

    /// <summary>The backing file's path (a file's live and deleted mappings together); the mapping label for regions without one.</summary>
    Path,

    /// <summary>The label pmap prints: the path with " (deleted)", or the bracketed name.</summary>
    Mapping,

    /// <summary>The four letters of the protection and sharing, such as r-xp.</summary>
    Permissions,
}
