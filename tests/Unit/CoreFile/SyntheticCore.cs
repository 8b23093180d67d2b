using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ProcMap.Tests.CoreFile;

/// <summary>
/// Builds small ELF core files byte by byte, as fs/binfmt_elf.c lays them out: the header, the program
/// headers (PT_NOTE first, then one PT_LOAD per mapping), the notes, then the dumped bytes. Lets the
/// tests cover what this machine cannot dump: 32-bit (i386, ARM) and AArch64 cores, and every kind of
/// corruption at a known place.
/// </summary>
internal sealed class SyntheticCore
{
    public const uint NT_PRSTATUS = 1;
    public const uint NT_PRPSINFO = 3;
    public const uint NT_AUXV = 6;
    public const uint NT_FILE = 0x46494c45;

    public SyntheticCore(bool is64, ushort machine)
    {
        Is64 = is64;
        Machine = machine;
        PrStatusSize = is64 ? 336 : 144;
    }

    public bool Is64 { get; }

    public ushort Machine { get; set; }

    public ushort Type { get; set; } = 4;

    public byte Data { get; set; } = 1;

    /// <summary>Writes every multi-byte field big-endian and marks the file ELFDATA2MSB.</summary>
    public bool BigEndian
    {
        get => Data == 2;
        set => Data = value ? (byte)2 : (byte)1;
    }

    public byte OsAbi { get; set; }

    public int Word => Is64 ? 8 : 4;

    /// <summary>sizeof(struct elf_prstatus) of the ABI (the register block's size varies): LAYOUTS.md.</summary>
    public int PrStatusSize { get; set; }

    /// <summary>m68k: long is 2-aligned, so pr_sigpend sits at 14 and everything after it 2 bytes early.</summary>
    public bool LongAlignedTo2 { get; set; }

    /// <summary>The ABI's __kernel_uid_t is 4 bytes (elf_prpsinfo of 128 bytes on 32-bit ABIs, not 124).</summary>
    public bool WideIds { get; set; }

    public List<Segment> Loads { get; } = new();

    public List<(string Owner, uint Type, byte[] Descriptor)> Notes { get; } = new();

    /// <summary>A PT_LOAD: flags PF_R 4 | PF_W 2 | PF_X 1; data null or shorter than size for a segment not (wholly) dumped.</summary>
    public sealed record Segment(ulong Address, ulong Size, uint Flags, byte[]? Data);

    public byte[] Build()
    {
        int headerSize = Is64 ? 64 : 52;
        int phentsize = Is64 ? 56 : 32;
        int phnum = 1 + Loads.Count;
        var notes = new MemoryStream();
        foreach (var (owner, type, descriptor) in Notes)
        {
            byte[] name = Encoding.ASCII.GetBytes(owner + "\0");
            Write32(notes, (uint)name.Length);
            Write32(notes, (uint)descriptor.Length);
            Write32(notes, type);
            notes.Write(name);
            Pad(notes);
            notes.Write(descriptor);
            Pad(notes);
        }

        long notesOffset = headerSize + ((long)phentsize * phnum);
        long dataOffset = (notesOffset + notes.Length + 0xfff) & ~0xfffL;
        var file = new MemoryStream();
        var header = new byte[headerSize];
        "\u007fELF"u8.CopyTo(header);
        header[4] = (byte)(Is64 ? 2 : 1);
        header[5] = Data;
        header[6] = 1;
        header[7] = OsAbi;
        W16(header.AsSpan(16), Type);
        W16(header.AsSpan(18), Machine);
        W32(header.AsSpan(20), 1);
        if (Is64)
        {
            W64(header.AsSpan(32), (ulong)headerSize);
            W16(header.AsSpan(52), (ushort)headerSize);
            W16(header.AsSpan(54), (ushort)phentsize);
            W16(header.AsSpan(56), (ushort)phnum);
            W16(header.AsSpan(58), 64);
        }
        else
        {
            W32(header.AsSpan(28), (uint)headerSize);
            W16(header.AsSpan(40), (ushort)headerSize);
            W16(header.AsSpan(42), (ushort)phentsize);
            W16(header.AsSpan(44), (ushort)phnum);
            W16(header.AsSpan(46), 40);
        }

        file.Write(header);
        WriteProgramHeader(file, 4, 0, (ulong)notesOffset, 0, (ulong)notes.Length, 0);
        long offset = dataOffset;
        foreach (var load in Loads)
        {
            ulong fileSize = (ulong)(load.Data?.Length ?? 0);
            WriteProgramHeader(file, 1, load.Flags, fileSize == 0 ? (ulong)offset : (ulong)offset, load.Address, fileSize, load.Size);
            offset += (long)fileSize;
        }

        file.Write(notes.ToArray());
        file.SetLength(dataOffset);
        file.Position = dataOffset;
        foreach (var load in Loads)
        {
            if (load.Data is not null)
            {
                file.Write(load.Data);
            }
        }

        return file.ToArray();
    }

