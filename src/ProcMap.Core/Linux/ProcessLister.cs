using System;
using System.Collections.Generic;
using System.Threading;
using ProcMap.Interop;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// kvm_getprocs(3) over procfs: walks /proc (or only the asked-for ids), reads each process's stat and
/// status through the source's one buffer, and yields ProcessInfo objects in process id order (thread id
/// order within a process). Reads only what the selector needs to decide: stat first, which settles the
/// id, group, session, terminal and name criteria; status only for processes still in the running;
/// wchan and smaps_rollup only when asked for.
/// </summary>
internal sealed class ProcessLister
{
    private const string StatLayout = "pid (comm) state ppid pgrp session tty_nr tpgid ... processor";
    private const string StatusLayout = "Tgid:, Uid: and Gid: lines";

    private readonly ProcFs _proc;
    private readonly UserDatabase _users;
    private readonly TtyNames _ttys;
    private readonly CommNames _comms = new();
    private readonly CommNames _wchans = new();
    private readonly CommNames _paths = new();
    private readonly SmapsRollup _memory;
    private readonly long _ticksPerSecond;
    private readonly ulong _pageSize;
    private ControlGroupLayout? _cgroupLayout;
    private long? _bootTime;
    private bool _bootTimeRead;

    public ProcessLister(ProcFs proc, UserDatabase users, TtyNames ttys, long ticksPerSecond, ulong pageSize, SmapsRollup memory, ControlGroupLayout? cgroupLayout = null)
    {
        _cgroupLayout = cgroupLayout;
        _proc = proc;
        _memory = memory;
        _users = users;
        _ttys = ttys;
        _ticksPerSecond = ticksPerSecond;
        _pageSize = pageSize;
    }

    public IEnumerable<ProcessInfo> Read(ProcessSelector selector, CancellationToken cancellationToken)
    {
        var criteria = new ProcessCriteria(selector);
        if (criteria.SelectsNothing)
        {
            return Array.Empty<ProcessInfo>();
        }

        if (selector.ProcessIds is null)
        {
            var processIds = new List<int>();
            if (!ProcFs.TryListIds(_proc.Root, processIds))
            {
                throw new ProcReadException(_proc.Root, Messages.CannotList);
            }

            return ReadListed(processIds, criteria, cancellationToken);
        }

        var ids = new List<int>(selector.ProcessIds);
        ids.Sort();
        return ReadAsked(ids, criteria, cancellationToken);
    }

    private IEnumerable<ProcessInfo> ReadListed(List<int> processIds, ProcessCriteria criteria, CancellationToken cancellationToken)
    {
        foreach (int processId in processIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ProcessInfo? process;
            try
            {
                process = ReadProcess(processId, criteria, asked: false, cancellationToken);
            }
            catch (ProcMapException exception)
            {
                // Anything but an exit or hidepid (which ReadProcess skips): report it and go on listing.
                criteria.ReadFailed?.Invoke(exception);
                continue;
            }

            if (process is null)
            {
                continue;
            }

            foreach (var row in Rows(process, criteria, cancellationToken))
            {
                yield return row;
            }
        }
    }

    // The process itself, or with -IncludeThreads one row per thread of it.
    private IEnumerable<ProcessInfo> Rows(ProcessInfo process, ProcessCriteria criteria, CancellationToken cancellationToken) =>
        criteria.IncludeThreads ? ReadThreads(process, criteria, cancellationToken) : new[] { process };

    private IEnumerable<ProcessInfo> ReadAsked(List<int> processIds, ProcessCriteria criteria, CancellationToken cancellationToken)
    {
        for (int i = 0; i < processIds.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int processId = processIds[i];
            if (i > 0 && processId == processIds[i - 1])
            {
                continue;
            }

            var process = ReadProcess(processId, criteria, asked: true, cancellationToken);
            if (process is null)
            {
                continue;
            }

            foreach (var row in Rows(process, criteria, cancellationToken))
            {
                yield return row;
            }
        }
    }

