using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading;
using ProcMap.Text;
using L = ProcMap.FreeBsd.KinfoProcLayout;

namespace ProcMap.FreeBsd;

/// <summary>
/// Decodes the output of sysctl kern.proc.* (kvm_getprocs(3) on a live kernel): struct kinfo_proc
/// records walked by ki_structsize. A pure function of the bytes; user and terminal names, which need
/// the system's databases, are the caller's to fill in.
/// </summary>
internal static class KinfoProcDecoder
{
    /// <summary>Checks the whole buffer up front, then decodes one process (or thread) per record as asked.</summary>
    public static IEnumerable<ProcessInfo> Decode(byte[] buffer, bool threadRows, int pageSize, string source, CancellationToken cancellationToken) =>
        Decode(buffer, KinfoProcAbi.Lp64, threadRows, pageSize, source, cancellationToken);

    /// <summary>As <see cref="Decode(byte[], bool, int, string, CancellationToken)"/>, for records of <paramref name="abi"/> (a 32-bit process's core).</summary>
    public static IEnumerable<ProcessInfo> Decode(byte[] buffer, KinfoProcAbi abi, bool threadRows, int pageSize, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Validate(buffer, abi, source);
        return Walk(buffer, abi, threadRows, pageSize, source, cancellationToken);
    }

    /// <summary>
    /// Returns the number of records, or throws <see cref="ProcReadException"/> at the first whose
    /// ki_structsize is not at least KINFO_PROC_SIZE (libkvm insists on equality; a larger record is
    /// read by its known prefix) or runs past the buffer.
    /// </summary>
    public static int Validate(ReadOnlySpan<byte> buffer, string source) => Validate(buffer, KinfoProcAbi.Lp64, source);

    /// <summary>As <see cref="Validate(ReadOnlySpan{byte}, string)"/>, for records of <paramref name="abi"/>.</summary>
    public static int Validate(ReadOnlySpan<byte> buffer, KinfoProcAbi abi, string source)
    {
        int offset = 0;
        int index = 0;
        while (KinfoRecords.TryNext(buffer, ref offset, ref index, abi.Size, RecordShape.Proc, source, out int size))
        {
            KinfoRecords.Advance(ref offset, ref index, size);
        }

        return index;
    }

    /// <summary>Decodes one LP64 record that <see cref="Validate(ReadOnlySpan{byte}, string)"/> accepted.</summary>
    public static ProcessInfo DecodeRecord(ReadOnlySpan<byte> record, bool threadRow, int pageSize) => DecodeRecord(record, KinfoProcAbi.Lp64, threadRow, pageSize);

