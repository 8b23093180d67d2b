using System;
using System.Threading;
using ProcMap.Elf;

namespace ProcMap.CoreFile;

/// <summary>
/// Where the argument and environment strings lie on the dumped initial stack, as the kernel recorded
/// them in mm->arg_start/arg_end/env_start/env_end at exec (fs/binfmt_elf.c create_elf_tables). The core
/// does not hold those four values; they are recovered from the stack itself.
/// </summary>
/// <param name="Stack">The dumped PT_LOAD that holds the stack.</param>
/// <param name="ArgumentStart">mm->arg_start: argv[0]'s string.</param>
/// <param name="ArgumentEnd">mm->arg_end, which equals env_start.</param>
/// <param name="EnvironmentEnd">mm->env_end: just past the last environment string (the AT_EXECFN string follows).</param>
internal sealed record StackStrings(ElfSegment Stack, ulong ArgumentStart, ulong ArgumentEnd, ulong EnvironmentEnd)
{
    /// <summary>The bytes of [start, end) on the stack; the caller keeps the range inside <see cref="Stack"/>'s dumped bytes.</summary>
    public byte[] Read(CoreBytes bytes, ulong start, ulong end)
    {
        var buffer = new byte[end - start];
        long offset = (long)(Stack.Offset + (start - Stack.VirtualAddress));
        if (bytes.ReadFully(offset, buffer) < buffer.Length)
        {
            throw new ElfFormatException(Messages.CoreRangePastEnd("the argument strings", (ulong)offset, (ulong)buffer.Length, bytes.Length));
        }

        return buffer;
    }
}

/// <summary>
/// Finds the argument and environment areas on a core's dumped stack. The initial stack, from high to
/// low addresses, holds: the AT_EXECFN string, the environment strings, the argument strings, padding and
/// AT_RANDOM bytes, then the auxv pairs, a NULL, envp[], a NULL, argv[] and argc (fs/binfmt_elf.c
/// create_elf_tables; PLATFORM-FACTS §4.3). NT_AUXV is the kernel's copy of those auxv pairs, so its bytes
/// mark the spot: search the stack segment for them, then walk down through envp and argv to the word
/// that equals the number of argv pointers, argc.
/// </summary>
internal static class CoreStack
{
    /// <summary>Arguments and environment larger than this are not what exec(2) can set up (ARG_MAX is 2 MiB by default).</summary>
    internal const ulong MaxStringsSize = 64UL * 1024 * 1024;

    private const int SearchChunk = 256 * 1024;

    /// <summary>The string areas, or null when the stack was not dumped or does not have the layout exec gives it.</summary>
    public static StackStrings? Find(CoreImage image, CancellationToken cancellationToken)
    {
        if (!image.Layout.StandardStack || image.Auxv is not byte[] auxv || auxv.Length == 0 || image.StackAnchor is not ulong anchor)
        {
            return null;
        }

        if (image.FindDumpedSegment(anchor, cancellationToken) is not ElfSegment stack)
        {
            return null;
        }

        var reader = new StackReader(image, stack);
        if (FindAuxv(reader, auxv, cancellationToken) is not ulong auxvAddress)
        {
            return null;
        }

        int word = image.Header.WordSize;
        ulong position = auxvAddress - (ulong)word;
        if (!reader.TryWord(position, out ulong terminator) || terminator != 0)
        {
            return null;
        }

        // envp[] from its NULL down to the NULL that ends argv[].
        ulong environmentCount = 0;
        ulong firstEnvironment = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            position -= (ulong)word;
            if (!reader.TryWord(position, out ulong pointer))
            {
                return null;
            }

            if (pointer == 0)
            {
                break;
            }

            environmentCount++;
            firstEnvironment = pointer;
        }