    private IEnumerable<ProcessInfo> ReadThreads(ProcessInfo process, ProcessCriteria criteria, CancellationToken cancellationToken)
    {
        int processId = process.ProcessId;
        var threadIds = new List<int>();
        if (!ProcFs.TryListIds(_proc.PathOf(processId, "task"), threadIds))
        {
            yield break;
        }

        foreach (int threadId in threadIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ProcessInfo? thread;
            try
            {
                thread = ReadThread(processId, threadId, criteria);
            }
            catch (ProcMapException exception)
            {
                criteria.ReadFailed?.Invoke(exception);
                continue;
            }

            if (thread is not null)
            {
                // Threads share the process's address space: each row carries its totals, read once, as
                // ps -L repeats the process's RSS on every thread.
                thread.Memory = process.Memory;
                yield return thread;
            }
        }
    }

    /// <summary>
    /// One process row, or null when it does not match or (in a listing) has exited or is hidden from this
    /// user (hidepid: EACCES, EPERM), which a listing leaves out as ps does. Any other failure throws: for an
    /// asked-for id also those two, as ProcessNotFound (gone, or a thread rather than a process) and AccessDenied.
    /// </summary>
    private ProcessInfo? ReadProcess(int processId, ProcessCriteria criteria, bool asked, CancellationToken cancellationToken)
    {
        string statPath = _proc.PathOf(processId, "stat");
        int errno = ReadStat(statPath, processId, out var stat, out string name);
        if (errno != 0)
        {
            return Unreadable(errno, processId, statPath, asked);
        }

        if (!asked && !criteria.MatchesStat(stat, name))
        {
            return null;
        }

        string statusPath = _proc.PathOf(processId, "status");
        errno = ReadStatus(statusPath, processId, out var status);
        if (errno != 0)
        {
            return Unreadable(errno, processId, statusPath, asked);
        }

        if (asked)
        {
            // /proc/TID answers for any thread, though readdir lists only thread group leaders:
            // an id that is a thread of another process is not a process id.
            if (status.ThreadGroupId != processId)
            {
                throw new ProcessNotFoundException(processId);
            }

            if (!criteria.MatchesStat(stat, name))
            {
                return null;
            }
        }

        if (!criteria.MatchesStatus(status))
        {
            return null;
        }

        var process = Build(processId, null, stat, name, status);
        if (criteria.ReadsMore)
        {
            ReadAskedFor(process, _proc.PathOf(processId, ""), processId, criteria);
        }

        // Kernel threads and zombies have no mm, so status has no VmRSS and the rollup would only say ESRCH.
        if (criteria.IncludeMemory && status.ResidentKilobytes is not null && !ReadMemory(process, criteria, asked, cancellationToken))
        {
            return null;
        }

        return process;
    }

    /// <summary>Fills the -IncludeMemory figures; false when the process exited meanwhile (a listing drops it).</summary>
    private bool ReadMemory(ProcessInfo process, ProcessCriteria criteria, bool asked, CancellationToken cancellationToken)
    {
        process.Memory = _memory.TryRead(process.ProcessId, cancellationToken, out var failure);
        switch (failure)
        {
            case null or ProcessHasNoAddressSpaceException:
                return true;
            case ProcessNotFoundException when !asked:
                return false;
            case ProcessNotFoundException:
                throw failure;
            default:
                criteria.MemoryUnreadable?.Invoke(failure);
                return true;
        }
    }

    private ProcessInfo? Unreadable(int errno, int processId, string path, bool asked)
    {
        var failure = _proc.Failure(errno, processId, path);
        return asked || failure is not (ProcessNotFoundException or ProcessAccessDeniedException) ? throw failure : null;
    }