    public byte[] PsInfo(char state, sbyte nice, uint uid, uint gid, int pid, int ppid, int pgrp, int sid, string fname, string psargs, bool? wideIdsOverride = null)
    {
        bool wideIds = wideIdsOverride ?? WideIds;
        int size = Is64 ? 136 : wideIds ? 128 : 124;
        var d = new byte[size];
        d[1] = (byte)state;
        d[3] = (byte)nice;
        int ids;
        if (Is64)
        {
            W32(d.AsSpan(16), uid);
            W32(d.AsSpan(20), gid);
            ids = 24;
        }
        else if (wideIds)
        {
            W32(d.AsSpan(8), uid);
            W32(d.AsSpan(12), gid);
            ids = 16;
        }
        else
        {
            W16(d.AsSpan(8), (ushort)uid);
            W16(d.AsSpan(10), (ushort)gid);
            ids = 12;
        }

        WS32(d.AsSpan(ids), pid);
        WS32(d.AsSpan(ids + 4), ppid);
        WS32(d.AsSpan(ids + 8), pgrp);
        WS32(d.AsSpan(ids + 12), sid);
        Encoding.UTF8.GetBytes(fname).CopyTo(d.AsSpan(ids + 16, 15));
        Encoding.UTF8.GetBytes(psargs).CopyTo(d.AsSpan(ids + 32, 79));
        return d;
    }

    public byte[] PrStatus(int tid, short signal, ulong pending, ulong blocked, int ppid, int pgrp, int sid, long userSeconds, long userMicroseconds, long systemSeconds, long systemMicroseconds)
    {
        int w = Word;
        var d = new byte[PrStatusSize];
        WS32(d, signal);
        WS16(d.AsSpan(12), signal);
        int signals = LongAlignedTo2 ? 14 : 16;
        WriteWord(d, signals, pending);
        WriteWord(d, signals + w, blocked);
        int at = signals + (2 * w);
        WS32(d.AsSpan(at), tid);
        WS32(d.AsSpan(at + 4), ppid);
        WS32(d.AsSpan(at + 8), pgrp);
        WS32(d.AsSpan(at + 12), sid);
        at += 16;
        WriteWord(d, at, (ulong)userSeconds);
        WriteWord(d, at + w, (ulong)userMicroseconds);
        WriteWord(d, at + (2 * w), (ulong)systemSeconds);
        WriteWord(d, at + (3 * w), (ulong)systemMicroseconds);
        return d;
    }

