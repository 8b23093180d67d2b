using System.Collections.Generic;
using System.Threading;

namespace ProcMap.Sources;

/// <summary>
/// Where process facts come from, like kvm(3)'s kvm_t: the live Linux kernel, a core file, or the live
/// FreeBSD kernel. A cmdlet opens one per call and asks it for records. An operation a source cannot do
/// throws <see cref="SourceNotSupportedException"/>; every other failure is another
/// <see cref="ProcMapException"/> (or OperationCanceledException when the token is cancelled).
/// </summary>
public abstract class ProcessSource
{
    /// <summary>A short name for messages: "live Linux", "core file ./core.1234".</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Yields the mappings of <paramref name="processId"/> in address order, as they are read
    /// (kinfo_getvmmap(3)). With <paramref name="detailed"/>, also the residency and accounting figures.
    /// </summary>
    public virtual IEnumerable<VmRegion> ReadVmMap(int processId, bool detailed, CancellationToken cancellationToken) =>
        throw NotSupported("list mappings");

    /// <summary>
    /// Yields the processes (or, with <see cref="ProcessSelector.IncludeThreads"/>, the threads) that
    /// <paramref name="selector"/> matches, like kvm_getprocs(3). Processes that exit while they are read
    /// are skipped without a word, as ps does. When <see cref="ProcessSelector.ProcessIds"/> names an id
    /// with no process, the enumeration throws <see cref="ProcessNotFoundException"/> for it, so a cmdlet
    /// that must report missing ids asks for one id at a time.
    /// </summary>
    public virtual IEnumerable<ProcessInfo> ReadProcesses(ProcessSelector selector, CancellationToken cancellationToken) =>
        throw NotSupported("list processes");

    /// <summary>
    /// Reads the argument vector of <paramref name="processId"/> (kvm_getargv(3)) and, with
    /// <paramref name="includeEnvironment"/>, its environment (kvm_getenvv(3)). <paramref name="maxChars"/>
    /// follows kvm's nchr: at most that many characters counting each string's terminating NUL, the
    /// overflowing string cut and the rest dropped, applied to argv and environment separately; 0 means no limit.
    /// </summary>
    public virtual ArgumentsReading ReadArguments(int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken) =>
        throw NotSupported("read argument vectors");

    /// <summary>
    /// Yields the physical regions of <paramref name="processId"/> within [<paramref name="startAddress"/>,
    /// <paramref name="endAddress"/>) in address order, as QNX's introspection_get_physical_regions() does: for
    /// every mapping that overlaps the range (clipped to it), the runs of pages with the same state and
    /// pagemap bits and, when present, consecutive frames (when swapped, consecutive swap offsets of one
    /// swap area). Addresses outside every mapping yield nothing. <paramref name="startAddress"/> is rounded
    /// down and <paramref name="endAddress"/> up to whole pages; UInt64.MaxValue as the end means the top
    /// of the address space. Throws <see cref="ProcMapArgumentException"/> (InvalidAddressRange) when start
    /// is not below end, and the usual not-found and access-denied exceptions when the process cannot be
    /// read; those are thrown by the call itself, before the first region. What cannot be shown (frames
    /// hidden from this reader, page flags unreadable) is not an error: the fields stay null and
    /// <see cref="PhysicalRegionOptions.Warning"/> hears why, once per kind per call.
    /// </summary>
    public virtual IEnumerable<PhysicalRegion> ReadPhysicalRegions(int processId, ulong startAddress, ulong endAddress, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        throw NotSupported("read physical regions");

    /// <summary>
    /// The one physical region (the whole run, not just its page) that holds <paramref name="address"/>,
    /// or null when no mapping of the process holds it. Same errors and warnings as
    /// <see cref="ReadPhysicalRegions"/>.
    /// </summary>
    public virtual PhysicalRegion? ReadPhysicalRegionAt(int processId, ulong address, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        throw NotSupported("read physical regions");

    /// <summary>
    /// The user id that <paramref name="user"/> names for <see cref="ProcessSelector.UserIds"/> and
    /// <see cref="ProcessSelector.RealUserIds"/>: a user name from this source's user database, else a
    /// decimal user id. Throws <see cref="ProcMapArgumentException"/> (UnknownUser) when it is neither.
    /// </summary>
    public virtual uint ResolveUser(string user) => throw NotSupported("look up users");

    /// <summary>
    /// The <see cref="ProcessInfo.TtyDevice"/> value of the terminal <paramref name="tty"/> for
    /// <see cref="ProcessSelector.TtyDevices"/>: a device name ("pts/3", "/dev/pts/3", "tty1") or a device
    /// number. Throws <see cref="ProcMapArgumentException"/> (UnknownTty) when it names no terminal.
    /// </summary>
    public virtual ulong ResolveTty(string tty) => throw NotSupported("look up terminals");

    /// <summary>The exception for an operation this source cannot do.</summary>
    protected SourceNotSupportedException NotSupported(string operation) =>
        new(Messages.SourceCannot(Description, operation));
}