    /// <summary>One thread row (task/TID/stat and status: name, state, times and credentials are per thread); null when it exited.</summary>
    private ProcessInfo? ReadThread(int processId, int threadId, ProcessCriteria criteria)
    {
        string task = _proc.PathOf(processId, "task/") + threadId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (ReadStat(task + "/stat", processId, out var stat, out string name) != 0
            || ReadStatus(task + "/status", processId, out var status) != 0)
        {
            return null;
        }

        var thread = Build(processId, threadId, stat, name, status);
        if (criteria.ReadsMore)
        {
            ReadAskedFor(thread, task + "/", processId, criteria);
        }

        return thread;
    }

    /// <summary>
    /// What costs a file or a link beyond stat and status, each only when asked for; <paramref name="directory"/>
    /// is /proc/PID/ or /proc/PID/task/TID/. Whatever cannot be read (a kernel thread has no exe, another
    /// user's links need ptrace access, the task exited meanwhile) stays null.
    /// </summary>
    private void ReadAskedFor(ProcessInfo info, string directory, int processId, ProcessCriteria criteria)
    {
        if (criteria.IncludeWaitChannel)
        {
            info.WaitChannel = ReadWaitChannel(directory + "wchan", processId);
        }

        if (criteria.IncludeExecutable && ReadLink(directory + "exe") is var (executable, deleted))
        {
            info.Executable = executable;
            info.ExecutableDeleted = deleted;
        }

        if (criteria.IncludeDirectory)
        {
            info.CurrentDirectory = ReadLink(directory + "cwd")?.Path;
            info.RootDirectory = ReadLink(directory + "root")?.Path;
        }

        if (criteria.IncludeControlGroup && _proc.TryReadRecord(directory + "cgroup", processId, out var cgroup, out _))
        {
            _cgroupLayout ??= ControlGroupFile.Detect();
            info.ControlGroup = ControlGroupFile.Parse(cgroup, _cgroupLayout.Value);
            info.Unit = ControlGroupFile.UnitOf(info.ControlGroup);
        }

        if (criteria.IncludeOpenFileCount)
        {
            info.OpenFileCount = ProcFs.TryCountEntries(directory + "fd");
        }

        if (criteria.IncludeDeletedFiles)
        {
            info.DeletedFiles = ReadDeletedFiles(directory + "maps", processId);
        }
    }

    // The maps lines of deleted files only become regions (VmRegionFilter.DeletedFiles); null when the maps
    // cannot be read (another user's process without ptrace access, or it exited meanwhile).
    private string[]? ReadDeletedFiles(string path, int processId)
    {
        try
        {
            var files = new List<string>();
            var lines = _proc.OpenLines(path, processId);
            foreach (var region in MapsReader.Parse(lines, processId, VmRegionFilter.DeletedFiles, CancellationToken.None))
            {
                if (!files.Contains(region.Path!))
                {
                    files.Add(region.Path!);
                }
            }

            return files.ToArray();
        }
        catch (ProcMapException)
        {
            return null;
        }
    }

    // A link's target and whether the kernel marked it " (deleted)"; null when it cannot be read.
    private (string Path, bool Deleted)? ReadLink(string path)
    {
        if (!_proc.TryReadLink(path, out var target, out _))
        {
            return null;
        }

        var name = KernelText.WithoutDeletedSuffix(target, out bool deleted);
        return (_paths.Get(name), deleted);
    }

    /// <summary>The wait channel; null when the task runs, the reader may not see it, or the kernel has no wchan file (no CONFIG_KALLSYMS).</summary>
    private string? ReadWaitChannel(string path, int processId) =>
        _proc.TryReadRecord(path, processId, out var text, out _) ? WchanFile.Parse(text, _wchans) : null;

    /// <summary>Reads and parses a stat file; 0, or the errno that made it unreadable.</summary>
    private int ReadStat(string path, int processId, out StatFields stat, out string name)
    {
        stat = default;
        name = "";
        if (!_proc.TryReadRecord(path, processId, out var text, out int errno))
        {
            return errno;
        }

        if (!StatFile.TryParse(text, out stat))
        {
            throw new ProcReadException(path, Messages.UnexpectedFormat(1, StatLayout));
        }

        name = _comms.Get(StatFile.Comm(text, stat));
        return 0;
    }

