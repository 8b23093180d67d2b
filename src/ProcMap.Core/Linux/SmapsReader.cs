using System;
using System.Collections.Generic;
using System.Threading;

namespace ProcMap.Linux;

/// <summary>
/// Streams /proc/PID/smaps: a maps header line per region followed by its "Key: value" lines.
/// A region is complete when the next header (or the end of the file) arrives.
/// </summary>
internal static class SmapsReader
{
    public static IEnumerable<VmRegion> Read(ProcFs proc, int processId, VmRegionFilter? filter, CancellationToken cancellationToken)
    {
        var lines = proc.OpenLines(proc.PathOf(processId, "smaps"), processId);
        return Parse(lines, processId, filter, cancellationToken);
    }

    /// <summary>
    /// The regions; a record whose header <paramref name="filter"/> does not keep builds no region and its
    /// field lines are passed over unparsed.
    /// </summary>
    internal static IEnumerable<VmRegion> Parse(ProcLineReader lines, int processId, VmRegionFilter? filter, CancellationToken cancellationToken)
    {
        using (lines)
        {
            var header = new MapsLine(detailed: true, filter: filter);
            var fields = new SmapsFields();
            DetailedVmRegion? current = null;
            bool skipping = false;
            while (true)
            {
                // Most lines are "Key:   value kB" in the order the kernel always prints them: applied
                // straight from the buffer, many at a time, without finding each line's end first.
                if (current is not null)
                {
                    int used = fields.ApplyRun(lines.Buffered, current, out int lineCount);
                    if (used > 0)
                    {
                        lines.Skip(used, lineCount);
                        continue;
                    }
                }

                if (!lines.TryReadLine(out int offset, out int length))
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var line = lines.Buffer.AsSpan(offset, length);
                if (skipping && SmapsFields.IsFieldLine(line))
                {
                    continue;
                }

                if (current is not null && SmapsFields.IsFieldLine(line))
                {
                    if (!fields.TryApply(line, current))
                    {
                        throw Malformed(lines, "Key: value [kB]");
                    }

                    continue;
                }

                if (!header.TryParse(line, processId, out var next))
                {
                    throw Malformed(lines, "start-end perms offset dev inode name");
                }

                if (current is not null)
                {
                    yield return current;
                }

                current = (DetailedVmRegion?)next;
                skipping = next is null;
            }

            if (current is not null)
            {
                yield return current;
            }
        }
    }

    private static ProcReadException Malformed(ProcLineReader lines, string expected) =>
        new(lines.Path, Messages.UnexpectedFormat(lines.LineNumber, expected));
}
