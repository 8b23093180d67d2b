using System;
using System.Collections.Generic;
using System.Threading;

namespace ProcMap.Linux;

/// <summary>Streams /proc/PID/maps as regions, one per line, parsed in place.</summary>
internal static class MapsReader
{
    public static IEnumerable<VmRegion> Read(ProcFs proc, int processId, CancellationToken cancellationToken) =>
        Read(proc, processId, null, cancellationToken);

    /// <summary>The regions <paramref name="filter"/> keeps; the lines it does not keep build no region.</summary>
    public static IEnumerable<VmRegion> Read(ProcFs proc, int processId, VmRegionFilter? filter, CancellationToken cancellationToken)
    {
        // Opened eagerly so a missing pid fails at the call, not at the first MoveNext.
        var lines = proc.OpenLines(proc.PathOf(processId, "maps"), processId);
        return Parse(lines, processId, filter, cancellationToken);
    }

    /// <summary>
    /// Opens /proc/PID/maps (a missing or forbidden process fails here) for a reader that takes the regions
    /// as it needs them and owns the file: disposing the result closes it, read to the end or not.
    /// </summary>
    public static OpenMaps Open(ProcFs proc, int processId) =>
        new(proc.OpenLines(proc.PathOf(processId, "maps"), processId), processId);

    internal static IEnumerable<VmRegion> Parse(ProcLineReader lines, int processId, VmRegionFilter? filter, CancellationToken cancellationToken)
    {
        using (lines)
        {
            var parser = new MapsLine(filter: filter);
            while (lines.TryReadLine(out int offset, out int length))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!parser.TryParse(lines.Buffer.AsSpan(offset, length), processId, out var region))
                {
                    throw new ProcReadException(lines.Path, Messages.UnexpectedFormat(lines.LineNumber, "start-end perms offset dev inode name"));
                }

                if (region is not null)
                {
                    yield return region;
                }
            }
        }
    }

    /// <summary>An open maps file; see <see cref="Open"/>.</summary>
    internal sealed class OpenMaps : IDisposable
    {
        private readonly ProcLineReader _lines;
        private readonly int _processId;

        public OpenMaps(ProcLineReader lines, int processId)
        {
            _lines = lines;
            _processId = processId;
        }

        /// <summary>The regions, read and parsed one line at a time as the enumerator moves.</summary>
        public IEnumerator<VmRegion> Regions(CancellationToken cancellationToken) =>
            Parse(_lines, _processId, null, cancellationToken).GetEnumerator();

        public void Dispose() => _lines.Dispose();
    }
}
