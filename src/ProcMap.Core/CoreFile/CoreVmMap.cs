using System.Threading;
using ProcMap.Elf;
using ProcMap.Linux;

namespace ProcMap.CoreFile;

/// <summary>
/// Rebuilds the process's VM map from a core: the PT_LOAD segments (range, protection from p_flags,
/// whether the bytes were dumped) merged in address order with the NT_FILE entries (path, offset). Where
/// both describe one range they make one region. A file mapping the writer did not dump still appears:
/// the kernel writes it as a PT_LOAD with p_filesz 0, gdb's gcore leaves it out of the PT_LOADs and
/// keeps it only in NT_FILE, where no protection is recorded. A core records neither sharing nor
/// device and inode: those stay null.
/// </summary>
internal sealed class CoreVmMap
{
    // The x86-64 vsyscall page sits at this fixed address (arch/x86/include/asm/vsyscall.h VSYSCALL_ADDR);
    // the kernel dumps it as the gate VMA.
    private const ulong X86VsyscallAddress = 0xffffffffff600000;

    private readonly CoreImage _image;
    private readonly int _processId;
    private readonly LoadCursor _segments;
    private readonly FileNote.Cursor? _files;
    private readonly MappingNameCache _names = new(rawPaths: true);
    private readonly ulong? _stackAnchor;
    private readonly ulong? _vdso;
    private ElfSegment? _load;
    private PendingFile? _file;

    public CoreVmMap(CoreImage image)
    {
        _image = image;
        _processId = image.ProcessId;
        _segments = image.Loads();
        _files = image.Files?.Open(image.Bytes);
        _stackAnchor = image.StackAnchor;
        _vdso = image.VdsoAddress;
    }

    /// <summary>The next region in address order, or null at the end.</summary>
    public VmRegion? Next(CancellationToken cancellationToken)
    {
        _load ??= NextLoad(cancellationToken);
        _file ??= NextFile();
        if (_load is not ElfSegment load)
        {
            if (_file is not PendingFile onlyFile)
            {
                return null;
            }

            _file = null;
            return FileOnly(onlyFile);
        }

        if (_file is PendingFile file && file.Start < load.VirtualAddress)
        {
            _file = null;
            return FileOnly(file);
        }

        _load = null;
        var region = FromLoad(load);
        if (_file is PendingFile same && same.Start == load.VirtualAddress && same.End == load.End)
        {
            _file = null;
            region.Offset = same.Offset;
            region.Path = same.Name.Path;
            region.Kind = same.Name.Kind;
            region.Name = same.Name.Name;
            region.Deleted = same.Name.Deleted;
        }

        return region;
    }

    private ElfSegment? NextLoad(CancellationToken cancellationToken)
    {
        while (_segments.TryNext(out var segment, cancellationToken))
        {
            if (segment.MemorySize > 0)
            {
                return segment;
            }
        }

        return null;
    }

    private PendingFile? NextFile()
    {
        if (_files is null || _files.AtEnd)
        {
            return null;
        }

        _files.Next(out ulong start, out ulong end, out ulong offset, out var path);
        return new PendingFile(start, end, offset, _names.Classify(path));
    }

    private VmRegion FromLoad(ElfSegment load)
    {
        var kind = VmRegionKind.Anonymous;
        if (_stackAnchor is ulong anchor && load.Contains(anchor))
        {
            kind = VmRegionKind.Stack;
        }
        else if (_vdso == load.VirtualAddress)
        {
            kind = VmRegionKind.Vdso;
        }
        else if (_image.Header.Machine == ElfHeader.EM_X86_64 && _image.Header.Is64 && load.VirtualAddress == X86VsyscallAddress)
        {
            kind = VmRegionKind.Vsyscall;
        }

        return new VmRegion
        {
            ProcessId = _processId,
            Start = load.VirtualAddress,
            End = load.End,
            Protection = load.Protection,
            Kind = kind,
            Dumped = load.HasData(_image.Bytes.Length),
        };
    }

    private VmRegion FileOnly(PendingFile file) => new()
    {
        ProcessId = _processId,
        Start = file.Start,
        End = file.End,
        ProtectionUnknown = true,
        Offset = file.Offset,
        Path = file.Name.Path,
        Kind = file.Name.Kind,
        Name = file.Name.Name,
        Deleted = file.Name.Deleted,
        Dumped = false,
    };

    private readonly record struct PendingFile(ulong Start, ulong End, ulong Offset, MappingName Name);
}
