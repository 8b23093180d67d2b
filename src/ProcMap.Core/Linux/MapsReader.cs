using System;
using System.Collections.Generic;
using System.Threading;

namespace ProcMap.Linux;

/// <summary>Streams /proc/PID/maps as regions, one per line, parsed in place.</summary>
internal static class MapsReader
{
    public static IEnumerable<VmRegion> Read(ProcFs proc, int processId, CancellationToken cancellationToken)
    {
        // Opened eagerly so a missing pid fails at the call, not at the first MoveNext.
        var lines = proc.OpenLines(proc.PathOf(processId, "maps"), processId);
        return Parse(lines, processId, cancellationToken);
    }

    internal static IEnumerable<VmRegion> Parse(ProcLineReader lines, int processId, CancellationToken cancellationToken)
    {
        using (lines)
        {
            var parser = new MapsLine();
            while (lines.TryReadLine(out int offset, out int length))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!parser.TryParse(lines.Buffer.AsSpan(offset, length), processId, out var region))
                {
                    throw new ProcReadException(lines.Path, Messages.UnexpectedFormat(lines.LineNumber, "start-end perms offset dev inode name"));
                }

                yield return region!;
            }
        }
    }
}