        // argv[] down to argc: the first word that equals the number of pointers above it. Pointers are
        // stack addresses of strings above the tables, far above any count a stack can hold. A word that
        // points below the strings also ends argv[]: the process's own start code may have reused argc's
        // slot (ARM glibc's _start pops argc and pushes the argv pointer in its place, sysdeps/arm/start.S).
        ulong stringsFloor = auxvAddress + (ulong)auxv.Length;
        ulong argumentCount = 0;
        ulong firstArgument = 0;
        while (true)
        {
            position -= (ulong)word;
            if (!reader.TryWord(position, out ulong value))
            {
                return null;
            }

            if (value == argumentCount || value < stringsFloor || !reader.Holds(value))
            {
                break;
            }

            argumentCount++;
            firstArgument = value;
            if ((argumentCount & 0xfff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return Bounds(image, reader, stack, argumentCount, firstArgument, environmentCount, firstEnvironment);
    }

    private static StackStrings? Bounds(CoreImage image, StackReader reader, ElfSegment stack, ulong argc, ulong argv0, ulong envc, ulong envp0)
    {
        ulong? execfn = CoreAuxv.Find(image.Auxv!, image.Header, CoreAuxv.AT_EXECFN);
        if (argc == 0)
        {
            // execve(path, {NULL}, envp): no argument area.
            argv0 = envc > 0 ? envp0 : execfn ?? 0;
        }

        if (!reader.Holds(argv0))
        {
            return null;
        }

        // mm->env_end is where AT_EXECFN's string starts; mm->env_start (= arg_end) is envp[0], unless the
        // process repointed envp[] (setproctitle libraries move the environment to the heap): then count
        // the argument strings from argv[0] as exec did.
        ulong environmentStart;
        if (envc == 0)
        {
            environmentStart = execfn is ulong e && e >= argv0 && reader.Holds(e) ? e : reader.EndOfStrings(argv0, argc);
        }
        else if (envp0 >= argv0 && reader.Holds(envp0) && (execfn is not ulong f || envp0 <= f))
        {
            environmentStart = envp0;
        }
        else
        {
            environmentStart = reader.EndOfStrings(argv0, argc);
        }

        ulong environmentEnd = execfn is ulong x && x >= environmentStart && reader.Holds(x)
            ? x
            : reader.EndOfStrings(environmentStart, envc);
        if (environmentStart == ulong.MaxValue || environmentEnd == ulong.MaxValue
            || environmentStart < argv0 || environmentEnd < environmentStart || environmentEnd - argv0 > MaxStringsSize
            || !reader.HoldsRange(argv0, environmentEnd))
        {
            return null;
        }

        return new StackStrings(stack, argv0, environmentStart, environmentEnd);
    }

    /// <summary>Searches the stack's dumped bytes from the top down for the auxv, at a word-aligned address.</summary>
    private static ulong? FindAuxv(StackReader reader, byte[] auxv, CancellationToken cancellationToken)
    {
        ulong size = reader.DumpedSize;
        if ((ulong)auxv.Length > size)
        {
            return null;
        }

        var window = new ElfWindow(reader.Bytes, SearchChunk + auxv.Length);
        ulong end = size;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ulong start = end > SearchChunk + (ulong)auxv.Length ? end - SearchChunk - (ulong)auxv.Length : 0;
            var chunk = window.Read(reader.FileOffset(start), (int)(end - start), "the stack");
            int limit = chunk.Length;
            while (limit >= auxv.Length)
            {
                int found = chunk[..limit].LastIndexOf(auxv);
                if (found < 0)
                {
                    break;
                }

                ulong address = reader.Stack.VirtualAddress + start + (ulong)found;
                if (address % (ulong)reader.WordSize == 0)
                {
                    return address;
                }

                limit = found + auxv.Length - 1;
            }

            if (start == 0)
            {
                return null;
            }

            // Overlap by the pattern's length so a match across two chunks is found.
            end = start + (ulong)auxv.Length;
        }
    }

    /// <summary>Reads words and strings inside the stack segment's dumped bytes only.</summary>
    private sealed class StackReader
    {
        private readonly ElfHeader _header;
        private readonly ElfWindow _window;

        public StackReader(CoreImage image, ElfSegment stack)
        {
            _header = image.Header;
            Bytes = image.Bytes;
            Stack = stack;
            DumpedSize = Math.Min(stack.FileSize, stack.MemorySize);
            _window = new ElfWindow(image.Bytes, 16 * 1024);
        }

        public CoreBytes Bytes { get; }

        public ElfSegment Stack { get; }

        public ulong DumpedSize { get; }

        public int WordSize => _header.WordSize;

        public ulong FileOffset(ulong inSegment) => Stack.Offset + inSegment;

        public bool Holds(ulong address) => address >= Stack.VirtualAddress && address - Stack.VirtualAddress < DumpedSize;

        /// <summary>True when [start, end) lies in the dumped bytes (end may be the first address past them).</summary>
        public bool HoldsRange(ulong start, ulong end) =>
            Holds(start) && end >= start && end - Stack.VirtualAddress <= DumpedSize;

        public bool TryWord(ulong address, out ulong value)
        {
            value = 0;
            if (!Holds(address) || DumpedSize - (address - Stack.VirtualAddress) < (ulong)WordSize)
            {
                return false;
            }

            var bytes = _window.Read(FileOffset(address - Stack.VirtualAddress), WordSize, "the stack");
            value = _header.Word(bytes, 0);
            return true;
        }

        /// <summary>The address past <paramref name="count"/> NUL-terminated strings from <paramref name="start"/>, or ulong.MaxValue when they run out of the stack.</summary>
        public ulong EndOfStrings(ulong start, ulong count)
        {
            ulong position = start;
            for (ulong i = 0; i < count; i++)
            {
                while (true)
                {
                    if (!Holds(position))
                    {
                        return ulong.MaxValue;
                    }

                    ulong left = DumpedSize - (position - Stack.VirtualAddress);
                    var chunk = _window.Read(FileOffset(position - Stack.VirtualAddress), (int)Math.Min(left, 4096), "the stack");
                    int nul = chunk.IndexOf((byte)0);
                    if (nul >= 0)
                    {
                        position += (ulong)nul + 1;
                        break;
                    }

                    position += (ulong)chunk.Length;
                }

                if (position - start > MaxStringsSize)
                {
                    return ulong.MaxValue;
                }
            }

            return position;
        }
    }
}
