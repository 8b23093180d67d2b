using System;

namespace ProcMap;

/// <summary>
/// Where a long read (the mappings of a process, the physical runs of a range) says how far it has come.
/// The caller owns the pace: a read asks <see cref="IsDue"/> before it builds a report, so between two
/// reports a read pays one property call, and work done only to make a report better (learning the total)
/// is done only when a report is due.
/// </summary>
public interface IProgressSink
{
    /// <summary>True when the caller would show a report now.</summary>
    bool IsDue { get; }

    /// <summary>
    /// Shows how far the read has come. A read that has reported on a process reports once more when it
    /// has read that process to the end (<see cref="ReadProgress.IsEnd"/>), due or not, so a bar that was
    /// shown ends at 100 percent.
    /// </summary>
    void Report(ReadProgress progress);
}

/// <summary>How far a read of one process has come, in bytes of its mapped address space.</summary>
/// <param name="ProcessId">The process being read.</param>
/// <param name="Done">Bytes of the mappings read so far (of a walk, the part of the range walked).</param>
/// <param name="Total">Bytes to read in all; 0 while that is not known.</param>
/// <param name="Mappings">The number of the mapping being read, from 1.</param>
/// <param name="Mapping">The label of the mapping being read (pmap's Mapping column).</param>
/// <param name="Address">Where in the address space the read is.</param>
public readonly record struct ReadProgress(int ProcessId, ulong Done, ulong Total, long Mappings, string Mapping, ulong Address)
{
    /// <summary>The part done, 0 to 100; -1 while the total is not known.</summary>
    public int Percent => Total == 0 ? -1 : (int)Math.Min(100, Done * 100.0 / Total);

    /// <summary>True for the report that ends a process's read.</summary>
    public bool IsEnd => Total != 0 && Done >= Total;
}
