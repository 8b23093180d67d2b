using System;

namespace ProcMap;

/// <summary>What a caller of <see cref="Sources.ProcessSource.ReadPhysicalRegions"/> asks for and wants to hear about.</summary>
public sealed class PhysicalRegionOptions
{
    /// <summary>Also read /proc/kpageflags and /proc/kpagecount for each present frame (root only).</summary>
    public bool IncludePageFlags { get; init; }

    /// <summary>
    /// Called when the read goes on without something the caller asked for (frames hidden, kpageflags
    /// unreadable). Called at most once per kind per read; the caller decides how to show it.
    /// </summary>
    public Action<PhysicalRegionWarning, string>? Warning { get; init; }

    /// <summary>Called with a line about how the read is done (which kernel interface), for -Verbose.</summary>
    public Action<string>? Verbose { get; init; }
}

/// <summary>Why a physical-region read could not give everything asked for.</summary>
public enum PhysicalRegionWarning
{
    /// <summary>The kernel zeroed the frame numbers (no CAP_SYS_ADMIN): PhysicalStart and the swap location are null.</summary>
    FramesHidden,

    /// <summary>-PageFlags was asked for but /proc/kpageflags or /proc/kpagecount could not be read: PageFlags and MapCount are null.</summary>
    PageFlagsUnreadable,
}
