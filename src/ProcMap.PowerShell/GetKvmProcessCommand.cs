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
/// -IncludeWaitChannel also reads where each one sleeps in the kernel.
/// Rows come in process id order, then thread id order. A process that exits while it is read is skipped.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KvmProcess", DefaultParameterSetName = LiveSet)]
[OutputType(typeof(ProcessInfo))]
public sealed class GetKvmProcessCommand : ProcMapCommand
{
    /// <summary>The type name that selects the thread table view for -IncludeThreads output.</summary>
    internal const string ThreadTypeName = "ProcMap.ProcessInfo#Thread";

    private const string LiveSet = "Live";

    private bool _prepared;
    private IReadOnlyCollection<uint>? _userIds;
    private IReadOnlyCollection<uint>? _realUserIds;
    private IReadOnlyCollection<ulong>? _ttyDevices;
    private List<WildcardPattern>? _patterns;
    private List<(string Name, WildcardPattern Pattern)>? _unmatchedLiterals;

    /// <summary>Gets or sets command names (comm, as ps -C matches them) to select; wildcards are allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProcessNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Gets or sets the process ids to select (KERN_PROC_PID); binds Id, ProcessId or PID from the pipeline.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ProcessId", "PID")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProcessIdCompleter))]
    public int[]? Id { get; set; }

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
    [Parameter(ParameterSetName = LiveSet)]
    public SwitchParameter IncludeWaitChannel { get; set; }

    /// <summary>Gets or sets the ELF core files to read instead of the live system (binds FullName from Get-ChildItem).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CoreFileInput.ParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias(CoreFileInput.FullNameAlias)]
    [ValidateNotNullOrEmpty]
    public string[] CorePath { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Turns user names and terminal names into ids (through the live system's user database and /dev,
    /// also for core files, which record only numbers). A name that does not exist makes the whole call
    /// wrong, not one item, so it stops the call before anything is written (as ps exits). Done on the
    /// first record rather than in BeginProcessing, so a call that reads piped core files on a system
    /// without a live source still works when it names no users or terminals.
    /// </summary>
    private void PrepareSelection()
    {
        if (_prepared)
        {
            return;
        }

        _prepared = true;
        try
        {
            // Lambdas, so the live source is opened only when a name needs looking up.
            _userIds = Resolve(User, UserId, name => Live.ResolveUser(name));
            _realUserIds = Resolve(RealUser, RealUserId, name => Live.ResolveUser(name));
            _ttyDevices = Resolve<ulong>(Tty, null, name => Live.ResolveTty(name));
        }
        catch (ProcMapException exception)
        {
            ThrowTerminating(exception);
        }

        if (Name is not null)
        {
            _patterns = new List<WildcardPattern>(Name.Length);
            _unmatchedLiterals = new List<(string, WildcardPattern)>();
            foreach (string name in Name)
            {
                var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                RequireValid(pattern, name);
                _patterns.Add(pattern);
                if (!WildcardPattern.ContainsWildcardCharacters(name)
                    && !_unmatchedLiterals.Exists(literal => string.Equals(literal.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    _unmatchedLiterals.Add((name, pattern));
                }
            }
        }
    }

    /// <summary>
    /// Stops the call when <paramref name="name"/> is no wildcard pattern (an unclosed '['): WildcardPattern
    /// parses on first use, so without this the first process's name would raise a raw
    /// WildcardPatternException mid-listing. As with an unknown user, the call as asked cannot be answered.
    /// </summary>
    private void RequireValid(WildcardPattern pattern, string name)
    {
        try
        {
            _ = pattern.IsMatch(string.Empty);
        }
        catch (WildcardPatternException)
        {
            ThrowTerminating(new ProcMapArgumentException(ErrorIds.InvalidNamePattern, Messages.InvalidNamePattern(name), name));
        }
    }

    /// <summary>
    /// Lists everything selected, or, with -Id, each id in turn so a missing one gives its own error.
    /// With -CorePath the one process (or its threads) recorded in each core file, under the same selectors.
    /// </summary>
    protected override void ProcessRecord()
    {
        PrepareSelection();
        if (ParameterSetName == CoreFileInput.ParameterSet)
        {
            RunForCoreFiles(CorePath, core => Write(core, Selector(Id)));
            return;
        }

        if (Id is null)
        {
            RunForItem(() => Write(Live, Selector(null)));
            return;
        }

        int[] ids = (int[])Id.Clone();
        Array.Sort(ids);
        for (int i = 0; i < ids.Length; i++)
        {
            if (i > 0 && ids[i] == ids[i - 1])
            {
                continue;
            }

            int[] one = { ids[i] };
            RunForItem(() => Write(Live, Selector(one)));
        }
    }

    /// <summary>A -Name without wildcards that matched nothing is an error, as in Get-Process.</summary>
    protected override void EndProcessing()
    {
        if (_unmatchedLiterals is null)
        {
            return;
        }

        foreach (var (name, _) in _unmatchedLiterals)
        {
            WriteError(ErrorRecords.From(new ProcessNameNotFoundException(name)));
        }
    }

    private void Write(ProcessSource source, ProcessSelector selector)
    {
        foreach (var process in source.ReadProcesses(selector, StopToken))
        {
            NoteMatch(process);
            if (IncludeThreads)
            {
                var wrapped = PSObject.AsPSObject(process);
                wrapped.TypeNames.Insert(0, ThreadTypeName);
                WriteObject(wrapped);
            }
            else
            {
                WriteObject(process);
            }
        }
    }

    private void NoteMatch(ProcessInfo process)
    {
        // A thread row carries the thread's name; the process's name is its main thread's (TID = PID).
        if (_unmatchedLiterals is null || _unmatchedLiterals.Count == 0
            || (process.ThreadId is int threadId && threadId != process.ProcessId))
        {
            return;
        }

        _unmatchedLiterals.RemoveAll(literal => literal.Pattern.IsMatch(process.Name));
    }

    private ProcessSelector Selector(IReadOnlyCollection<int>? processIds) => new()
    {
        ProcessIds = processIds,
        ProcessGroupIds = ProcessGroupId,
        SessionIds = SessionId,
        TtyDevices = _ttyDevices,
        UserIds = _userIds,
        RealUserIds = _realUserIds,
        NameFilter = _patterns is null ? null : MatchesName,
        IncludeThreads = IncludeThreads.IsPresent,
        IncludeWaitChannel = IncludeWaitChannel.IsPresent,
    };

    private bool MatchesName(string name)
    {
        foreach (var pattern in _patterns!)
        {
            if (pattern.IsMatch(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The union of the names (resolved by <paramref name="resolve"/>) and the numbers; null when neither was given.</summary>
    private static HashSet<T>? Resolve<T>(string[]? names, T[]? numbers, Func<string, T> resolve)
    {
        if (names is null && numbers is null)
        {
            return null;
        }

        var set = new HashSet<T>();
        foreach (string name in names ?? Array.Empty<string>())
        {
            set.Add(resolve(name));
        }

        foreach (T number in numbers ?? Array.Empty<T>())
        {
            set.Add(number);
        }

        return set;
    }
}
