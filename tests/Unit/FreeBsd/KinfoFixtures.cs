using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace ProcMap.Tests.FreeBsd;

/// <summary>One kinfo_vmentry as the kernel fills it (kern_proc_vmmap_out).</summary>
internal sealed record VmEntry
{
    public int Type { get; init; } = 2;
    public ulong Start { get; init; } = 0x200000;
    public ulong End { get; init; } = 0x201000;
    public ulong Offset { get; init; }
    public ulong FileId { get; init; }
    public int Flags { get; init; }
    public int Resident { get; init; }
    public int PrivateResident { get; init; }
    public int Protection { get; init; } = 1;
    public int RefCount { get; init; } = 1;
    public int ShadowCount { get; init; }
    public ushort Status { get; init; }
    public ulong Fsid { get; init; }
    public string Path { get; init; } = "";
}

/// <summary>One kinfo_proc as fill_kinfo_proc fills it.</summary>
internal sealed record KinfoProc
{
    public int Pid { get; init; } = 100;
    public int Ppid { get; init; } = 1;
    public int Pgid { get; init; } = 100;
    public int Sid { get; init; } = 90;
    public ulong Tdev { get; init; } = ulong.MaxValue;
    public uint Uid { get; init; } = 1001;
    public uint Ruid { get; init; } = 1002;
    public uint Svuid { get; init; } = 1003;
    public uint Rgid { get; init; } = 20;
    public uint[] Groups { get; init; } = new uint[] { 0 };
    public ulong Size { get; init; } = 12_345_678;
    public long RssPages { get; init; } = 300;
    public long StartSeconds { get; init; } = 1_700_000_000;
    public long StartMicroseconds { get; init; } = 250_000;
    public long KiFlag { get; init; }
    public byte Stat { get; init; } = 3;
    public sbyte Nice { get; init; }
    public string ThreadName { get; init; } = "";
    public string MoreThreadName { get; init; } = "";
    public string WaitMessage { get; init; } = "";
    public string LockName { get; init; } = "";
    public string Command { get; init; } = "sleep";
    public int LastCpu { get; init; } = 3;
    public int ThreadCount { get; init; } = 1;
    public int Tid { get; init; } = 100_001;
    public byte PriorityLevel { get; init; } = 120;
    public byte PriorityClass { get; init; } = 3;
    public byte PriorityUser { get; init; } = 120;
    public uint Svgid { get; init; } = 20;
    public long VoluntarySwitches { get; init; }
    public long InvoluntarySwitches { get; init; }
    public long UserSeconds { get; init; } = 2;
    public long UserMicroseconds { get; init; } = 500_000;
    public long SystemSeconds { get; init; }
    public long SystemMicroseconds { get; init; } = 1_000;
    public long TdFlags { get; init; } = 0x8;
    public ulong PendingSignals { get; init; }
    public ulong BlockedSignals { get; init; }
    public ulong IgnoredSignals { get; init; }
    public ulong CaughtSignals { get; init; }
}

/// <summary>Builds sysctl buffers from records, at the offsets <see cref="FreeBsdStructs"/> computes from the header.</summary>
internal static class KinfoFixtures
{
    private static readonly CStructLayout V = FreeBsdStructs.KinfoVmentry;

    /// <summary>A record as KERN_PROC_VMMAP packs it: up to the path's NUL, rounded up to 8 bytes.</summary>
    public static byte[] Packed(VmEntry entry)
    {
        byte[] path = Encoding.UTF8.GetBytes(entry.Path);
        int size = (V["kve_path"] + path.Length + 1 + 7) / 8 * 8;
        return VmRecord(entry, size);
    }

    /// <summary>A full 1160-byte record, as kinfo_getvmmap(3) hands them out.</summary>
    public static byte[] Unpacked(VmEntry entry) => VmRecord(entry, V.Size);

