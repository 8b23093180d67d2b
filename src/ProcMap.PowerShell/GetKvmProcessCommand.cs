using System;
using System.Collections.Generic;
using System.Management.Automation;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// <para type="synopsis">Lists processes, or their threads, selected like FreeBSD's kvm_getprocs(3).</para>
/// <para type="description">Get-KvmProcess answers what ps answers, with one ProcMap.ProcessInfo object per process:
/// ids, parent, process group, session, controlling terminal, real/effective/saved user and group ids and
/// names, command name, state, nice, priority, threads, virtual and resident size, start time and CPU times.
/// Without selectors it lists every process, kernel threads and zombies included (KERN_PROC_PROC). The
/// selectors map to the kvm ops and AND together: -Id (PID), -ProcessGroupId (PGRP), -SessionId (SESSION),
/// -Tty (TTY), -User/-UserId (UID, effective), -RealUser/-RealUserId (RUID), -Name (a wildcard on the command
/// name). -IncludeThreads (INC_THREAD) writes one row per thread of each selected process instead;
/// -IncludeWaitChannel also reads where each one sleeps in the kernel; -IncludeMemory adds what each process
/// really costs (Pss, Uss, Swap and more, from /proc/PID/smaps_rollup) and shows smem's table;
/// -IncludeExecutable, -IncludeDirectory, -IncludeControlGroup, -IncludeOpenFileCount and -IncludeDeletedFiles
/// read the executable, the current and root directories, the control group and systemd unit, the number of
/// open files and the unlinked files mapped, each one more file or link a process.
/// Rows come in process id order, then thread id order. A process that exits while it is read is skipped.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KvmProcess", DefaultParameterSetName = ListSet, HelpUri = HelpPages + "Get-KvmProcess.md")]
[OutputType(typeof(ProcessInfo))]
public sealed class GetKvmProcessCommand : ProcessOrCoreCommand
{
    /// <summary>The type name that selects the thread table view for -IncludeThreads output.</summary>
    internal const string ThreadTypeName = "ProcMap.ProcessInfo#Thread";

    /// <summary>The type name that selects the memory (smem) table view for -IncludeMemory output.</summary>
    internal const string MemoryTypeName = "ProcMap.ProcessInfo#Memory";

    private const string ListSet = "List";

    private bool _prepared;
    private IReadOnlyCollection<uint>? _userIds;
    private IReadOnlyCollection<uint>? _realUserIds;
    private IReadOnlyCollection<ulong>? _ttyDevices;
    private UnreadableTally? _unmeasured;

    /// <summary>Gets or sets the process groups to select (KERN_PROC_PGRP); kernel threads are in group 0.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(0, int.MaxValue)]
    public int[]? ProcessGroupId { get; set; }

    /// <summary>Gets or sets the sessions to select (KERN_PROC_SESSION); kernel threads are in session 0.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(0, int.MaxValue)]
    public int[]? SessionId { get; set; }

    /// <summary>Gets or sets the controlling terminals to select (KERN_PROC_TTY): pts/3, /dev/pts/3, tty1, or a TtyDevice number.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TtyCompleter))]
    public string[]? Tty { get; set; }

    /// <summary>Gets or sets the effective users to select (KERN_PROC_UID), by name or number.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string[]? User { get; set; }

    /// <summary>Gets or sets the effective user ids to select (KERN_PROC_UID); adds to -User.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public uint[]? UserId { get; set; }

    /// <summary>Gets or sets the real users to select (KERN_PROC_RUID), by name or number.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string[]? RealUser { get; set; }

    /// <summary>Gets or sets the real user ids to select (KERN_PROC_RUID); adds to -RealUser.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public uint[]? RealUserId { get; set; }

    /// <summary>Gets or sets whether to write one row per thread (KERN_PROC_INC_THREAD) instead of one per process.</summary>
    [Parameter]
    public SwitchParameter IncludeThreads { get; set; }

    /// <summary>
    /// Gets or sets whether to fill WaitChannel, the kernel function each task sleeps in (/proc/PID/wchan):
    /// one more file per process, so it is asked for, like Get-Process -IncludeUserName.
    /// </summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter IncludeWaitChannel { get; set; }

    /// <summary>
    /// Gets or sets whether to fill Pss, PssAnonymous, PssFile, PssShmem, PssDirty, Uss, Swap, SwapPss and Locked
    /// from /proc/PID/smaps_rollup: one read per process, in which the kernel walks its page tables, so it is
    /// asked for. Processes whose memory this user may not read keep their rows, without the figures, and one
    /// warning says how many there were.
    /// </summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter IncludeMemory { get; set; }

    /// <summary>Writes the one warning about the processes -IncludeMemory could not measure.</summary>
    protected override void EndProcessing()
    {
        base.EndProcessing();
        if (_unmeasured?.Warning() is string warning)
        {
            WriteWarning(warning);
        }
    }

    /// <summary>Gets or sets whether to fill Executable and ExecutableDeleted (/proc/PID/exe: one readlink a process).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter IncludeExecutable { get; set; }

