using System;
using System.Threading;
using ProcMap.Elf;

namespace ProcMap.CoreFile;

/// <summary>
/// A process core file whose structure has been checked end to end: the ELF header, every program
/// header, every note, the NT_FILE table and its paths. Opening reads the metadata once (a stream over
/// the headers and notes, never the dumped memory) and keeps only the few notes every operation needs,
/// so memory does not grow with the file. Everything later reads the same bytes again and so cannot meet
/// a malformed structure; a core cut short inside dumped memory is not malformed: those segments read as
/// not dumped.
/// </summary>
internal sealed class CoreImage
{
    /// <summary>The kernel keeps at most AT_VECTOR_SIZE pairs (about 50); gdb copies /proc/PID/auxv, the same.</summary>
    private const int MaxAuxvSize = 64 * 1024;

    private const int MaxProcessNoteSize = 4096;

    private CoreImage(CoreBytes bytes, ElfHeader header)
    {
        Bytes = bytes;
        Header = header;
    }

    public CoreBytes Bytes { get; }

    public ElfHeader Header { get; }

    /// <summary>NT_PRPSINFO, or null when the core has none.</summary>
    public CorePsInfo? PsInfo { get; private set; }

    /// <summary>The number of NT_PRSTATUS notes: one per thread.</summary>
    public int ThreadCount { get; private set; }

    /// <summary>The first NT_PRSTATUS: the thread that dumped (or gdb's first thread).</summary>
    public CorePrStatus? FirstThread { get; private set; }

    /// <summary>The raw NT_AUXV bytes, or null.</summary>
    public byte[]? Auxv { get; private set; }

    /// <summary>NT_FILE, or null when the core has none (Linux before 3.7).</summary>
    public FileNote? Files { get; private set; }

    /// <summary>The process id: pr_pid of NT_PRPSINFO, else of the first NT_PRSTATUS.</summary>
    public int ProcessId => PsInfo?.ProcessId ?? FirstThread?.ThreadId ?? 0;

    /// <summary>An address on the main thread's initial stack: AT_EXECFN, else AT_RANDOM.</summary>
    public ulong? StackAnchor => Auxv is null ? null
        : CoreAuxv.Find(Auxv, Header.Is64, CoreAuxv.AT_EXECFN) ?? CoreAuxv.Find(Auxv, Header.Is64, CoreAuxv.AT_RANDOM);

    /// <summary>AT_SYSINFO_EHDR: where the vDSO is mapped.</summary>
    public ulong? VdsoAddress => Auxv is null ? null : CoreAuxv.Find(Auxv, Header.Is64, CoreAuxv.AT_SYSINFO_EHDR);

    /// <summary>
    /// Program header indices of the PT_LOADs in address order, when the file does not list them so; null
    /// when it does (both Linux writers emit one PT_LOAD per VMA in address order: the kernel walks the VMA
    /// snapshot, gdb /proc/PID/smaps), so the common case keeps no table.
    /// </summary>
    private ulong[]? LoadOrder { get; set; }

