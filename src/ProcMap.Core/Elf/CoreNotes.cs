using System;
using System.Buffers.Binary;

namespace ProcMap.Elf;

/// <summary>
/// NT_PRPSINFO, once per core (struct elf_prpsinfo, include/linux/elfcore.h; filled by fs/binfmt_elf.c
/// fill_psinfo, or by gdb's linux_fill_prpsinfo from /proc for gcore).
/// </summary>
/// <param name="StateLetter">pr_sname: the state letter as ps prints it, 0 when absent.</param>
/// <param name="Nice">pr_nice.</param>
/// <param name="RealUserId">pr_uid: the kernel stores cred->uid and gdb the first Uid: of status, both the real uid.</param>
/// <param name="RealGroupId">pr_gid: likewise the real gid.</param>
/// <param name="ProcessId">pr_pid, in the dumping task's pid namespace.</param>
/// <param name="ParentProcessId">pr_ppid.</param>
/// <param name="ProcessGroupId">pr_pgrp.</param>
/// <param name="SessionId">pr_sid.</param>
/// <param name="Name">pr_fname: the command name (comm).</param>
/// <param name="PsArgs">pr_psargs: at most 79 bytes of the argument area with NULs turned into spaces.</param>
internal sealed record CorePsInfo(
    byte StateLetter,
    sbyte Nice,
    uint RealUserId,
    uint RealGroupId,
    int ProcessId,
    int ParentProcessId,
    int ProcessGroupId,
    int SessionId,
    string Name,
    byte[] PsArgs)
{
    private const int FnameSize = 16;
    private const int PsArgsSize = 80;

    /// <summary>
    /// Decodes the descriptor. 64-bit: 136 bytes (4 chars, pad, pr_flag 8, uid/gid 4+4, 4 pids, fname 16,
    /// psargs 80). 32-bit (i386, ARM): pr_flag is 4 bytes and uid/gid are the 16-bit __kernel_uid_t of
    /// those ABIs (124 bytes), or 32-bit on ABIs that widened them (128 bytes).
    /// </summary>
    public static CorePsInfo Decode(ReadOnlySpan<byte> descriptor, bool is64)
    {
        int idsAt;
        uint uid;
        uint gid;
        if (is64)
        {
            Require(descriptor, 136, "NT_PRPSINFO");
            uid = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[16..]);
            gid = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[20..]);
            idsAt = 24;
        }
        else if (descriptor.Length >= 128)
        {
            uid = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[8..]);
            gid = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[12..]);
            idsAt = 16;
        }
        else
        {
            Require(descriptor, 124, "NT_PRPSINFO");
            uid = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[8..]);
            gid = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[10..]);
            idsAt = 12;
        }

        var fname = descriptor.Slice(idsAt + 16, FnameSize);
        var psargs = descriptor.Slice(idsAt + 16 + FnameSize, PsArgsSize);
        return new CorePsInfo(
            descriptor[1],
            (sbyte)descriptor[3],
            uid,
            gid,
            BinaryPrimitives.ReadInt32LittleEndian(descriptor[idsAt..]),
            BinaryPrimitives.ReadInt32LittleEndian(descriptor[(idsAt + 4)..]),
            BinaryPrimitives.ReadInt32LittleEndian(descriptor[(idsAt + 8)..]),
            BinaryPrimitives.ReadInt32LittleEndian(descriptor[(idsAt + 12)..]),
            Text.KernelText.DecodeCString(fname),
            Text.KernelText.UpToNul(psargs).ToArray());
    }

    internal static void Require(ReadOnlySpan<byte> descriptor, int size, string note)
    {
        if (descriptor.Length < size)
        {
            throw new ElfFormatException(Messages.CoreNoteTooSmall(note, descriptor.Length, size));
        }
    }
}

