using System;
using System.Threading;
using ProcMap.Elf;

namespace ProcMap.CoreFile;

/// <summary>
/// A Linux process core whose structure has been checked end to end: the ELF structure
/// (<see cref="ElfCore"/>), every note, the NT_FILE table and its paths. Opening reads the metadata once
/// (the headers and notes, never the dumped memory) and keeps only the few notes every operation needs,
/// so memory does not grow with the file. Everything later reads the same bytes again and so cannot meet
/// a malformed structure; a core cut short inside dumped memory is not malformed: those segments read as
/// not dumped.
/// </summary>
internal sealed class CoreImage
{
    /// <summary>The kernel keeps at most AT_VECTOR_SIZE pairs (about 50); gdb copies /proc/PID/auxv, the same.</summary>
    private const int MaxAuxvSize = 64 * 1024;

    private const int MaxProcessNoteSize = 4096;

    private CoreImage(ElfCore core, CoreLayout layout)
    {
        Core = core;
        Layout = layout;
    }

    public ElfCore Core { get; }

    public CoreBytes Bytes => Core.Bytes;

    public ElfHeader Header => Core.Header;

    /// <summary>The ABI the core's notes are laid out for.</summary>
    public CoreLayout Layout { get; }

    /// <summary>NT_PRPSINFO, or null when the core has none.</summary>
    public CorePsInfo? PsInfo { get; private set; }

    /// <summary>The number of NT_PRSTATUS notes: one per thread.</summary>
    public int ThreadCount { get; private set; }

    /// <summary>The first NT_PRSTATUS: the thread that dumped (or gdb's first thread).</summary>
    public CorePrStatus? FirstThread { get; private set; }

    /// <summary>The raw NT_AUXV bytes, or null.</summary>
    public byte[]? Auxv { get; private set; }

    /// <summary>NT_FILE, or null when the core has none (Linux before 3.7, qemu-user).</summary>
    public FileNote? Files { get; private set; }

    /// <summary>The process id: pr_pid of NT_PRPSINFO, else of the first NT_PRSTATUS.</summary>
    public int ProcessId => PsInfo?.ProcessId ?? FirstThread?.ThreadId ?? 0;

    /// <summary>An address on the main thread's initial stack: AT_EXECFN, else AT_RANDOM.</summary>
    public ulong? StackAnchor => Auxv is null ? null
        : CoreAuxv.Find(Auxv, Header, CoreAuxv.AT_EXECFN) ?? CoreAuxv.Find(Auxv, Header, CoreAuxv.AT_RANDOM);

    /// <summary>AT_SYSINFO_EHDR: where the vDSO is mapped.</summary>
    public ulong? VdsoAddress => Auxv is null ? null : CoreAuxv.Find(Auxv, Header, CoreAuxv.AT_SYSINFO_EHDR);

    /// <summary>
    /// Checks that <paramref name="core"/> is a Linux process core of an ABI ProcMap knows and collects its
    /// process notes; throws <see cref="ElfFormatException"/> on the first fault.
    /// </summary>
    public static CoreImage Open(ElfCore core, CancellationToken cancellationToken)
    {
        // What the file is comes before how its notes are laid out: a kernel crash dump is one whatever its machine.
        core.Owners.RequireProcessCore(core.HasProcessNotes);
        var image = new CoreImage(core, CoreLayout.For(core.Header, core.FirstPrStatusSize));
        image.ReadNotes(cancellationToken);
        if (image.ProcessId < 1)
        {
            throw new ElfFormatException(Messages.CoreBadProcessId(image.ProcessId));
        }

        return image;
    }

    /// <summary>Every segment in file order.</summary>
    public SegmentCursor Segments() => Core.Segments();

    /// <summary>The PT_LOAD segments in address order, however the file lists them.</summary>
    public LoadCursor Loads() => Core.Loads();

    /// <summary>The dumped PT_LOAD holding <paramref name="address"/>, if any.</summary>
    public ElfSegment? FindDumpedSegment(ulong address, CancellationToken cancellationToken) => Core.FindDumpedSegment(address, cancellationToken);

    /// <summary>Decodes one NT_PRSTATUS descriptor by this core's layout.</summary>
    public CorePrStatus DecodePrStatus(ReadOnlySpan<byte> descriptor) => CorePrStatus.Decode(descriptor, Layout.PrStatus, Header.Order);

    private void ReadNotes(CancellationToken cancellationToken)
    {
        var notes = Core.Notes();
        int count = 0;
        while (notes.TryNext(out var note, cancellationToken))
        {
            if ((++count & 0x3ff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (note.Owner != NoteOwner.Core)
            {
                continue;
            }

            switch (note.Type)
            {
                case ElfNote.NT_PRPSINFO when PsInfo is null:
                    PsInfo = CorePsInfo.Decode(notes.Descriptor(note, MaxProcessNoteSize, "a note descriptor"), Layout.PrPsInfo, Header.Order);
                    break;
                case ElfNote.NT_PRSTATUS:
                    var status = DecodePrStatus(notes.Descriptor(note, MaxProcessNoteSize, "a note descriptor"));
                    FirstThread ??= status;
                    ThreadCount = ThreadCount < int.MaxValue ? ThreadCount + 1 : throw new ElfFormatException(Messages.CoreTooManyThreads);
                    break;
                case ElfNote.NT_AUXV when Auxv is null:
                    int entry = 2 * Header.WordSize;
                    if (note.DescriptorSize > MaxAuxvSize || note.DescriptorSize % entry != 0)
                    {
                        throw new ElfFormatException(Messages.CoreAuxvSize(note.DescriptorSize, entry));
                    }

                    Auxv = notes.Descriptor(note, MaxAuxvSize, "the NT_AUXV note").ToArray();
                    break;
                case ElfNote.NT_FILE when Files is null:
                    Files = FileNote.Validate(Header, Bytes, note, cancellationToken);
                    break;
            }
        }
    }
}

/// <summary>A forward cursor over every NT_PRSTATUS of every PT_NOTE segment, in file order.</summary>
internal sealed class ThreadCursor
{
    private readonly CoreImage _image;
    private readonly NoteCursor _notes;

    public ThreadCursor(CoreImage image)
    {
        _image = image;
        _notes = image.Core.Notes();
    }

    public bool TryNext(out CorePrStatus status, CancellationToken cancellationToken)
    {
        while (_notes.TryNext(out var note, cancellationToken))
        {
            if (note.Owner == NoteOwner.Core && note.Type == ElfNote.NT_PRSTATUS)
            {
                status = _image.DecodePrStatus(_notes.Descriptor(note, 4096, "an NT_PRSTATUS note"));
                return true;
            }
        }

        status = default;
        return false;
    }
}