    public static byte[] VmRecord(VmEntry entry, int size)
    {
        var r = new byte[size];
        var s = r.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(s[V["kve_structsize"]..], size);
        BinaryPrimitives.WriteInt32LittleEndian(s[V["kve_type"]..], entry.Type);
        BinaryPrimitives.WriteUInt64LittleEndian(s[V["kve_start"]..], entry.Start);
        BinaryPrimitives.WriteUInt64LittleEndian(s[V["kve_end"]..], entry.End);
        BinaryPrimitives.WriteUInt64LittleEndian(s[V["kve_offset"]..], entry.Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(s[V["kve_vn_fileid"]..], entry.FileId);
        BinaryPrimitives.WriteUInt32LittleEndian(s[V["kve_vn_fsid_freebsd11"]..], (uint)entry.Fsid);
        BinaryPrimitives.WriteInt32LittleEndian(s[V["kve_flags"]..], entry.Flags);
        BinaryPrimitives.WriteInt32LittleEndian(s[V["kve_resident"]..], entry.Resident);
        BinaryPrimitives.WriteInt32LittleEndian(s[V["kve_private_resident"]..], entry.PrivateResident);
        BinaryPrimitives.WriteInt32LittleEndian(s[V["kve_protection"]..], entry.Protection);
        BinaryPrimitives.WriteInt32LittleEndian(s[V["kve_ref_count"]..], entry.RefCount);
        BinaryPrimitives.WriteInt32LittleEndian(s[V["kve_shadow_count"]..], entry.ShadowCount);
        BinaryPrimitives.WriteInt32LittleEndian(s[V["kve_vn_type"]..], entry.Type == 2 ? 1 : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(s[V["kve_vn_size"]..], 0xdead);
        BinaryPrimitives.WriteUInt16LittleEndian(s[V["kve_status"]..], entry.Status);
        BinaryPrimitives.WriteUInt64LittleEndian(s[V["kve_type_spec"]..], entry.Fsid);
        byte[] path = Encoding.UTF8.GetBytes(entry.Path);
        path.AsSpan(0, Math.Min(path.Length, size - V["kve_path"])).CopyTo(s[V["kve_path"]..]);
        return r;
    }

    public static byte[] Proc(KinfoProc p) => Proc(p, FreeBsdAbi.Amd64);

    /// <summary>A kinfo_proc laid out for <paramref name="abi"/> (i386 and armv7 cores carry these).</summary>
    public static byte[] Proc(KinfoProc p, FreeBsdAbi abi)
    {
        var P = FreeBsdStructs.KinfoProcOf(abi);
        int l = abi.Long;
        int t = abi.Time;
        void Long(Span<byte> at, long value)
        {
            if (l == 8)
            {
                BinaryPrimitives.WriteInt64LittleEndian(at, value);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(at, (int)value);
            }
        }

        void Time(Span<byte> at, long seconds, long microseconds)
        {
            if (t == 8)
            {
                BinaryPrimitives.WriteInt64LittleEndian(at, seconds);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(at, (int)seconds);
            }

            Long(at[t..], microseconds);
        }

        var r = new byte[P.Size];
        var s = r.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_structsize"]..], P.Size);
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_pid"]..], p.Pid);
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_ppid"]..], p.Ppid);
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_pgid"]..], p.Pgid);
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_tpgid"]..], -1);
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_sid"]..], p.Sid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[P["ki_tdev_freebsd11"]..], (uint)p.Tdev);
        // sigset_t: __bits[0] holds signals 1 to 32, __bits[1] 33 to 64.
        foreach (var (field, mask) in new[] { ("ki_siglist", p.PendingSignals), ("ki_sigmask", p.BlockedSignals), ("ki_sigignore", p.IgnoredSignals), ("ki_sigcatch", p.CaughtSignals) })
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[P[field]..], (uint)mask);
            BinaryPrimitives.WriteUInt32LittleEndian(s[(P[field] + 4)..], (uint)(mask >> 32));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(s[P["ki_uid"]..], p.Uid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[P["ki_ruid"]..], p.Ruid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[P["ki_svuid"]..], p.Svuid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[P["ki_rgid"]..], p.Rgid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[P["ki_svgid"]..], p.Svgid);
        BinaryPrimitives.WriteInt16LittleEndian(s[P["ki_ngroups"]..], (short)p.Groups.Length);
        for (int i = 0; i < p.Groups.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[(P["ki_groups"] + 4 * i)..], p.Groups[i]);
        }

        Long(s[P["ki_size"]..], (long)p.Size);
        Long(s[P["ki_rssize"]..], p.RssPages);
        Time(s[P["ki_start"]..], p.StartSeconds, p.StartMicroseconds);
        Long(s[P["ki_kiflag"]..], p.KiFlag);
        s[P["ki_stat"]] = p.Stat;
        s[P["ki_nice"]] = (byte)p.Nice;
        s[P["ki_oncpu_old"]] = 0xff;
        s[P["ki_lastcpu_old"]] = (byte)p.LastCpu;
        void Chars(Span<byte> record, string field, string value)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            bytes.AsSpan(0, Math.Min(bytes.Length, P.SizeOf(field))).CopyTo(record[P[field]..]);
        }

        Chars(s, "ki_tdname", p.ThreadName);
        Chars(s, "ki_wmesg", p.WaitMessage);
        Chars(s, "ki_login", "root");
        Chars(s, "ki_lockname", p.LockName);
        Chars(s, "ki_comm", p.Command);
        Chars(s, "ki_emul", "FreeBSD ELF64");
        Chars(s, "ki_loginclass", "default");
        Chars(s, "ki_moretdname", p.MoreThreadName);
        BinaryPrimitives.WriteUInt64LittleEndian(s[P["ki_tdev"]..], p.Tdev);
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_oncpu"]..], -1);
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_lastcpu"]..], p.LastCpu);
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_numthreads"]..], p.ThreadCount);
        BinaryPrimitives.WriteInt32LittleEndian(s[P["ki_tid"]..], p.Tid);
        s[P["ki_pri"]] = p.PriorityClass;
        s[P["ki_pri"] + 1] = p.PriorityLevel;
        s[P["ki_pri"] + 3] = p.PriorityUser;
        Time(s[P["ki_rusage"]..], p.UserSeconds, p.UserMicroseconds);
        Time(s[(P["ki_rusage"] + abi.TimevalSize)..], p.SystemSeconds, p.SystemMicroseconds);
        // struct rusage: two timevals, then 14 longs of which ru_nvcsw and ru_nivcsw are the last two.
        Long(s[(P["ki_rusage"] + (2 * abi.TimevalSize) + (12 * l))..], p.VoluntarySwitches);
        Long(s[(P["ki_rusage"] + (2 * abi.TimevalSize) + (13 * l))..], p.InvoluntarySwitches);
        Long(s[P["ki_tdflags"]..], p.TdFlags);
        return r;
    }

    public static byte[] Concat(params byte[][] records)
    {
        var all = new List<byte>();
        foreach (var record in records)
        {
            all.AddRange(record);
        }

        return all.ToArray();
    }

    /// <summary>The NUL-terminated strings KERN_PROC_ARGS and KERN_PROC_ENV return.</summary>
    public static byte[] Strings(params string[] strings)
    {
        var all = new List<byte>();
        foreach (string value in strings)
        {
            all.AddRange(Encoding.UTF8.GetBytes(value));
            all.Add(0);
        }

        return all.ToArray();
    }
}