    /// <summary>NT_FILE in the kernel's form: offsets in pages of <paramref name="pageSize"/>.</summary>
    public byte[] FileNote(ulong pageSize, params (ulong Start, ulong End, ulong PageOffset, string Path)[] files)
    {
        var d = new MemoryStream();
        var word = new byte[Word];
        void Put(ulong value)
        {
            WriteWord(word, 0, value);
            d.Write(word);
        }

        Put((ulong)files.Length);
        Put(pageSize);
        foreach (var f in files)
        {
            Put(f.Start);
            Put(f.End);
            Put(f.PageOffset);
        }

        foreach (var f in files)
        {
            d.Write(Encoding.UTF8.GetBytes(f.Path + "\0"));
        }

        return d.ToArray();
    }

    /// <summary>
    /// An initial stack as create_elf_tables lays it out, in a segment of <paramref name="size"/> bytes at
    /// <paramref name="address"/>: argc, argv[], NULL, envp[], NULL, auxv, padding, then the argument and
    /// environment strings, the AT_EXECFN string and a NULL word at the very top. Returns the segment's
    /// bytes and the auxv (for NT_AUXV).
    /// </summary>
    public (byte[] Stack, byte[] Auxv) InitialStack(ulong address, int size, string[] argv, string[] envp, string execfn, ulong vdso)
    {
        int w = Word;
        var stack = new byte[size];
        int top = size - w;
        byte[] execBytes = Encoding.UTF8.GetBytes(execfn + "\0");
        int position = top - execBytes.Length;
        execBytes.CopyTo(stack, position);
        ulong execAddress = address + (ulong)position;
        var envAddresses = new ulong[envp.Length];
        var argAddresses = new ulong[argv.Length];
        int stringsEnd = position;
        int total = 0;
        foreach (string s in argv)
        {
            total += Encoding.UTF8.GetByteCount(s) + 1;
        }

        foreach (string s in envp)
        {
            total += Encoding.UTF8.GetByteCount(s) + 1;
        }

        position = stringsEnd - total;
        for (int i = 0; i < argv.Length; i++)
        {
            argAddresses[i] = address + (ulong)position;
            byte[] b = Encoding.UTF8.GetBytes(argv[i] + "\0");
            b.CopyTo(stack, position);
            position += b.Length;
        }

        for (int i = 0; i < envp.Length; i++)
        {
            envAddresses[i] = address + (ulong)position;
            byte[] b = Encoding.UTF8.GetBytes(envp[i] + "\0");
            b.CopyTo(stack, position);
            position += b.Length;
        }

        int random = ((stringsEnd - total - 16) & ~15) - 16;
        var auxvPairs = new List<(ulong, ulong)> { (33, vdso), (6, 4096), (25, address + (ulong)random), (31, execAddress), (0, 0) };
        var auxv = new byte[auxvPairs.Count * 2 * w];
        for (int i = 0; i < auxvPairs.Count; i++)
        {
            WriteWord(auxv, i * 2 * w, auxvPairs[i].Item1);
            WriteWord(auxv, (i * 2 * w) + w, auxvPairs[i].Item2);
        }

        int auxvAt = (random - auxv.Length) & ~15;
        auxv.CopyTo(stack, auxvAt);
        int p = auxvAt - w;
        WriteWord(stack, p, 0);
        for (int i = envp.Length - 1; i >= 0; i--)
        {
            p -= w;
            WriteWord(stack, p, envAddresses[i]);
        }

        p -= w;
        WriteWord(stack, p, 0);
        for (int i = argv.Length - 1; i >= 0; i--)
        {
            p -= w;
            WriteWord(stack, p, argAddresses[i]);
        }

        p -= w;
        WriteWord(stack, p, (ulong)argv.Length);
        return (stack, auxv);
    }

    /// <summary>A complete, plausible core of one process with two threads, a file mapping and a stack.</summary>
    public static SyntheticCore Typical(bool is64, ushort machine, string[]? argv = null, string[]? envp = null) =>
        new SyntheticCore(is64, machine).WithTypicalProcess(argv, envp);

