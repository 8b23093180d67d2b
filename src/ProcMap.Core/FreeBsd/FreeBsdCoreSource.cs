using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ProcMap.Elf;
using ProcMap.Sources;

namespace ProcMap.FreeBsd;

/// <summary>
/// A FreeBSD process core (sys/kern/imgact_elf.c), what `procstat -v core`, `procstat -c` and `-e` read:
/// its NT_PROCSTAT_PROC note holds the kinfo_proc records (one per thread) and NT_PROCSTAT_VMMAP the
/// packed kinfo_vmentry records that sysctl kern.proc.* returns on a live system, so they go through the
/// same decoders as <see cref="FreeBsdLiveSource"/>; argv and the environment come from the dumped
/// memory through the struct ps_strings whose address NT_PROCSTAT_PSSTRINGS gives, as libprocstat's
/// procstat_getargv does on a core. amd64 and arm64 cores use the LP64 kinfo_proc, i386 and armv7 cores
/// (also those a 64-bit kernel wrote of a 32-bit process: ELFCLASS32, kinfo_proc32) theirs.
/// </summary>
public sealed class FreeBsdCoreSource : CoreSource
{
    // sys/sys/elf_common.h
    private const uint NT_PROCSTAT_PROC = 8;
    private const uint NT_PROCSTAT_VMMAP = 10;
    private const uint NT_PROCSTAT_PSSTRINGS = 15;
    private const uint NT_PROCSTAT_AUXV = 16;

    // What a note can sensibly hold: a kinfo_proc per thread, a packed kinfo_vmentry per mapping.
    private const uint MaxNoteSize = 256 * 1024 * 1024;

    // ARG_MAX is 256 KiB on FreeBSD (sys/sys/syslimits.h); far more strings than that are not exec's.
    private const int MaxStrings = 1 << 20;

    private readonly ElfCore _core;
    private readonly string _path;
    private readonly KinfoProcAbi _abi;
    private readonly ElfNote _proc;
    private readonly ElfNote? _vmmap;
    private readonly ulong? _psStrings;
    private readonly int _pageSize;

    private FreeBsdCoreSource(ElfCore core, string path, KinfoProcAbi abi, ElfNote proc, ElfNote? vmmap, ulong? psStrings, int pageSize, int processId, string name)
    {
        _core = core;
        _path = path;
        _abi = abi;
        _proc = proc;
        _vmmap = vmmap;
        _psStrings = psStrings;
        _pageSize = pageSize;
        ProcessId = processId;
        Name = name;
    }

    /// <inheritdoc/>
    public override string Description => "FreeBSD core file " + _path;

    /// <inheritdoc/>
    public override string Path => _path;

    /// <summary>The process the core holds: ki_pid of its first kinfo_proc.</summary>
    public override int ProcessId { get; }

    /// <summary>ki_comm.</summary>
    internal string Name { get; }

    /// <summary>
    /// Reads a FreeBSD core whose ELF structure <see cref="CoreSource"/> checked: finds the procstat notes,
    /// checks each one's leading structsize against the layout the core's ABI has, and validates every
    /// kinfo record, so a bad core fails here with a <see cref="CoreFileInvalidException"/>.
    /// </summary>
    internal static FreeBsdCoreSource Open(ElfCore core, string path, CancellationToken cancellationToken)
    {
        try
        {
            return Read(core, path, cancellationToken);
        }
        catch (ElfFormatException exception)
        {
            throw new CoreFileInvalidException(path, exception.Message, exception);
        }
        catch (ProcReadException exception)
        {
            // The kinfo decoders name the buffer they were given: here, the note.
            throw new CoreFileInvalidException(path, Messages.FreeBsdCoreRecords(exception.Path, exception.Detail), exception);
        }
    }