/// <summary>
/// NT_PRSTATUS, one per thread, the first for the thread that dumped (struct elf_prstatus_common,
/// include/linux/elfcore.h; fs/binfmt_elf.c fill_prstatus). The kernel puts the whole process's CPU
/// times in the thread group leader's note and each other thread's own times in its note.
/// </summary>
/// <param name="ThreadId">pr_pid: the thread id.</param>
/// <param name="CurrentSignal">pr_cursig: the signal that stopped or killed the thread, 0 for none.</param>
/// <param name="PendingSignals">pr_sigpend: the mask of pending signals (bit n-1 for signal n).</param>
/// <param name="BlockedSignals">pr_sighold: the mask of blocked signals.</param>
/// <param name="ParentProcessId">pr_ppid.</param>
/// <param name="ProcessGroupId">pr_pgrp.</param>
/// <param name="SessionId">pr_sid.</param>
/// <param name="UserTime">pr_utime, or null when out of range.</param>
/// <param name="SystemTime">pr_stime, or null when out of range.</param>
/// <param name="Filled">
/// False for gdb's gcore, which writes only pr_pid, pr_cursig and the registers (gdb
/// elfcore_write_linux_prstatus) and leaves the ids, masks and times zero: they are unknown, not zero.
/// A kernel-written note always has a process group and session.
/// </param>
internal readonly record struct CorePrStatus(
    int ThreadId,
    int CurrentSignal,
    ulong PendingSignals,
    ulong BlockedSignals,
    int ParentProcessId,
    int ProcessGroupId,
    int SessionId,
    TimeSpan? UserTime,
    TimeSpan? SystemTime,
    bool Filled)
{
    /// <summary>
    /// Decodes the common prefix. 64-bit: siginfo 12, cursig 2 + pad 2, sigpend 8, sighold 8, 4 pids,
    /// then four timevals of 8+8 (112 bytes before the registers). 32-bit: longs are 4 bytes (72).
    /// </summary>
    public static CorePrStatus Decode(ReadOnlySpan<byte> descriptor, bool is64)
    {
        int word = is64 ? 8 : 4;
        CorePsInfo.Require(descriptor, is64 ? 112 : 72, "NT_PRSTATUS");
        int at = 16;
        ulong pending = ReadWord(descriptor, at, is64);
        ulong blocked = ReadWord(descriptor, at + word, is64);
        at += 2 * word;
        int tid = BinaryPrimitives.ReadInt32LittleEndian(descriptor[at..]);
        int ppid = BinaryPrimitives.ReadInt32LittleEndian(descriptor[(at + 4)..]);
        int pgrp = BinaryPrimitives.ReadInt32LittleEndian(descriptor[(at + 8)..]);
        int sid = BinaryPrimitives.ReadInt32LittleEndian(descriptor[(at + 12)..]);
        at += 16;
        long userSeconds = ReadLong(descriptor, at, is64);
        long userMicroseconds = ReadLong(descriptor, at + word, is64);
        long systemSeconds = ReadLong(descriptor, at + (2 * word), is64);
        long systemMicroseconds = ReadLong(descriptor, at + (3 * word), is64);
        bool filled = ppid != 0 || pgrp != 0 || sid != 0
            || userSeconds != 0 || userMicroseconds != 0 || systemSeconds != 0 || systemMicroseconds != 0;
        return new CorePrStatus(
            tid,
            BinaryPrimitives.ReadInt16LittleEndian(descriptor[12..]),
            pending,
            blocked,
            ppid,
            pgrp,
            sid,
            filled ? TimeValue(userSeconds, userMicroseconds) : null,
            filled ? TimeValue(systemSeconds, systemMicroseconds) : null,
            filled);
    }

    private static ulong ReadWord(ReadOnlySpan<byte> bytes, int at, bool is64) => is64
        ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..])
        : BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);

    private static long ReadLong(ReadOnlySpan<byte> bytes, int at, bool is64) => is64
        ? BinaryPrimitives.ReadInt64LittleEndian(bytes[at..])
        : BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);

    /// <summary>A struct timeval as a TimeSpan; null when a corrupt note holds what no clock could.</summary>
    private static TimeSpan? TimeValue(long seconds, long microseconds)
    {
        const long MaxSeconds = long.MaxValue / TimeSpan.TicksPerSecond - 1;
        if (seconds < 0 || seconds > MaxSeconds || microseconds < 0 || microseconds >= 1_000_000)
        {
            return null;
        }

        return TimeSpan.FromTicks((seconds * TimeSpan.TicksPerSecond) + (microseconds * 10));
    }
}

/// <summary>
/// The auxiliary vector of NT_AUXV (the kernel's saved copy of what it put on the initial stack,
/// fs/binfmt_elf.c create_elf_tables; gdb copies /proc/PID/auxv): pairs of native words up to AT_NULL.
/// </summary>
internal static class CoreAuxv
{
    public const ulong AT_NULL = 0;
    public const ulong AT_PAGESZ = 6;
    public const ulong AT_RANDOM = 25;
    public const ulong AT_EXECFN = 31;
    public const ulong AT_SYSINFO_EHDR = 33;

    /// <summary>The value of entry <paramref name="type"/>, or null when the vector has none before AT_NULL.</summary>
    public static ulong? Find(ReadOnlySpan<byte> auxv, bool is64, ulong type)
    {
        int word = is64 ? 8 : 4;
        for (int at = 0; at + (2 * word) <= auxv.Length; at += 2 * word)
        {
            ulong key = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(auxv[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(auxv[at..]);
            if (key == AT_NULL)
            {
                return null;
            }

            if (key == type)
            {
                return is64 ? BinaryPrimitives.ReadUInt64LittleEndian(auxv[(at + word)..]) : BinaryPrimitives.ReadUInt32LittleEndian(auxv[(at + word)..]);
            }
        }

        return null;
    }
}
