using System;

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
    /// <summary>Decodes the descriptor by its ABI's layout (<see cref="PrPsInfoLayout"/>), in the file's byte order.</summary>
    public static CorePsInfo Decode(ReadOnlySpan<byte> descriptor, PrPsInfoLayout layout, ElfByteOrder order)
    {
        Require(descriptor, layout.Size, "NT_PRPSINFO");
        int ids = layout.ProcessIdAt;
        return new CorePsInfo(
            descriptor[1],
            (sbyte)descriptor[3],
            (uint)order.Unsigned(descriptor, layout.UserIdAt, layout.IdSize),
            (uint)order.Unsigned(descriptor, layout.UserIdAt + layout.IdSize, layout.IdSize),
            order.I32(descriptor, ids),
            order.I32(descriptor, ids + 4),
            order.I32(descriptor, ids + 8),
            order.I32(descriptor, ids + 12),
            Text.KernelText.DecodeCString(descriptor.Slice(layout.FnameAt, PrPsInfoLayout.FnameSize)),
            Text.KernelText.UpToNul(descriptor.Slice(layout.PsArgsAt, PrPsInfoLayout.PsArgsSize)).ToArray());
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
    /// Decodes elf_prstatus_common by its ABI's layout (<see cref="PrStatusLayout"/>), in the file's byte
    /// order; the registers after it are not ProcMap's business.
    /// </summary>
    public static CorePrStatus Decode(ReadOnlySpan<byte> descriptor, PrStatusLayout layout, ElfByteOrder order)
    {
        CorePsInfo.Require(descriptor, layout.Prefix, "NT_PRSTATUS");
        int word = layout.LongSize;
        ulong pending = order.Unsigned(descriptor, layout.SignalsAt, word);
        ulong blocked = order.Unsigned(descriptor, layout.SignalsAt + word, word);
        int at = layout.ThreadIdAt;
        int tid = order.I32(descriptor, at);
        int ppid = order.I32(descriptor, at + 4);
        int pgrp = order.I32(descriptor, at + 8);
        int sid = order.I32(descriptor, at + 12);
        int time = layout.TimeFieldSize;
        at = layout.TimesAt;
        long userSeconds = order.Signed(descriptor, at, time);
        long userMicroseconds = order.Signed(descriptor, at + time, time);
        long systemSeconds = order.Signed(descriptor, at + (2 * time), time);
        long systemMicroseconds = order.Signed(descriptor, at + (3 * time), time);
        bool filled = ppid != 0 || pgrp != 0 || sid != 0
            || userSeconds != 0 || userMicroseconds != 0 || systemSeconds != 0 || systemMicroseconds != 0;
        return new CorePrStatus(
            tid,
            order.I16(descriptor, 12),
            pending,
            blocked,
            ppid,
            pgrp,
            sid,
            filled ? TimeValue(userSeconds, userMicroseconds) : null,
            filled ? TimeValue(systemSeconds, systemMicroseconds) : null,
            filled);
    }

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
    public static ulong? Find(ReadOnlySpan<byte> auxv, ElfHeader header, ulong type)
    {
        int word = header.WordSize;
        for (int at = 0; at + (2 * word) <= auxv.Length; at += 2 * word)
        {
            ulong key = header.Word(auxv, at);
            if (key == AT_NULL)
            {
                return null;
            }

            if (key == type)
            {
                return header.Word(auxv, at + word);
            }
        }

        return null;
    }
}
