using System;
using System.Runtime.InteropServices;

namespace ProcMap.Linux;

/// <summary>
/// /proc/PID/pagemap, read with pread(2) a chunk of entries at a time: entry N (8 bytes) describes the
/// virtual page at N * page size, so a range is read without ever holding more than the caller's buffer.
/// Opening checks ptrace read access (PTRACE_MODE_READ_FSCREDS); the open file decides once, from the
/// opener's credentials, whether frame numbers are shown.
/// </summary>
internal sealed class PagemapFile : IDisposable
{
    private readonly ProcFile _file;
    private readonly int _pageShift;

    private PagemapFile(ProcFile file, int pageShift)
    {
        _file = file;
        _pageShift = pageShift;
    }

    public string Path => _file.Path;

    public int ProcessId => _file.ProcessId;

    internal Interop.FileDescriptor Descriptor => _file.Descriptor;

    public static PagemapFile Open(ProcFs proc, int processId, ulong pageSize)
    {
        var file = proc.Open(proc.PathOf(processId, "pagemap"), processId);
        return new PagemapFile(file, System.Numerics.BitOperations.Log2(pageSize));
    }

    /// <summary>
    /// Reads the entries of the pages from <paramref name="address"/> on into <paramref name="entries"/>;
    /// returns how many were read. Fewer than asked (down to 0) means the kernel has nothing past that
    /// point: the address lies above the user address space (x86-64's [vsyscall]) or the process's
    /// memory is gone (it exited).
    /// </summary>
    public int Read(ulong address, Span<ulong> entries)
    {
        long offset = (long)((address >> _pageShift) * sizeof(ulong));
        return _file.ReadFullyAt(MemoryMarshal.AsBytes(entries), offset) / sizeof(ulong);
    }

    /// <summary>The exception <paramref name="errno"/> means for this file.</summary>
    public ProcMapException Failure(int errno) => _file.Failure(errno);

    public void Dispose() => _file.Dispose();
}