    /// <summary>Checks the core and collects its process notes; throws <see cref="ElfFormatException"/> on the first fault.</summary>
    public static CoreImage Open(CoreBytes bytes, CancellationToken cancellationToken)
    {
        var header = ElfHeader.Parse(new ElfWindow(bytes, 4096));
        var image = new CoreImage(bytes, header);
        var headers = new ElfWindow(bytes);
        var notes = new ElfWindow(bytes);
        var owners = new NoteOwners();
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
                image.ReadNotes(notes, segment, owners, cancellationToken);
            }
        }

        // What the file is comes before how its segments lie: a kernel crash dump is one whatever its order.
        owners.RequireProcessCore(image.PsInfo is not null || image.ThreadCount > 0);
        if (image.ProcessId < 1)
        {
            throw new ElfFormatException(Messages.CoreBadProcessId(image.ProcessId));
        }
        if (!ordered)
        {
            image.LoadOrder = SortLoads(header, headers, loads, cancellationToken);
        }

        return image;
    }

    /// <summary>Every segment in file order.</summary>
    public SegmentCursor Segments() => new(Header, new ElfWindow(Bytes));

    /// <summary>The PT_LOAD segments in address order, however the file lists them.</summary>
    public LoadCursor Loads() => new(Segments(), LoadOrder, Header, new ElfWindow(Bytes));

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

    private void ReadNotes(ElfWindow window, ElfSegment segment, NoteOwners owners, CancellationToken cancellationToken)
    {
        var reader = new ElfNoteReader(window, segment);
        int count = 0;
        while (reader.TryNext(out var note))
        {
            if ((++count & 0x3ff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            owners.Saw(note.Owner);
            if (note.Owner != NoteOwner.Core)
            {
                continue;
            }

            switch (note.Type)
            {
                case ElfNote.NT_PRPSINFO when PsInfo is null:
                    PsInfo = CorePsInfo.Decode(Descriptor(window, note, MaxProcessNoteSize), Header.Is64);
                    break;
                case ElfNote.NT_PRSTATUS:
                    var status = CorePrStatus.Decode(Descriptor(window, note, MaxProcessNoteSize), Header.Is64);
                    FirstThread ??= status;
                    ThreadCount = ThreadCount < int.MaxValue ? ThreadCount + 1 : throw new ElfFormatException(Messages.CoreTooManyThreads);
                    break;
                case ElfNote.NT_AUXV when Auxv is null:
                    int entry = 2 * Header.WordSize;
                    if (note.DescriptorSize > MaxAuxvSize || note.DescriptorSize % entry != 0)
                    {
                        throw new ElfFormatException(Messages.CoreAuxvSize(note.DescriptorSize, entry));
                    }

                    Auxv = window.Read(note.DescriptorOffset, (int)note.DescriptorSize, "the NT_AUXV note").ToArray();
                    break;
                case ElfNote.NT_FILE when Files is null:
                    Files = FileNote.Validate(Header, Bytes, note, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>The descriptor's bytes, at most <paramref name="limit"/> of them (the decoders need only their fixed prefix).</summary>
    private static ReadOnlySpan<byte> Descriptor(ElfWindow window, ElfNote note, int limit) =>
        window.Read(note.DescriptorOffset, (int)Math.Min(note.DescriptorSize, (uint)limit), "a note descriptor");

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
}

/// <summary>The PT_LOAD segments in address order: in file order, or by the sorted index when the file lists them otherwise.</summary>
internal sealed class LoadCursor
{
    private readonly CoreImage.SegmentCursor _segments;
    private readonly ulong[]? _order;
    private readonly ElfHeader _header;
    private readonly ElfWindow _window;
    private ulong _next;

    public LoadCursor(CoreImage.SegmentCursor segments, ulong[]? order, ElfHeader header, ElfWindow window)
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
    private bool _freeBsd;
    private bool _netBsd;
    private bool _openBsd;

    public void Saw(NoteOwner owner)
    {
        _vmCoreInfo |= owner == NoteOwner.VmCoreInfo;
        _freeBsd |= owner == NoteOwner.FreeBsd;
        _netBsd |= owner == NoteOwner.NetBsd;
        _openBsd |= owner == NoteOwner.OpenBsd;
    }

    /// <summary>Throws, naming what the file is, unless it is a Linux process core.</summary>
    public void RequireProcessCore(bool hasProcessNotes)
    {
        string? what = _vmCoreInfo ? Messages.CoreKernelDump
            : _freeBsd ? Messages.CoreFreeBsd
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

/// <summary>A forward cursor over every NT_PRSTATUS of every PT_NOTE segment, in file order.</summary>
internal sealed class ThreadCursor
{
    private readonly CoreImage _image;
    private readonly CoreImage.SegmentCursor _segments;
    private readonly ElfWindow _notes;
    private ElfNoteReader _reader;
    private bool _inSegment;

    public ThreadCursor(CoreImage image)
    {
        _image = image;
        _segments = image.Segments();
        _notes = new ElfWindow(image.Bytes);
    }

    public bool TryNext(out CorePrStatus status, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_inSegment)
            {
                while (_reader.TryNext(out var note))
                {
                    if (note.Owner == NoteOwner.Core && note.Type == ElfNote.NT_PRSTATUS)
                    {
                        var descriptor = _notes.Read(note.DescriptorOffset, (int)Math.Min(note.DescriptorSize, 4096u), "an NT_PRSTATUS note");
                        status = CorePrStatus.Decode(descriptor, _image.Header.Is64);
                        return true;
                    }
                }

                _inSegment = false;
            }

            if (!_segments.TryNext(out var segment, cancellationToken))
            {
                status = default;
                return false;
            }

            if (segment.Type == ElfSegment.PT_NOTE)
            {
                _reader = new ElfNoteReader(_notes, segment);
                _inSegment = true;
            }
        }
    }
}