    /// <summary>Decodes one record of <paramref name="abi"/> (FreeBSD's ABIs are all little-endian here: amd64, arm64, i386, armv7).</summary>
    public static ProcessInfo DecodeRecord(ReadOnlySpan<byte> record, KinfoProcAbi abi, bool threadRow, int pageSize)
    {
        var a = abi;
        ulong tty = BinaryPrimitives.ReadUInt64LittleEndian(record[a.TtyDevice..]);
        short groupCount = BinaryPrimitives.ReadInt16LittleEndian(record[a.GroupCount..]);
        long residentPages = Long(record, a.ResidentPages, a);
        int lastCpu = BinaryPrimitives.ReadInt32LittleEndian(record[a.LastCpu..]);
        string command = KernelText.DecodeCString(record.Slice(a.Command, L.CommandLength));
        return new ProcessInfo
        {
            ProcessId = BinaryPrimitives.ReadInt32LittleEndian(record[a.ProcessId..]),

            // Without KERN_PROC_INC_THREAD the kernel still fills ki_tid from the first thread; it is a
            // thread row's identity only when threads were asked for.
            ThreadId = threadRow ? BinaryPrimitives.ReadInt32LittleEndian(record[a.ThreadId..]) : null,
            ParentProcessId = BinaryPrimitives.ReadInt32LittleEndian(record[a.ParentProcessId..]),
            ProcessGroupId = BinaryPrimitives.ReadInt32LittleEndian(record[a.ProcessGroupId..]),
            SessionId = BinaryPrimitives.ReadInt32LittleEndian(record[a.SessionId..]),
            TtyDevice = tty == L.NoDevice ? null : tty,
            UserId = BinaryPrimitives.ReadUInt32LittleEndian(record[a.UserId..]),
            RealUserId = BinaryPrimitives.ReadUInt32LittleEndian(record[a.RealUserId..]),
            SavedUserId = BinaryPrimitives.ReadUInt32LittleEndian(record[a.SavedUserId..]),

            // ki_groups[0] is the effective gid, as ps's "gid" keyword reads it.
            GroupId = groupCount > 0 ? BinaryPrimitives.ReadUInt32LittleEndian(record[a.Groups..]) : null,
            RealGroupId = BinaryPrimitives.ReadUInt32LittleEndian(record[a.RealGroupId..]),
            Name = threadRow ? ThreadName(record, a, command) : command,
            State = StateOf(record[a.State], Long(record, a.ThreadFlags, a)),
            Nice = (sbyte)record[a.Nice],

            // pri_level, as procstat -t prints it in its PRI column.
            Priority = record[a.PriorityLevel],
            ThreadCount = BinaryPrimitives.ReadInt32LittleEndian(record[a.ThreadCount..]),
            VirtualSize = (ulong)Long(record, a.VirtualSize, a) & (a.LongSize == 8 ? ulong.MaxValue : uint.MaxValue),
            ResidentSize = residentPages >= 0 && pageSize > 0 ? (ulong)residentPages * (ulong)pageSize : null,
            StartTime = StartTimeOf(record[a.Start..], a),
            UserCpuTime = DurationOf(record[a.UserTime..], a),
            SystemCpuTime = DurationOf(record[a.SystemTime..], a),

            // NOCPU (-1) before the thread first ran.
            Processor = lastCpu >= 0 ? lastCpu : null,
            WaitChannel = WaitChannelOf(record, a),
            PendingSignals = SignalsOf(record, a.PendingSignals),
            BlockedSignals = SignalsOf(record, a.BlockedSignals),
            IgnoredSignals = SignalsOf(record, a.IgnoredSignals),
            CaughtSignals = SignalsOf(record, a.CaughtSignals),
            SavedGroupId = BinaryPrimitives.ReadUInt32LittleEndian(record[a.SavedGroupId..]),
            SupplementaryGroupIds = SupplementaryGroupsOf(record, a, groupCount),
            SchedulingPolicy = PolicyOf(record[a.PriorityClass]),
            RealtimePriority = RealtimePriorityOf(record[a.PriorityClass], record[a.PriorityUser]),
            VoluntaryContextSwitches = CountOf(record, a.VoluntaryContextSwitches, a),
            InvoluntaryContextSwitches = CountOf(record, a.InvoluntaryContextSwitches, a),
        };
    }

    // ki_groups[0] is the effective gid (GroupId); the supplementary groups follow it.
    private static uint[] SupplementaryGroupsOf(ReadOnlySpan<byte> record, KinfoProcAbi a, short groupCount)
    {
        int count = Math.Clamp(groupCount - 1, 0, L.MaxGroups - 1);
        var groups = count == 0 ? Array.Empty<uint>() : new uint[count];
        for (int i = 0; i < count; i++)
        {
            groups[i] = BinaryPrimitives.ReadUInt32LittleEndian(record[(a.Groups + (4 * (i + 1)))..]);
        }

        return groups;
    }

    private static ulong? CountOf(ReadOnlySpan<byte> record, int offset, KinfoProcAbi a)
    {
        long count = Long(record, offset, a);
        return count >= 0 ? (ulong)count : null;
    }

    /// <summary>
    /// The priority class of ki_pri (sys/sys/rtprio.h): PRI_REALTIME 2 is rtprio's round-robin class
    /// (SCHED_RR), PRI_FIFO 10 (PRI_REALTIME | PRI_FIFO_BIT) SCHED_FIFO, PRI_TIMESHARE 3 SCHED_OTHER, PRI_IDLE
    /// 4 idprio's class; PRI_ITHD 1 (interrupt threads) has no POSIX policy.
    /// </summary>
    internal static SchedulingPolicy? PolicyOf(byte priorityClass) => priorityClass switch
    {
        2 => SchedulingPolicy.RoundRobin,
        3 => SchedulingPolicy.Other,
        4 => SchedulingPolicy.Idle,
        10 => SchedulingPolicy.Fifo,
        _ => null,
    };

    // rtprio's value, pri_user - PRI_MIN_REALTIME (sys/kern/kern_resource.c pri_to_rtp), for the real-time classes.
    private static int? RealtimePriorityOf(byte priorityClass, byte userPriority) =>
        priorityClass is 2 or 10 && userPriority >= L.MinRealtimePriority ? userPriority - L.MinRealtimePriority : null;

