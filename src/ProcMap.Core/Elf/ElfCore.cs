using System;
using System.Threading;

namespace ProcMap.Elf;

/// <summary>
/// An ELF core file's structure, whatever system wrote it: the header, every program header checked
/// (no PT_LOAD wraps the address space, none overlaps another), and which note owners it carries, so
/// the file can be named for what it is (a Linux process core, a FreeBSD one, a kernel crash dump, a
/// NetBSD or OpenBSD core) before any note is decoded by a layout. Reads only headers: memory does not
/// grow with the file.
/// </summary>
internal sealed class ElfCore
{
    private ElfCore(CoreBytes bytes, ElfHeader header)
    {
        Bytes = bytes;
        Header = header;
    }

    public CoreBytes Bytes { get; }

    public ElfHeader Header { get; }

    /// <summary>The owners of every note.</summary>
    public NoteOwners Owners { get; } = new();

    /// <summary>FreeBSD's imgact_elf.c brands its cores ELFOSABI_FREEBSD and names every note "FreeBSD".</summary>
    public bool WrittenByFreeBsd => Header.OsAbi == ElfHeader.ELFOSABI_FREEBSD || Owners.FreeBsd;

    /// <summary>True when a "CORE" NT_PRPSINFO or NT_PRSTATUS note is there (what a Linux process core has).</summary>
    public bool HasProcessNotes { get; private set; }

    /// <summary>The descriptor size of the first "CORE" NT_PRSTATUS, which tells ABIs of one machine and class apart.</summary>
    public uint? FirstPrStatusSize { get; private set; }

    /// <summary>
    /// Program header indices of the PT_LOADs in address order, when the file does not list them so; null
    /// when it does (both Linux writers emit one PT_LOAD per VMA in address order: the kernel walks the VMA
    /// snapshot, gdb /proc/PID/smaps), so the common case keeps no table.
    /// </summary>
    private ulong[]? LoadOrder { get; set; }

