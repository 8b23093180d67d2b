using System.Collections.Generic;

namespace ProcMap;

/// <summary>
/// Counts the processes whose memory totals could not be read during one call, by reason, so the call can
/// say so once at the end (as Get-PhysicalRegion warns once about hidden frames) instead of once per process.
/// </summary>
internal sealed class UnreadableTally
{
    private readonly Dictionary<string, (int Count, ProcMapException First)> _byReason = new();

    /// <summary>Counts one process that could not be measured.</summary>
    public void Add(ProcMapException failure)
    {
        _byReason[failure.ErrorId] = _byReason.TryGetValue(failure.ErrorId, out var seen) ? (seen.Count + 1, seen.First) : (1, failure);
    }

    /// <summary>One sentence per reason, or null when every process was measured.</summary>
    public string? Warning()
    {
        if (_byReason.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var (errorId, (count, first)) in _byReason)
        {
            parts.Add(errorId == ErrorIds.AccessDenied ? Messages.MemoryAccessDenied(count) : Messages.MemoryUnreadable(count, first.Message));
        }

        parts.Sort(System.StringComparer.Ordinal);
        return string.Join(" ", parts);
    }
}
