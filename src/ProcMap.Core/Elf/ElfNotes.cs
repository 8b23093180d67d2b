using System;

namespace ProcMap.Elf;

/// <summary>Who wrote a note, from its name field.</summary>
internal enum NoteOwner
{
    /// <summary>"CORE": the standard process notes (NT_PRSTATUS, NT_PRPSINFO, NT_AUXV, NT_FILE, NT_SIGINFO).</summary>
    Core,

    /// <summary>"LINUX": architecture register sets (NT_X86_XSTATE and friends).</summary>
    Linux,

    /// <summary>"FreeBSD": a FreeBSD core's notes, whose layouts differ.</summary>
    FreeBsd,

    /// <summary>"VMCOREINFO": the kernel's own description, which only a kernel crash dump carries (kdump, makedumpfile).</summary>
    VmCoreInfo,

    /// <summary>"NetBSD-CORE" (and "NetBSD-CORE@LWPID"): a NetBSD process core (sys/kern/core_elf32.c).</summary>
    NetBsd,

    /// <summary>"OpenBSD": an OpenBSD process core (sys/kern/exec_elf.c coredump_notes_elf).</summary>
    OpenBsd,

    /// <summary>Any other owner ("GDB" for gcore's target description, ...).</summary>
    Other,
}

/// <summary>One note of a PT_NOTE segment: its owner, type, and where its descriptor lies in the file.</summary>
internal readonly record struct ElfNote(NoteOwner Owner, uint Type, ulong DescriptorOffset, uint DescriptorSize)
{
    public const uint NT_PRSTATUS = 1;
    public const uint NT_PRPSINFO = 3;
    public const uint NT_AUXV = 6;
    public const uint NT_FILE = 0x46494c45;
}

/// <summary>
/// Walks the notes of one PT_NOTE segment (elf(5) "Notes"): each is namesz, descsz, type as 4-byte words,
/// then the name and the descriptor, each padded to 4 bytes (Linux pads to 4 in ELF64 cores too, as
/// fs/binfmt_elf.c writenote does). Every size is checked against the segment before it is used, so a
/// note or name that runs past the segment is an error, never a read of the next one.
/// </summary>
internal struct ElfNoteReader
{
    private const int HeaderSize = 12;

    // Owner names ProcMap tells apart are short; "NetBSD-CORE@" plus an LWP id is the longest.
    private const int MaxOwnerName = 32;

    private readonly ElfWindow _window;
    private readonly ElfByteOrder _order;
    private readonly ulong _end;
    private ulong _position;
    private int _index;

    public ElfNoteReader(ElfWindow window, ElfSegment segment, ElfByteOrder order)
    {
        if (segment.Offset > (ulong)window.FileLength || segment.FileSize > (ulong)window.FileLength - segment.Offset)
        {
            throw new ElfFormatException(Messages.CoreRangePastEnd("the note segment", segment.Offset, segment.FileSize, window.FileLength));
        }

        _window = window;
        _order = order;
        _position = segment.Offset;
        _end = segment.Offset + segment.FileSize;
        _index = 0;
    }

    public bool TryNext(out ElfNote note)
    {
        note = default;
        if (_end - _position < HeaderSize)
        {
            // Fewer bytes than a note header left: the end (producers pad the segment's tail).
            return false;
        }

        var header = _window.Read(_position, HeaderSize, "a note header");
        uint nameSize = _order.U32(header, 0);
        uint descriptorSize = _order.U32(header, 4);
        uint type = _order.U32(header, 8);
        ulong nameOffset = _position + HeaderSize;
        ulong paddedName = Pad(nameSize);
        ulong room = _end - nameOffset;
        if (paddedName > room || descriptorSize > room - paddedName)
        {
            throw new ElfFormatException(Messages.CoreNotePastSegment(_index, _position, nameSize, descriptorSize));
        }

        var owner = NoteOwner.Other;
        if (nameSize is > 0 and <= MaxOwnerName)
        {
            var name = _window.Read(nameOffset, (int)nameSize, "a note name");
            owner = Owner(name.TrimEnd((byte)0));
        }

        ulong descriptorOffset = nameOffset + paddedName;
        note = new ElfNote(owner, type, descriptorOffset, descriptorSize);
        ulong next = descriptorOffset + Pad(descriptorSize);
        _position = next > _end ? _end : next;
        _index++;
        return true;
    }

    private static ulong Pad(uint size) => ((ulong)size + 3) & ~3UL;

    private static NoteOwner Owner(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("CORE"u8))
        {
            return NoteOwner.Core;
        }

        if (name.SequenceEqual("LINUX"u8))
        {
            return NoteOwner.Linux;
        }

        if (name.SequenceEqual("FreeBSD"u8))
        {
            return NoteOwner.FreeBsd;
        }

        if (name.SequenceEqual("VMCOREINFO"u8))
        {
            return NoteOwner.VmCoreInfo;
        }

        if (name.SequenceEqual("NetBSD-CORE"u8) || name.StartsWith("NetBSD-CORE@"u8))
        {
            return NoteOwner.NetBsd;
        }

        return name.SequenceEqual("OpenBSD"u8) ? NoteOwner.OpenBsd : NoteOwner.Other;
    }
}