    /// <summary>Adds the typical process (see <see cref="Typical"/>) in this core's ABI and byte order.</summary>
    public SyntheticCore WithTypicalProcess(string[]? argv = null, string[]? envp = null)
    {
        var core = this;
        bool is64 = Is64;
        argv ??= new[] { "/bin/prog", "one", "two words", "" };
        envp ??= new[] { "HOME=/root", "LANG=C.UTF-8" };
        ulong stackAddress = is64 ? 0x7ffc00000000UL : 0xbf000000UL;
        ulong vdso = is64 ? 0x7f0000010000UL : 0xb7f00000UL;
        ulong text = is64 ? 0x555500000000UL : 0x08048000UL;
        var (stack, auxv) = core.InitialStack(stackAddress, 0x4000, argv, envp, "/bin/prog", vdso);
        core.Loads.Add(new Segment(text, 0x1000, 5, new byte[0x1000]));
        core.Loads.Add(new Segment(text + 0x1000, 0x2000, 5, null));
        core.Loads.Add(new Segment(text + 0x3000, 0x1000, 6, new byte[0x1000]));
        core.Loads.Add(new Segment(vdso, 0x2000, 5, new byte[0x2000]));
        core.Loads.Add(new Segment(stackAddress, 0x4000, 6, stack));
        core.Notes.Add(("CORE", NT_PRSTATUS, core.PrStatus(100, 11, 0x100, 0x2, 1, 100, 90, 3, 500_000, 1, 250_000)));
        core.Notes.Add(("CORE", NT_PRPSINFO, core.PsInfo('R', -5, 1000, 100, 100, 1, 100, 90, "prog", "/bin/prog one two words  ")));
        core.Notes.Add(("CORE", NT_AUXV, auxv));
        core.Notes.Add(("CORE", NT_FILE, core.FileNote(4096, (text, text + 0x1000, 0, "/bin/prog"), (text + 0x1000, text + 0x3000, 1, "/bin/prog"), (text + 0x3000, text + 0x4000, 3, "/bin/prog"))));
        core.Notes.Add(("CORE", NT_PRSTATUS, core.PrStatus(101, 11, 0, 0, 1, 100, 90, 0, 700_000, 0, 10)));
        return core;
    }

    private void WriteProgramHeader(Stream file, uint type, uint flags, ulong offset, ulong address, ulong fileSize, ulong memorySize)
    {
        var p = new byte[Is64 ? 56 : 32];
        W32(p, type);
        if (Is64)
        {
            W32(p.AsSpan(4), flags);
            W64(p.AsSpan(8), offset);
            W64(p.AsSpan(16), address);
            W64(p.AsSpan(32), fileSize);
            W64(p.AsSpan(40), memorySize);
            W64(p.AsSpan(48), 4096);
        }
        else
        {
            W32(p.AsSpan(4), (uint)offset);
            W32(p.AsSpan(8), (uint)address);
            W32(p.AsSpan(16), (uint)fileSize);
            W32(p.AsSpan(20), (uint)memorySize);
            W32(p.AsSpan(24), flags);
            W32(p.AsSpan(28), 4096);
        }

        file.Write(p);
    }

    private void WriteWord(byte[] bytes, int at, ulong value)
    {
        if (Is64)
        {
            W64(bytes.AsSpan(at), value);
        }
        else
        {
            W32(bytes.AsSpan(at), (uint)value);
        }
    }

    private void Write32(Stream stream, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        W32(b, value);
        stream.Write(b);
    }

    private void W16(Span<byte> bytes, ushort value)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        }
    }

    private void W32(Span<byte> bytes, uint value)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        }
    }

    private void W64(Span<byte> bytes, ulong value)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        }
    }

    private void WS16(Span<byte> bytes, short value) => W16(bytes, unchecked((ushort)value));

    private void WS32(Span<byte> bytes, int value) => W32(bytes, unchecked((uint)value));

    private static void Pad(Stream stream)
    {
        while (stream.Length % 4 != 0)
        {
            stream.WriteByte(0);
        }
    }
}
