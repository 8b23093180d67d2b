using System;
using System.Threading;

namespace ProcMap.Elf;

/// <summary>
/// Reads the process's memory as a core dumped it: an address is read from the PT_LOAD that holds it,
/// only where that segment's bytes are in the file. Remembers the last segment, since the pointers and
/// strings one reads together (argv[], envp[] and their strings) lie in one segment, the stack.
/// </summary>
internal sealed class CoreMemory
{
    private readonly ElfCore _core;
    private ElfSegment? _last;

    public CoreMemory(ElfCore core)
    {
        _core = core;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="address"/>; false when any of it was not dumped.</summary>
    public bool TryRead(ulong address, Span<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return true;
        }

        if (_last is not ElfSegment segment || !Holds(segment, address, buffer.Length))
        {
            if (_core.FindDumpedSegment(address, cancellationToken) is not ElfSegment found || !Holds(found, address, buffer.Length))
            {
                return false;
            }

            segment = found;
            _last = found;
        }

        long offset = (long)(segment.Offset + (address - segment.VirtualAddress));
        return _core.Bytes.ReadFully(offset, buffer) == buffer.Length;
    }

    /// <summary>A native word of the core's class and byte order, or null when it was not dumped.</summary>
    public ulong? Word(ulong address, CancellationToken cancellationToken)
    {
        Span<byte> word = stackalloc byte[8];
        var slice = word[.._core.Header.WordSize];
        return TryRead(address, slice, cancellationToken) ? _core.Header.Word(slice, 0) : null;
    }

    /// <summary>
    /// The NUL-terminated string at <paramref name="address"/>, its NUL included, appended to
    /// <paramref name="into"/>; false when it runs out of dumped memory or past <paramref name="limit"/> bytes.
    /// </summary>
    public bool TryAppendString(ulong address, System.IO.MemoryStream into, long limit, CancellationToken cancellationToken)
    {
        Span<byte> chunk = stackalloc byte[256];
        ulong at = address;
        while (into.Length < limit)
        {
            int want = (int)Math.Min((ulong)chunk.Length, Available(at, cancellationToken));
            if (want == 0 || !TryRead(at, chunk[..want], cancellationToken))
            {
                return false;
            }

            int nul = chunk[..want].IndexOf((byte)0);
            into.Write(chunk[..(nul < 0 ? want : nul + 1)]);
            if (nul >= 0)
            {
                return true;
            }

            at += (ulong)want;
        }

        return false;
    }

    /// <summary>How many bytes from <paramref name="address"/> on its segment holds in the file.</summary>
    private ulong Available(ulong address, CancellationToken cancellationToken)
    {
        if (_last is not ElfSegment segment || !Holds(segment, address, 1))
        {
            if (_core.FindDumpedSegment(address, cancellationToken) is not ElfSegment found)
            {
                return 0;
            }

            segment = found;
            _last = found;
        }

        return segment.FileSize - (address - segment.VirtualAddress);
    }

    private static bool Holds(ElfSegment segment, ulong address, int length) =>
        segment.Contains(address) && address - segment.VirtualAddress <= segment.FileSize
        && (ulong)length <= segment.FileSize - (address - segment.VirtualAddress);
}
