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

    /// <summary>The exception for an operation this source cannot do.</summary>
    protected SourceNotSupportedException NotSupported(string operation) =>
        new(Messages.SourceCannot(Description, operation));
}
