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