    private int ReadStatus(string path, int processId, out StatusFields status)
    {
        status = default;
        if (!_proc.TryReadRecord(path, processId, out var text, out int errno))
        {
            return errno;
        }

        if (!StatusFile.TryParse(text, out status))
        {
            throw new ProcReadException(path, Messages.UnexpectedFormat(1, StatusLayout));
        }

        return 0;
    }

    private ProcessInfo Build(int processId, int? threadId, in StatFields stat, string name, in StatusFields status)
    {
        ulong? tty = stat.TtyNumber == 0 ? null : (uint)stat.TtyNumber;
        return new ProcessInfo
        {
            ProcessId = processId,
            ThreadId = threadId,
            ParentProcessId = stat.ParentProcessId,
            ProcessGroupId = stat.ProcessGroupId,
            SessionId = stat.SessionId,
            TerminalProcessGroupId = stat.TerminalProcessGroupId > 0 ? stat.TerminalProcessGroupId : null,
            TtyDevice = tty,
            TtyName = tty is ulong device ? _ttys.NameOf(device) : null,
            UserId = status.UserId,
            RealUserId = status.RealUserId,
            SavedUserId = status.SavedUserId,
            GroupId = status.GroupId,
            RealGroupId = status.RealGroupId,
            UserName = _users.NameOf(status.UserId),
            RealUserName = _users.NameOf(status.RealUserId),
            Name = name,
            State = ProcessStates.FromLinux(stat.State),
            Nice = (int)stat.Nice,
            Priority = (int)stat.Priority,
            ThreadCount = (int)stat.ThreadCount,
            VirtualSize = stat.VirtualSize,
            ResidentSize = status.ResidentKilobytes is ulong kilobytes ? kilobytes * 1024
                : stat.ResidentPages > 0 ? (ulong)stat.ResidentPages * _pageSize : 0,
            StartTime = StartTimeOf(stat.StartTicks),
            UserCpuTime = Duration(stat.UserTicks),
            SystemCpuTime = Duration(stat.SystemTicks),
            Processor = stat.Processor,
            LockedBytes = status.LockedKilobytes * 1024,
            PendingSignals = status.PendingSignals,
            BlockedSignals = status.BlockedSignals,
            IgnoredSignals = status.IgnoredSignals,
            CaughtSignals = status.CaughtSignals,
            NamespacePid = status.NamespacePid,
            SavedGroupId = status.SavedGroupId,
            SupplementaryGroupIds = status.SupplementaryGroupIds,
            SchedulingPolicy = stat.Policy >= 0 ? (SchedulingPolicy)stat.Policy : null,
            RealtimePriority = stat.RealtimePriority >= 0 ? stat.RealtimePriority : null,
            VoluntaryContextSwitches = status.VoluntaryContextSwitches,
            InvoluntaryContextSwitches = status.InvoluntaryContextSwitches,
            Affinity = status.Affinity,
        };
    }

    private TimeSpan? Duration(ulong ticks) =>
        _ticksPerSecond > 0 ? TimeSpan.FromTicks((long)((UInt128)ticks * TimeSpan.TicksPerSecond / (ulong)_ticksPerSecond)) : null;

    private DateTime? StartTimeOf(ulong ticksSinceBoot)
    {
        if (!_bootTimeRead)
        {
            _bootTime = BootTime.Read(_proc);
            _bootTimeRead = true;
        }

        if (_bootTime is not long boot || Duration(ticksSinceBoot) is not TimeSpan sinceBoot)
        {
            return null;
        }

        return DateTime.UnixEpoch.AddSeconds(boot).Add(sinceBoot).ToLocalTime();
    }
}