    /// <inheritdoc/>
    /// <remarks>kve_resident counts every entry's resident pages, so <paramref name="detailed"/> changes nothing here.</remarks>
    protected override IEnumerable<VmRegion> ReadVmMapCore(int processId, bool detailed, VmRegionFilter? filter, CancellationToken cancellationToken)
    {
        RequireProcess(processId);
        if (_vmmap is not ElfNote vmmap)
        {
            throw new CoreDataNotDumpedException(_path, Messages.FreeBsdCoreNoVmMap);
        }

        byte[] records = Records(vmmap, cancellationToken);
        return Kept(MarkDumped(InAddressOrder(KinfoVmentryDecoder.Decode(records, processId, "NT_PROCSTAT_VMMAP", cancellationToken)), cancellationToken), filter);
    }

    /// <inheritdoc/>
    protected override IEnumerable<ProcessInfo> ReadProcessesCore(ProcessSelector selector, CancellationToken cancellationToken)
    {
        RequireProcesses(selector);
        return Processes(selector, cancellationToken);
    }

    /// <inheritdoc/>
    protected override ArgumentsReading ReadArgumentsCore(int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken)
    {
        RequireProcess(processId);
        var arguments = new ProcessArguments { ProcessId = processId, Name = Name };
        var memory = new CoreMemory(_core);
        var table = _psStrings is ulong address ? PsStrings(memory, address, cancellationToken) : null;
        if (table is not { } strings || Strings(memory, strings.Argv, strings.Argc, cancellationToken) is not byte[] argumentBytes)
        {
            // No ps_strings, or the stack was not dumped: nothing but ki_comm is known.
            arguments.Truncated = true;
            var missing = includeEnvironment ? new CoreDataNotDumpedException(_path, Messages.FreeBsdCoreNoStrings) : null;
            return new ArgumentsReading(arguments, missing);
        }

        arguments.SetArguments(argumentBytes, maxChars);
        ProcMapException? environmentError = null;
        if (includeEnvironment)
        {
            if (Strings(memory, strings.Envp, strings.Envc, cancellationToken) is byte[] environment)
            {
                arguments.SetEnvironment(environment, maxChars);
            }
            else
            {
                environmentError = new CoreDataNotDumpedException(_path, Messages.FreeBsdCoreNoStrings);
            }
        }

        return new ArgumentsReading(arguments, environmentError);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _core.Bytes.Dispose();
        }