    /// <summary>Gets or sets whether to fill CurrentDirectory and RootDirectory (/proc/PID/cwd and root: two readlinks a process).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter IncludeDirectory { get; set; }

    /// <summary>Gets or sets whether to fill ControlGroup and Unit (/proc/PID/cgroup: one more file a process).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter IncludeControlGroup { get; set; }

    /// <summary>Gets or sets whether to fill OpenFileCount (a listing of /proc/PID/fd a process).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter IncludeOpenFileCount { get; set; }

    /// <summary>Gets or sets whether to fill DeletedFiles, the unlinked files each process maps (a read of /proc/PID/maps a process).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter IncludeDeletedFiles { get; set; }

    /// <summary>Every process the other selectors select (KERN_PROC_PROC when there are none).</summary>
    protected override void ProcessOther()
    {
        if (ReadingCoreFiles)
        {
            base.ProcessOther();
            return;
        }

        RunForItem(() => Write(Live, null));
    }

    /// <summary>Each id in id order, once, so a missing one gives its own error and rows come as ps sorts them.</summary>
    protected override void ProcessIds(ProcessSource source, IReadOnlyList<int> processIds)
    {
        var ids = new List<int>(processIds);
        ids.Sort();
        for (int i = 0; i < ids.Count; i++)
        {
            if (i == 0 || ids[i] != ids[i - 1])
            {
                int processId = ids[i];
                RunForItem(() => ProcessOne(source, processId));
            }
        }
    }

    /// <summary>One listing that tests the name with the other selectors, rather than a read per match.</summary>
    private protected override void ProcessNamed(ProcessSource source, ProcessNamePatterns patterns) => Write(source, null);

    /// <inheritdoc/>
    protected override void ProcessOne(ProcessSource source, int processId) => Write(source, new[] { processId });

    private void Write(ProcessSource source, IReadOnlyCollection<int>? processIds)
    {
        PrepareSelection(source);
        var patterns = NamePatterns;
        var selector = new ProcessSelector
        {
            ProcessIds = processIds,
            ProcessGroupIds = ProcessGroupId,
            SessionIds = SessionId,
            TtyDevices = _ttyDevices,
            UserIds = _userIds,
            RealUserIds = _realUserIds,
            NameFilter = patterns is null ? null : patterns.Matches,
            IncludeThreads = IncludeThreads.IsPresent,
            IncludeWaitChannel = IncludeWaitChannel.IsPresent,
            IncludeExecutable = IncludeExecutable.IsPresent,
            IncludeDirectory = IncludeDirectory.IsPresent,
            IncludeControlGroup = IncludeControlGroup.IsPresent,
            IncludeOpenFileCount = IncludeOpenFileCount.IsPresent,
            IncludeDeletedFiles = IncludeDeletedFiles.IsPresent,
            IncludeMemory = IncludeMemory.IsPresent,
            MemoryUnreadable = IncludeMemory ? (_unmeasured ??= new UnreadableTally()).Add : null,
            ReadFailed = WriteError,
        };
        foreach (var process in source.ReadProcesses(selector, StopToken))
        {
            // A thread row carries the thread's name; the process's name is its main thread's (TID = PID).
            if (process.ThreadId is not int threadId || threadId == process.ProcessId)
            {
                patterns?.Saw(process.Name);
            }

            string? view = IncludeThreads ? ThreadTypeName : IncludeMemory ? MemoryTypeName : null;
            if (view is null)
            {
                WriteObject(process);
                continue;
            }

            var wrapped = PSObject.AsPSObject(process);
            wrapped.TypeNames.Insert(0, view);
            WriteObject(wrapped);
        }
    }

    /// <summary>
    /// Turns user and terminal names into ids, once per call, through the first source read (a core source
    /// asks the live system, since a core records only numbers). As Get-Process treats names that match
    /// nothing, each name that names nothing is one non-terminating UnknownUser or UnknownTty error; the
    /// known ones still select, and a selector whose names were all unknown selects nothing.
    /// </summary>
    private void PrepareSelection(ProcessSource source)
    {
        if (_prepared)
        {
            return;
        }

        _prepared = true;
        _userIds = Resolve(User, UserId, source.ResolveUser);
        _realUserIds = Resolve(RealUser, RealUserId, source.ResolveUser);
        _ttyDevices = Resolve<ulong>(Tty, null, source.ResolveTty);
    }

    /// <summary>The union of the names (resolved by <paramref name="resolve"/>) and the numbers; null when neither was given.</summary>
    private HashSet<T>? Resolve<T>(string[]? names, T[]? numbers, Func<string, T> resolve)
    {
        if (names is null && numbers is null)
        {
            return null;
        }

        var set = new HashSet<T>();
        foreach (string name in names ?? Array.Empty<string>())
        {
            try
            {
                set.Add(resolve(name));
            }
            catch (ProcMapArgumentException unknown)
            {
                WriteError(unknown);
            }
        }

        foreach (T number in numbers ?? Array.Empty<T>())
        {
            set.Add(number);
        }

        return set;
    }
}
