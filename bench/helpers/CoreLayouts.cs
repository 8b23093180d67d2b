// Core files for bench/CorePath.Bench.ps1 (compiled there with Add-Type): the same process in the other
// byte order, and a small and a 2 GiB core for every note layout ProcMap reads.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

public static class BenchCores
{
    /// <summary>
    /// Rewrites an x86-64 Linux core (gcore's) as a PowerPC64 core of the same mappings, little- or
    /// big-endian: ppc64le and ppc64 share one layout (504-byte elf_prstatus), so the two files differ only
    /// in byte order. Keeps NT_PRPSINFO, NT_AUXV, NT_FILE and one NT_PRSTATUS per thread; drops the x86
    /// register notes. The dumped bytes are left as they are: Get-VmMap does not read them.
    /// </summary>
    public static void ToPowerPc64(string source, string destination, bool bigEndian)
    {
        byte[] b = File.ReadAllBytes(source);
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(32));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(56));
        var w = new Writer(bigEndian);
        for (int i = 0; i < phnum; i++)
        {
            int p = (int)phoff + (i * 56);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(p));
            if (type == 4)
            {
                ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(p + 8));
                ulong size = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(p + 32));
                byte[] notes = Notes(b, (int)offset, (int)size, w);
                Array.Clear(b, (int)offset, (int)size);
                notes.CopyTo(b, (int)offset);
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(p + 32), (ulong)notes.Length);
            }

            w.U32(b, p, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(p)));
            w.U32(b, p + 4, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(p + 4)));
            for (int f = 8; f < 56; f += 8)
            {
                w.U64(b, p + f, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(p + f)));
            }
        }

        b[5] = bigEndian ? (byte)2 : (byte)1;
        foreach (int at in new[] { 16, 52, 54, 56, 58, 60, 62 })
        {
            w.U16(b, at, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at)));
        }

        w.U16(b, 18, 21);
        w.U32(b, 20, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(20)));
        w.U32(b, 48, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(48)));
        foreach (int at in new[] { 24, 32, 40 })
        {
            w.U64(b, at, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at)));
        }

        File.WriteAllBytes(destination, b);
    }

    private static byte[] Notes(byte[] b, int start, int length, Writer w)
    {
        var output = new MemoryStream();
        int at = start;
        while (at + 12 <= start + length)
        {
            int nameSize = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at));
            int size = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at + 4));
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at + 8));
            string name = Encoding.ASCII.GetString(b, at + 12, Math.Max(0, nameSize - 1));
            int descriptor = at + 12 + ((nameSize + 3) & ~3);
            byte[] d = b.AsSpan(descriptor, size).ToArray();
            at = descriptor + ((size + 3) & ~3);
            if (name != "CORE")
            {
                continue;
            }

            byte[] converted = type switch
            {
                1 => PrStatus(d, w),
                3 => PrPsInfo(d, w),
                6 or 0x46494c45 => Words(d, w, type == 0x46494c45),
                _ => null,
            };
            if (converted is not null)
            {
                w.Note(output, "CORE", type, converted);
            }
        }

        return output.ToArray();
    }

    // The LP64 elf_prstatus_common (include/linux/elfcore.h): the same 112 bytes on x86-64 and ppc64.
    private static byte[] PrStatus(byte[] d, Writer w)
    {
        var o = new byte[504];
        for (int i = 0; i < 12; i += 4)
        {
            w.U32(o, i, BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(i)));
        }

        w.U16(o, 12, BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(12)));
        w.U64(o, 16, BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(16)));
        w.U64(o, 24, BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(24)));
        for (int i = 32; i < 48; i += 4)
        {
            w.U32(o, i, BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(i)));
        }

        for (int i = 48; i < 112; i += 8)
        {
            w.U64(o, i, BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(i)));
        }

        return o;
    }

    private static byte[] PrPsInfo(byte[] d, Writer w)
    {
        var o = (byte[])d.Clone();
        w.U64(o, 8, BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(8)));
        for (int i = 16; i < 40; i += 4)
        {
            w.U32(o, i, BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(i)));
        }

        return o;
    }

    // NT_AUXV pairs, or NT_FILE's words before its names.
    private static byte[] Words(byte[] d, Writer w, bool file)
    {
        var o = (byte[])d.Clone();
        int words = file ? 2 + (3 * (int)BinaryPrimitives.ReadUInt64LittleEndian(d)) : d.Length / 8;
        for (int i = 0; i < words; i++)
        {
            w.U64(o, i * 8, BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(i * 8)));
        }

        return o;
    }

    /// <summary>
    /// A small core of one ABI (class, machine, elf_prstatus size, byte order), and with
    /// <paramref name="dumped"/> bytes in its last segment: a sparse file, so 2 GiB cost no disk.
    /// FreeBSD ones (machine, is64, freeBsd: true) carry NT_PROCSTAT_PROC and _VMMAP instead.
    /// </summary>
    public static void Synthetic(string path, ushort machine, bool is64, int prStatusSize, bool bigEndian, bool freeBsd, long dumped)
    {
        var w = new Writer(bigEndian);
        int word = is64 ? 8 : 4;
        var notes = new MemoryStream();
        const int Pid = 4321;
        ulong start = 0x10000000UL;
        if (freeBsd)
        {
            int size = is64 ? 1088 : machine == 3 ? 768 : 816;
            int pidAt = is64 ? 72 : 40;
            var proc = new byte[4 + size];
            BinaryPrimitives.WriteInt32LittleEndian(proc, size);
            BinaryPrimitives.WriteInt32LittleEndian(proc.AsSpan(4), size);
            BinaryPrimitives.WriteInt32LittleEndian(proc.AsSpan(4 + pidAt), Pid);
            w.Note(notes, "FreeBSD", 8, proc);
            var vmmap = new byte[4 + 144];
            BinaryPrimitives.WriteInt32LittleEndian(vmmap, 1160);
            BinaryPrimitives.WriteInt32LittleEndian(vmmap.AsSpan(4), 144);
            BinaryPrimitives.WriteInt32LittleEndian(vmmap.AsSpan(8), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(vmmap.AsSpan(12), start);
            BinaryPrimitives.WriteUInt64LittleEndian(vmmap.AsSpan(20), start + (ulong)Math.Max(dumped, 4096));
            BinaryPrimitives.WriteInt32LittleEndian(vmmap.AsSpan(4 + 56), 3);
            w.Note(notes, "FreeBSD", 10, vmmap);
        }
        else
        {
            // NT_PRSTATUS only: the process id is the first thread's (pr_pid: LP64 32, ILP32 24, m68k 22).
            var status = new byte[prStatusSize];
            w.U32(status, 0, 11);
            w.U32(status, is64 ? 32 : machine == 4 ? 22 : 24, Pid);
            w.Note(notes, "CORE", 1, status);
        }

        int header = is64 ? 64 : 52;
        int phentsize = is64 ? 56 : 32;
        long notesAt = header + (2L * phentsize);
        long dataAt = (notesAt + notes.Length + 4095) & ~4095L;
        var file = new byte[dataAt];
        new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }.CopyTo(file, 0);
        file[4] = is64 ? (byte)2 : (byte)1;
        file[5] = bigEndian ? (byte)2 : (byte)1;
        file[6] = 1;
        file[7] = freeBsd ? (byte)9 : (byte)0;
        w.U16(file, 16, 4);
        w.U16(file, 18, machine);
        w.U32(file, 20, 1);
        if (is64)
        {
            w.U64(file, 32, (ulong)header);
            w.U16(file, 52, (ushort)header);
            w.U16(file, 54, (ushort)phentsize);
            w.U16(file, 56, 2);
        }
        else
        {
            w.U32(file, 28, (uint)header);
            w.U16(file, 40, (ushort)header);
            w.U16(file, 42, (ushort)phentsize);
            w.U16(file, 44, 2);
        }

        Phdr(file, header, w, is64, 4, 0, (ulong)notesAt, 0, (ulong)notes.Length, 0);
        Phdr(file, header + phentsize, w, is64, 1, 6, (ulong)dataAt, start, (ulong)dumped, (ulong)Math.Max(dumped, 4096));
        notes.ToArray().CopyTo(file, notesAt);
        using var stream = File.Create(path);
        stream.Write(file);
        stream.SetLength(dataAt + dumped);
    }

    private static void Phdr(byte[] file, int at, Writer w, bool is64, uint type, uint flags, ulong offset, ulong address, ulong fileSize, ulong memorySize)
    {
        w.U32(file, at, type);
        if (is64)
        {
            w.U32(file, at + 4, flags);
            w.U64(file, at + 8, offset);
            w.U64(file, at + 16, address);
            w.U64(file, at + 32, fileSize);
            w.U64(file, at + 40, memorySize);
        }
        else
        {
            w.U32(file, at + 4, (uint)offset);
            w.U32(file, at + 8, (uint)address);
            w.U32(file, at + 16, (uint)fileSize);
            w.U32(file, at + 20, (uint)memorySize);
            w.U32(file, at + 24, flags);
        }
    }

    private sealed class Writer
    {
        private readonly bool _big;

        public Writer(bool bigEndian)
        {
            _big = bigEndian;
        }

        public void U16(byte[] b, int at, ushort v)
        {
            if (_big) { BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), v); } else { BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v); }
        }

        public void U32(byte[] b, int at, uint v)
        {
            if (_big) { BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v); } else { BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v); }
        }

        public void U64(byte[] b, int at, ulong v)
        {
            if (_big) { BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(at), v); } else { BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v); }
        }

        public void Note(Stream s, string name, uint type, byte[] descriptor)
        {
            var h = new byte[12];
            byte[] n = Encoding.ASCII.GetBytes(name + "\0");
            U32(h, 0, (uint)n.Length);
            U32(h, 4, (uint)descriptor.Length);
            U32(h, 8, type);
            s.Write(h);
            s.Write(n);
            s.Write(new byte[((n.Length + 3) & ~3) - n.Length]);
            s.Write(descriptor);
            s.Write(new byte[((descriptor.Length + 3) & ~3) - descriptor.Length]);
        }
    }
}
