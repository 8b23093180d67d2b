using System;
using System.Runtime.InteropServices;

namespace ProcMap.Linux;

/// <summary>
/// /proc/kpageflags and /proc/kpagecount: one u64 per physical frame (KPF_* flags; how many times the
/// frame is mapped), indexed by frame number (Documentation/admin-guide/mm/pagemap.rst). Both are mode
/// 0400 root. Frames of one run are read with one pread each; scattered frames cost a pread per page,
/// which is why -PageFlags is opt-in.
/// </summary>
internal sealed class KpageFiles : IDisposable
{
    private const int BatchFrames = 512;

    private readonly ProcFile _flags;
    private readonly ProcFile _counts;
    private readonly ulong[] _countBuffer = new ulong[BatchFrames];

    private KpageFiles(ProcFile flags, ProcFile counts)
    {
        _flags = flags;
        _counts = counts;
    }

    /// <summary>Opens both files, or returns null with why not.</summary>
    public static KpageFiles? TryOpen(ProcFs proc, out string? reason)
    {
        reason = null;
        string flagsPath = proc.PathOf("kpageflags");
        string countsPath = proc.PathOf("kpagecount");
        if (!proc.TryOpen(flagsPath, 0, out var flags, out int errno))
        {
            reason = Messages.KpageFilesUnreadable(flagsPath, Errno.Describe(errno));
            return null;
        }

        if (!proc.TryOpen(countsPath, 0, out var counts, out errno))
        {
            flags!.Dispose();
            reason = Messages.KpageFilesUnreadable(countsPath, Errno.Describe(errno));
            return null;
        }

        return new KpageFiles(flags!, counts!);
    }

    /// <summary>
    /// Fills the flags and map count of each present page whose frame is shown; every other page gets
    /// <see cref="PageRunCoalescer.NoPageInfo"/>. Frames past the end of memory read as KPF_NOPAGE, count 0,
    /// which is what the kernel reports for frames without a struct page.
    /// </summary>
    public void Read(ReadOnlySpan<ulong> entries, Span<ulong> pageFlags, Span<long> mapCounts)
    {
        int i = 0;
        while (i < entries.Length)
        {
            ulong entry = entries[i];
            if (PagemapEntry.StateOf(entry) != PageState.Present || (entry & PagemapEntry.FrameMask) == 0)
            {
                pageFlags[i] = PageRunCoalescer.NoPageInfo;
                mapCounts[i] = 0;
                i++;
                continue;
            }

            ulong frame = entry & PagemapEntry.FrameMask;
            int length = 1;
            while (i + length < entries.Length && length < BatchFrames
                && (entries[i + length] & (PagemapEntry.Present | PagemapEntry.FrameMask)) == (PagemapEntry.Present | (frame + (ulong)length)))
            {
                length++;
            }

            ReadFrames(frame, pageFlags.Slice(i, length), mapCounts.Slice(i, length));
            i += length;
        }
    }

    private void ReadFrames(ulong frame, Span<ulong> flags, Span<long> counts)
    {
        long offset = (long)(frame * sizeof(ulong));
        int flagsRead = ReadAt(_flags, MemoryMarshal.AsBytes(flags), offset) / sizeof(ulong);
        var countSpan = _countBuffer.AsSpan(0, counts.Length);
        int countsRead = ReadAt(_counts, MemoryMarshal.AsBytes(countSpan), offset) / sizeof(ulong);
        for (int k = 0; k < flags.Length; k++)
        {
            if (k >= flagsRead)
            {
                flags[k] = (ulong)PageFlags.NoPage;
            }

            counts[k] = k < countsRead ? (long)countSpan[k] : 0;
        }
    }

    // System-wide files: an errno here is a read failure of the file, not of a process.
    private static int ReadAt(ProcFile file, Span<byte> buffer, long offset)
    {
        int n = Interop.PositionalRead.Fully(file, buffer, offset);
        return n >= 0 ? n : throw new ProcReadException(file.Path, Errno.Describe(-n));
    }

    public void Dispose()
    {
        _flags.Dispose();
        _counts.Dispose();
    }
}
