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

    /// <summary>Checks the core and collects its process notes; throws <see cref="ElfFormatException"/> on the first fault.</summary>
    public static CoreImage Open(CoreBytes bytes, CancellationToken cancellationToken)
    {
        var header = ElfHeader.Parse(new ElfWindow(bytes, 4096));
        var image = new CoreImage(bytes, header);
        var headers = new ElfWindow(bytes);
        var notes = new ElfWindow(bytes);
        ulong previousEnd = 0;
        bool anyLoad = false;
        for (ulong i = 0; i < header.ProgramHeaderCount; i++)
        {
            if ((i & 0x3ff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var segment = ElfSegment.Read(header, headers, i);
            if (segment.Type == ElfSegment.PT_LOAD)
            {
                // Both writers emit one PT_LOAD per VMA in address order (the kernel walks the VMA
                // snapshot, gdb /proc/PID/smaps); the VmMap listing merges them with NT_FILE in one pass.
                if (segment.Wraps || (anyLoad && segment.VirtualAddress < previousEnd))
                {
                    throw new ElfFormatException(Messages.CoreSegmentOrder(i, segment.VirtualAddress, segment.MemorySize));
                }

                previousEnd = segment.End;
                anyLoad = true;
            }
            else if (segment.Type == ElfSegment.PT_NOTE)
            {
                image.ReadNotes(notes, segment, cancellationToken);
            }
        }

        if (image.PsInfo is null && image.ThreadCount == 0)
        {
            throw new ElfFormatException(Messages.CoreNoProcessNotes);
        }

        return image;
    }

    /// <summary>Every segment in file order; the LOAD ones come in address order.</summary>
    public SegmentCursor Segments() => new(Header, new ElfWindow(Bytes));

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

    private void ReadNotes(ElfWindow window, ElfSegment segment, CancellationToken cancellationToken)
    {
        var reader = new ElfNoteReader(window, segment);
        int count = 0;
        while (reader.TryNext(out var note))
        {
            if ((++count & 0x3ff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (note.Owner == NoteOwner.FreeBsd)
            {
                throw new ElfFormatException(Messages.CoreFreeBsd);
            }

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