    /// <summary>Checks the header and program headers and surveys the notes; throws <see cref="ElfFormatException"/> on the first fault.</summary>
    public static ElfCore Open(CoreBytes bytes, CancellationToken cancellationToken)
    {
        var header = ElfHeader.Parse(new ElfWindow(bytes, 4096));
        var core = new ElfCore(bytes, header);
        var headers = new ElfWindow(bytes);
        var notes = new ElfWindow(bytes);
        ulong previousEnd = 0;
        ulong loads = 0;
        bool ordered = true;
        for (ulong i = 0; i < header.ProgramHeaderCount; i++)
        {
            if ((i & 0x3ff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var segment = ElfSegment.Read(header, headers, i);
            if (segment.Type == ElfSegment.PT_LOAD)
            {
                if (segment.Wraps)
                {
                    throw new ElfFormatException(Messages.CoreSegmentOrder(i, segment.VirtualAddress, segment.MemorySize));
                }

                ordered &= loads == 0 || segment.VirtualAddress >= previousEnd;
                previousEnd = segment.End;
                loads++;
            }
            else if (segment.Type == ElfSegment.PT_NOTE)
            {
                core.Survey(notes, segment, cancellationToken);
            }
        }

        if (!ordered)
        {
            core.LoadOrder = SortLoads(header, headers, loads, cancellationToken);
        }

        return core;
    }

    /// <summary>Every segment in file order.</summary>
    public SegmentCursor Segments() => new(Header, new ElfWindow(Bytes));

    /// <summary>The PT_LOAD segments in address order, however the file lists them.</summary>
    public LoadCursor Loads() => new(Segments(), LoadOrder, Header, new ElfWindow(Bytes));

    /// <summary>Every note of every PT_NOTE segment, in file order.</summary>
    public NoteCursor Notes() => new(this);

    // PT_LOADs out of address order that do not overlap are a valid core (elfutils' kdump test file lists
    // them so): read them in address order. Overlapping ones are not: two ranges of one address space.
    private static ulong[] SortLoads(ElfHeader header, ElfWindow window, ulong count, CancellationToken cancellationToken)
    {
        var starts = new ulong[count];
        var indices = new ulong[count];
        ulong n = 0;
        for (ulong i = 0; i < header.ProgramHeaderCount; i++)
        {
            var segment = ElfSegment.Read(header, window, i);
            if (segment.Type == ElfSegment.PT_LOAD)
            {
                starts[n] = segment.VirtualAddress;
                indices[n++] = i;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        Array.Sort(starts, indices);
        ulong previousEnd = 0;
        for (ulong k = 0; k < count; k++)
        {
            var segment = ElfSegment.Read(header, window, indices[k]);
            if (k > 0 && segment.VirtualAddress < previousEnd)
            {
                throw new ElfFormatException(Messages.CoreSegmentOverlap(indices[k], segment.VirtualAddress, segment.MemorySize));
            }

            previousEnd = segment.End;
        }

        return indices;
    }

    /// <summary>The dumped PT_LOAD holding <paramref name="address"/>, if any.</summary>
    public ElfSegment? FindDumpedSegment(ulong address, CancellationToken cancellationToken)
    {
        var segments = Segments();
        while (segments.TryNext(out var segment, cancellationToken))
        {
            if (segment.Type == ElfSegment.PT_LOAD && segment.Contains(address) && segment.HasData(Bytes.Length)
                && address - segment.VirtualAddress < segment.FileSize)
            {
                return segment;
            }
        }

        return null;
    }

    private void Survey(ElfWindow window, ElfSegment segment, CancellationToken cancellationToken)
    {
        var reader = new ElfNoteReader(window, segment, Header.Order);
        int count = 0;
        while (reader.TryNext(out var note))
        {
            if ((++count & 0x3ff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Owners.Saw(note.Owner);
            if (note.Owner == NoteOwner.Core && note.Type is ElfNote.NT_PRSTATUS or ElfNote.NT_PRPSINFO)
            {
                HasProcessNotes = true;
                if (note.Type == ElfNote.NT_PRSTATUS)
                {
                    FirstPrStatusSize ??= note.DescriptorSize;
                }
            }
        }
    }
}

/// <summary>A forward cursor over the program headers with its own window.</summary>
internal sealed class SegmentCursor
{
    private readonly ElfHeader _header;
    private readonly ElfWindow _window;
    private ulong _index;

    public SegmentCursor(ElfHeader header, ElfWindow window)
    {
        _header = header;
        _window = window;
    }

    public bool TryNext(out ElfSegment segment, CancellationToken cancellationToken)
    {
        if (_index >= _header.ProgramHeaderCount)
        {
            segment = default;
            return false;
        }

        if ((_index & 0x3ff) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        segment = ElfSegment.Read(_header, _window, _index++);
        return true;
    }
}

/// <summary>The PT_LOAD segments in address order: in file order, or by the sorted index when the file lists them otherwise.</summary>
internal sealed class LoadCursor
{
    private readonly SegmentCursor _segments;
    private readonly ulong[]? _order;
    private readonly ElfHeader _header;
    private readonly ElfWindow _window;
    private ulong _next;

    public LoadCursor(SegmentCursor segments, ulong[]? order, ElfHeader header, ElfWindow window)
    {
        _segments = segments;
        _order = order;
        _header = header;
        _window = window;
    }

    public bool TryNext(out ElfSegment segment, CancellationToken cancellationToken)
    {
        if (_order is null)
        {
            while (_segments.TryNext(out segment, cancellationToken))
            {
                if (segment.Type == ElfSegment.PT_LOAD)
                {
                    return true;
                }
            }

            return false;
        }

        if (_next >= (ulong)_order.Length)
        {
            segment = default;
            return false;
        }

        if ((_next & 0x3ff) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        segment = ElfSegment.Read(_header, _window, _order[_next++]);
        return true;
    }
}

/// <summary>
/// Which note owners a core carries, to say what a file is before how it is laid out: a kernel crash dump
/// carries VMCOREINFO (and CORE NT_PRSTATUS notes, one per CPU, which would otherwise read as threads), BSD
/// cores their own owners.
/// </summary>
internal sealed class NoteOwners
{
    private bool _vmCoreInfo;
    private bool _netBsd;
    private bool _openBsd;

    /// <summary>True once a "FreeBSD" note was seen.</summary>
    public bool FreeBsd { get; private set; }

    public void Saw(NoteOwner owner)
    {
        _vmCoreInfo |= owner == NoteOwner.VmCoreInfo;
        FreeBsd |= owner == NoteOwner.FreeBsd;
        _netBsd |= owner == NoteOwner.NetBsd;
        _openBsd |= owner == NoteOwner.OpenBsd;
    }

    /// <summary>Throws, naming what the file is, unless it is a Linux process core.</summary>
    public void RequireProcessCore(bool hasProcessNotes)
    {
        string? what = _vmCoreInfo ? Messages.CoreKernelDump
            : _netBsd ? Messages.CoreOtherSystem("NetBSD", "NetBSD-CORE")
            : _openBsd ? Messages.CoreOtherSystem("OpenBSD", "OpenBSD")
            : hasProcessNotes ? null
            : Messages.CoreNoProcessNotes;
        if (what is not null)
        {
            throw new ElfFormatException(what);
        }
    }
}

/// <summary>A forward cursor over every note of every PT_NOTE segment, in file order, with its own windows.</summary>
internal sealed class NoteCursor
{
    private readonly ElfCore _core;
    private readonly SegmentCursor _segments;
    private readonly ElfWindow _notes;
    private ElfNoteReader _reader;
    private bool _inSegment;

    public NoteCursor(ElfCore core)
    {
        _core = core;
        _segments = core.Segments();
        _notes = new ElfWindow(core.Bytes);
    }

    /// <summary>Reads a note's descriptor (at most <paramref name="limit"/> bytes), valid until the next call.</summary>
    public ReadOnlySpan<byte> Descriptor(ElfNote note, int limit, string what) =>
        _notes.Read(note.DescriptorOffset, (int)Math.Min(note.DescriptorSize, (uint)limit), what);

    public bool TryNext(out ElfNote note, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_inSegment)
            {
                if (_reader.TryNext(out note))
                {
                    return true;
                }

                _inSegment = false;
            }

            if (!_segments.TryNext(out var segment, cancellationToken))
            {
                note = default;
                return false;
            }

            if (segment.Type == ElfSegment.PT_NOTE)
            {
                _reader = new ElfNoteReader(_notes, segment, _core.Header.Order);
                _inSegment = true;
            }
        }
    }
}
