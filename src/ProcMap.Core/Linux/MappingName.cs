using System;
using System.Runtime.CompilerServices;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>What the name column of a maps line says about a mapping.</summary>
internal readonly record struct MappingName(VmRegionKind Kind, string? Path, string? Name, bool Deleted)
{
    public static readonly MappingName Anonymous = new(VmRegionKind.Anonymous, null, null, false);

    /// <summary>
    /// Classifies the name the kernel printed (Documentation/filesystems/proc.rst, man proc_pid_maps(5)):
    /// blank for anonymous memory; pseudo names in brackets; otherwise a path, with " (deleted)" appended
    /// when the file was unlinked. memfd, SysV shm and shared anonymous memory are shmem files whose
    /// names the kernel makes up: /memfd:NAME, /SYSV%08x, /dev/zero.
    /// </summary>
    public static MappingName Parse(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return Anonymous;
        }

        if (text[0] == (byte)'[' && text[^1] == (byte)']')
        {
            return ParseBracketed(text[1..^1]);
        }

        return ParsePath(text, escaped: true);
    }

    /// <summary>
    /// Classifies a path as d_path(3) gave it, unescaped: the names of a core's NT_FILE note
    /// (fs/binfmt_elf.c fill_files_note), which hold only file-backed mappings, so never a bracketed name.
    /// </summary>
    public static MappingName ParseRawPath(ReadOnlySpan<byte> text) =>
        text.IsEmpty ? Anonymous : ParsePath(text, escaped: false);

    private static MappingName ParsePath(ReadOnlySpan<byte> text, bool escaped)
    {
        text = KernelText.WithoutDeletedSuffix(text, out bool deleted);

        string path = escaped ? KernelText.DecodeEscapedPath(text) : KernelText.Decode(text);
        if (text.StartsWith("/memfd:"u8))
        {
            return new MappingName(VmRegionKind.Memfd, path, path["/memfd:".Length..], deleted);
        }

        if (text.StartsWith("/SYSV"u8) || (deleted && text.SequenceEqual("/dev/zero"u8)))
        {
            return new MappingName(VmRegionKind.SharedMemory, path, null, deleted);
        }

        return new MappingName(VmRegionKind.File, path, null, deleted);
    }

    private static MappingName ParseBracketed(ReadOnlySpan<byte> inside)
    {
        if (inside.SequenceEqual("heap"u8))
        {
            return new MappingName(VmRegionKind.Heap, null, null, false);
        }

        if (inside.SequenceEqual("stack"u8))
        {
            return new MappingName(VmRegionKind.Stack, null, null, false);
        }

        if (inside.SequenceEqual("vdso"u8))
        {
            return new MappingName(VmRegionKind.Vdso, null, null, false);
        }

        if (inside.SequenceEqual("vvar"u8))
        {
            return new MappingName(VmRegionKind.Vvar, null, null, false);
        }

        if (inside.SequenceEqual("vsyscall"u8))
        {
            return new MappingName(VmRegionKind.Vsyscall, null, null, false);
        }

        string text = KernelText.Decode(inside);
        if (inside.StartsWith("vvar_"u8))
        {
            // Newer kernels split the vDSO data into [vvar] and [vvar_vclock].
            return new MappingName(VmRegionKind.Vvar, null, text, false);
        }

        if (inside.StartsWith("anon:"u8))
        {
            // prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME), Linux 5.17.
            return new MappingName(VmRegionKind.NamedAnonymous, null, text["anon:".Length..], false);
        }

        if (inside.StartsWith("anon_shmem:"u8))
        {
            return new MappingName(VmRegionKind.SharedMemory, null, text["anon_shmem:".Length..], false);
        }

        if (inside.StartsWith("stack:"u8))
        {
            // Thread stacks were labelled [stack:TID] in Linux 3.4 to 4.4.
            return new MappingName(VmRegionKind.Stack, null, text, false);
        }

        return new MappingName(VmRegionKind.Other, null, text, false);
    }
}

/// <summary>
/// Remembers the last name parsed: a library is mapped as four or five consecutive regions with the same
/// name, so most file-backed lines reuse the previous string instead of decoding a new one.
/// </summary>
internal sealed class MappingNameCache
{
    private readonly bool _rawPaths;
    private byte[] _lastText = new byte[256];
    private int _lastLength = -1;
    private MappingName _last;

    /// <summary>Creates a cache for maps names, or with <paramref name="rawPaths"/> for unescaped NT_FILE paths.</summary>
    public MappingNameCache(bool rawPaths = false)
    {
        _rawPaths = rawPaths;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public MappingName Classify(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return MappingName.Anonymous;
        }

        if (_lastLength == text.Length && text.SequenceEqual(_lastText.AsSpan(0, _lastLength)))
        {
            return _last;
        }

        _last = _rawPaths ? MappingName.ParseRawPath(text) : MappingName.Parse(text);
        if (text.Length > _lastText.Length)
        {
            _lastText = new byte[Math.Max(text.Length, _lastText.Length * 2)];
        }

        text.CopyTo(_lastText);
        _lastLength = text.Length;
        return _last;
    }
}