    // A sigset_t is four uint32 words, signal n at bit n - 1 counting from __bits[0] (sys/sys/_sigset.h):
    // the first two words, read as one little-endian uint64, are signals 1 to 64.
    private static ulong SignalsOf(ReadOnlySpan<byte> record, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(record[offset..]);

    /// <summary>
    /// ki_stat as ps's state() reads it (bin/ps/print.c): a sleep without TDF_SINTR is uninterruptible,
    /// the D that ps prints. SIDL 1, SRUN 2, SSLEEP 3, SSTOP 4, SZOMB 5, SWAIT 6, SLOCK 7 (sys/sys/proc.h).
    /// </summary>
    internal static ProcessState StateOf(byte state, long threadFlags) => state switch
    {
        1 => ProcessState.Creating,
        2 => ProcessState.Running,
        3 => (threadFlags & L.InterruptibleSleep) != 0 ? ProcessState.Sleeping : ProcessState.DiskSleep,
        4 => ProcessState.Stopped,
        5 => ProcessState.Zombie,
        6 => ProcessState.WaitingForInterrupt,
        7 => ProcessState.Locked,
        _ => ProcessState.Unknown,
    };

    private static string ThreadName(ReadOnlySpan<byte> record, KinfoProcAbi a, string command)
    {
        // A thread name longer than TDNAMLEN continues in ki_moretdname (libprocstat kinfo_proc_thread_name).
        string name = KernelText.DecodeCString(record.Slice(a.ThreadName, L.ThreadNameLength)) + KernelText.DecodeCString(record.Slice(a.MoreThreadName, L.MoreThreadNameLength));
        return name.Length > 0 ? name : command;
    }

    private static string? WaitChannelOf(ReadOnlySpan<byte> record, KinfoProcAbi a)
    {
        // procstat -t shows "*lockname" for a thread blocked on a lock, the wait message otherwise.
        if ((Long(record, a.KiFlags, a) & L.LockBlocked) != 0)
        {
            return "*" + KernelText.DecodeCString(record.Slice(a.LockName, L.LockNameLength));
        }

        string message = KernelText.DecodeCString(record.Slice(a.WaitMessage, L.WaitMessageLength));
        return message.Length > 0 ? message : null;
    }

    private static DateTime? StartTimeOf(ReadOnlySpan<byte> timeval, KinfoProcAbi a)
    {
        // ki_start is boottime + p_start: wall-clock seconds and microseconds since the epoch.
        var (seconds, microseconds) = TimeValue(timeval, a);
        if (seconds <= 0 || seconds > 253_402_300_000 || microseconds is < 0 or >= 1_000_000)
        {
            return null;
        }

        return DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (microseconds * 10)).ToLocalTime();
    }

    private static TimeSpan? DurationOf(ReadOnlySpan<byte> timeval, KinfoProcAbi a)
    {
        var (seconds, microseconds) = TimeValue(timeval, a);
        if (seconds < 0 || seconds > TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond - 1 || microseconds is < 0 or >= 1_000_000)
        {
            return null;
        }

        return TimeSpan.FromTicks((seconds * TimeSpan.TicksPerSecond) + (microseconds * 10));
    }

    /// <summary>A C long of the ABI, sign-extended.</summary>
    private static long Long(ReadOnlySpan<byte> record, int offset, KinfoProcAbi a) => a.LongSize == 8
        ? BinaryPrimitives.ReadInt64LittleEndian(record[offset..])
        : BinaryPrimitives.ReadInt32LittleEndian(record[offset..]);

    /// <summary>struct timeval: a time_t (4 bytes on i386 only) and a long tv_usec after it.</summary>
    private static (long Seconds, long Microseconds) TimeValue(ReadOnlySpan<byte> timeval, KinfoProcAbi a) =>
        (a.TimeSize == 8 ? BinaryPrimitives.ReadInt64LittleEndian(timeval) : BinaryPrimitives.ReadInt32LittleEndian(timeval),
         Long(timeval, a.TimeSize, a));

    private static IEnumerable<ProcessInfo> Walk(byte[] buffer, KinfoProcAbi abi, bool threadRows, int pageSize, string source, CancellationToken cancellationToken)
    {
        int offset = 0;
        int index = 0;
        while (KinfoRecords.TryNext(buffer, ref offset, ref index, abi.Size, RecordShape.Proc, source, out int size))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var process = DecodeRecord(buffer.AsSpan(offset, size), abi, threadRows, pageSize);
            KinfoRecords.Advance(ref offset, ref index, size);
            yield return process;
        }
    }
}