        base.Dispose(disposing);
    }

    private static FreeBsdCoreSource Read(ElfCore core, string path, CancellationToken cancellationToken)
    {
        var header = core.Header;
        var abi = AbiOf(header);
        ElfNote? proc = null;
        ElfNote? vmmap = null;
        ulong? psStrings = null;
        int pageSize = 4096;
        var notes = core.Notes();
        while (notes.TryNext(out var note, cancellationToken))
        {
            if (note.Owner != NoteOwner.FreeBsd)
            {
                continue;
            }

            switch (note.Type)
            {
                case NT_PROCSTAT_PROC when proc is null:
                    RequireStructSize(notes, note, header.Order, "NT_PROCSTAT_PROC", "kinfo_proc", abi.Size);
                    proc = note;
                    break;
                case NT_PROCSTAT_VMMAP when vmmap is null:
                    // kinfo_vmentry is one layout on every ABI: KINFO_VMENTRY_SIZE, and packed records after it.
                    RequireStructSize(notes, note, header.Order, "NT_PROCSTAT_VMMAP", "kinfo_vmentry", KinfoVmentryLayout.FullSize);
                    vmmap = note;
                    break;
                case NT_PROCSTAT_PSSTRINGS when psStrings is null:
                    // elf_ps_strings_t: vm_offset_t, or uint32_t for a 32-bit process.
                    RequireStructSize(notes, note, header.Order, "NT_PROCSTAT_PSSTRINGS", "the ps_strings address", header.WordSize);
                    psStrings = header.Word(Payload(notes, note, "NT_PROCSTAT_PSSTRINGS", header.WordSize), 0);
                    break;
                case NT_PROCSTAT_AUXV:
                    RequireStructSize(notes, note, header.Order, "NT_PROCSTAT_AUXV", "Elf_Auxinfo", 2 * header.WordSize);
                    var auxv = Payload(notes, note, "NT_PROCSTAT_AUXV", (int)Math.Min(note.DescriptorSize - 4, 64 * 1024));
                    if (CoreAuxv.Find(auxv, header, CoreAuxv.AT_PAGESZ) is ulong page && page is >= 512 and <= 1 << 30)
                    {
                        pageSize = (int)page;
                    }

                    break;
            }
        }

        if (proc is not ElfNote procNote)
        {
            throw new ElfFormatException(Messages.FreeBsdCoreNoProc);
        }

        var source = new FreeBsdCoreSource(core, path, abi, procNote, vmmap, psStrings, pageSize, 0, string.Empty);
        byte[] records = source.Records(procNote, cancellationToken);
        if (KinfoProcDecoder.Validate(records, abi, "NT_PROCSTAT_PROC") == 0)
        {
            throw new ElfFormatException(Messages.FreeBsdCoreNoProc);
        }

        var first = KinfoProcDecoder.DecodeRecord(records.AsSpan(0, abi.Size), abi, threadRow: false, pageSize);
        if (first.ProcessId < 1)
        {
            throw new ElfFormatException(Messages.CoreBadProcessId(first.ProcessId));
        }

        if (vmmap is ElfNote map)
        {
            KinfoVmentryDecoder.Validate(source.Records(map, cancellationToken), "NT_PROCSTAT_VMMAP");
        }

        return new FreeBsdCoreSource(core, path, abi, procNote, vmmap, psStrings, pageSize, first.ProcessId, first.Name);
    }

    /// <summary>
    /// The kinfo_proc layout of the core's ABI. FreeBSD on these four is little-endian; a core of any other
    /// (powerpc64, riscv64) is named, not misread.
    /// </summary>
    private static KinfoProcAbi AbiOf(ElfHeader header) => (header.Machine, header.Is64, header.Order.IsBigEndian) switch
    {
        (ElfHeader.EM_X86_64, true, false) or (ElfHeader.EM_AARCH64, true, false) => KinfoProcAbi.Lp64,
        (ElfHeader.EM_386, false, false) => KinfoProcAbi.I386,
        (ElfHeader.EM_ARM, false, false) => KinfoProcAbi.Armv7,
        _ => throw new ElfFormatException(Messages.FreeBsdCoreMachine(ElfHeader.MachineName(header.Machine), header.Is64 ? 64 : 32)),
    };

    /// <summary>
    /// Every NT_PROCSTAT_* payload starts with an int: the size of the records that follow, as the kernel
    /// that wrote them had it (imgact_elf.c note_procstat_*). A size other than this ABI's means records of
    /// another layout, which no offset table here would read right.
    /// </summary>
    private static void RequireStructSize(NoteCursor notes, ElfNote note, ElfByteOrder order, string name, string structName, int expected)
    {
        if (note.DescriptorSize < 4)
        {
            throw new ElfFormatException(Messages.CoreNoteTooSmall(name, (int)note.DescriptorSize, 4));
        }

        int structSize = order.I32(notes.Descriptor(note, 4, "the " + name + " note"), 0);
        if (structSize != expected)
        {
            throw new ElfFormatException(Messages.FreeBsdCoreStructSize(name, structSize, structName, expected));
        }
    }

    private static ReadOnlySpan<byte> Payload(NoteCursor notes, ElfNote note, string name, int length)
    {
        if (note.DescriptorSize < 4 + (uint)length)
        {
            throw new ElfFormatException(Messages.CoreNoteTooSmall(name, (int)note.DescriptorSize, 4 + length));
        }

        return notes.Descriptor(note, 4 + length, "the " + name + " note")[4..];
    }

    /// <summary>The records after a procstat note's structsize, read when asked for (never kept).</summary>
    private byte[] Records(ElfNote note, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (note.DescriptorSize > MaxNoteSize)
        {
            throw new ElfFormatException(Messages.FreeBsdCoreNoteTooLarge(note.Type, note.DescriptorSize));
        }

        var records = new byte[note.DescriptorSize - 4];
        if (_core.Bytes.ReadFully((long)note.DescriptorOffset + 4, records) < records.Length)
        {
            throw new ElfFormatException(Messages.CoreRangePastEnd("a procstat note", note.DescriptorOffset, note.DescriptorSize, _core.Bytes.Length));
        }

        return records;
    }

    private IEnumerable<ProcessInfo> Processes(ProcessSelector selector, CancellationToken cancellationToken)
    {
        byte[] records = Records(_proc, cancellationToken);
        foreach (var process in KinfoProcDecoder.Decode(records, _abi, selector.IncludeThreads, _pageSize, "NT_PROCSTAT_PROC", cancellationToken))
        {
            if (selector.Matches(process))
            {
                yield return process;
            }

            // One record per thread (kern_proc_out with the threads flag): the process is the first.
            if (!selector.IncludeThreads)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The regions by start address, as every source gives them: kern_proc_vmmap_out writes them in map
    /// order, so this only sorts a core whose records someone reordered. An entry of no bytes is no
    /// mapping (vm_map entries are never empty) and is left out.
    /// </summary>
    private static List<VmRegion> InAddressOrder(IEnumerable<VmRegion> regions)
    {
        var list = new List<VmRegion>();
        foreach (var region in regions)
        {
            if (region.End > region.Start)
            {
                list.Add(region);
            }
        }

        for (int i = 1; i < list.Count; i++)
        {
            if (list[i].Start < list[i - 1].Start)
            {
                list.Sort((a, b) => a.Start.CompareTo(b.Start));
                break;
            }
        }

        return list;
    }

    /// <summary>Sets <see cref="VmRegion.Dumped"/>: FreeBSD dumps the writable segments (each_writable_segment).</summary>
    private IEnumerable<VmRegion> MarkDumped(IEnumerable<VmRegion> regions, CancellationToken cancellationToken)
    {
        var loads = _core.Loads();
        bool more = loads.TryNext(out var load, cancellationToken);
        foreach (var region in regions)
        {
            while (more && (load.Wraps || load.End <= region.Start))
            {
                more = loads.TryNext(out load, cancellationToken);
            }

            region.Dumped = more && load.Contains(region.Start) && load.HasData(_core.Bytes.Length);
            yield return region;
        }
    }

    /// <summary>struct ps_strings (sys/sys/exec.h): ps_argvstr, ps_nargvstr, ps_envstr, ps_nenvstr, pointers of the class's word size.</summary>
    private (ulong Argv, ulong Argc, ulong Envp, ulong Envc)? PsStrings(CoreMemory memory, ulong address, CancellationToken cancellationToken)
    {
        int word = _core.Header.WordSize;
        Span<byte> table = stackalloc byte[4 * 8];
        table = table[..(4 * word)];
        if (!memory.TryRead(address, table, cancellationToken))
        {
            return null;
        }

        var order = _core.Header.Order;
        return (_core.Header.Word(table, 0), order.U32(table, word), _core.Header.Word(table, 2 * word), order.U32(table, 3 * word));
    }

    /// <summary>The <paramref name="count"/> strings <paramref name="vector"/> points to, NUL-terminated back to back; null when not dumped.</summary>
    private byte[]? Strings(CoreMemory memory, ulong vector, ulong count, CancellationToken cancellationToken)
    {
        if (count > MaxStrings)
        {
            return null;
        }

        int word = _core.Header.WordSize;
        var pointers = new byte[(int)count * word];
        if (!memory.TryRead(vector, pointers, cancellationToken))
        {
            return null;
        }

        using var strings = new MemoryStream();
        for (int i = 0; i < (int)count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!memory.TryAppendString(_core.Header.Word(pointers, i * word), strings, (long)CoreFile.CoreStack.MaxStringsSize, cancellationToken))
            {
                return null;
            }
        }

        return strings.ToArray();
    }

}
