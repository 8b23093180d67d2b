using System;
using System.Collections.Generic;

namespace ProcMap.Linux;

/// <summary>
/// A ProcessSelector as the lister tests it: its sets as hash sets, split by the file that answers them
/// (stat settles group, session, terminal and name; status the users), so status is read only when needed.
/// </summary>
internal sealed class ProcessCriteria
{
    private readonly HashSet<int>? _groups;
    private readonly HashSet<int>? _sessions;
    private readonly HashSet<ulong>? _ttys;
    private readonly HashSet<uint>? _users;
    private readonly HashSet<uint>? _realUsers;
    private readonly Func<string, bool>? _name;

    public ProcessCriteria(ProcessSelector selector)
    {
        _groups = Set(selector.ProcessGroupIds);
        _sessions = Set(selector.SessionIds);
        _ttys = Set(selector.TtyDevices);
        _users = Set(selector.UserIds);
        _realUsers = Set(selector.RealUserIds);
        _name = selector.NameFilter;
        IncludeThreads = selector.IncludeThreads;
        IncludeWaitChannel = selector.IncludeWaitChannel;
        IncludeExecutable = selector.IncludeExecutable;
        IncludeDirectory = selector.IncludeDirectory;
        IncludeControlGroup = selector.IncludeControlGroup;
        IncludeOpenFileCount = selector.IncludeOpenFileCount;
        IncludeDeletedFiles = selector.IncludeDeletedFiles;
        IncludeMemory = selector.IncludeMemory;
        MemoryUnreadable = selector.MemoryUnreadable;
        ReadFailed = selector.ReadFailed;
        SelectsNothing = selector.SelectsNothing;
    }

    /// <summary>True when a criterion has an empty set (every value given was unknown): no process can match.</summary>
    public bool SelectsNothing { get; }

    public Action<ProcMapException>? ReadFailed { get; }

    public bool IncludeThreads { get; }

    public bool IncludeWaitChannel { get; }

    public bool IncludeExecutable { get; }

    public bool IncludeDirectory { get; }

    public bool IncludeControlGroup { get; }

    public bool IncludeOpenFileCount { get; }

    public bool IncludeDeletedFiles { get; }

    /// <summary>True when anything beyond stat and status is asked for.</summary>
    public bool ReadsMore => IncludeWaitChannel || IncludeExecutable || IncludeDirectory || IncludeControlGroup || IncludeOpenFileCount || IncludeDeletedFiles;

    public bool IncludeMemory { get; }

    public Action<ProcMapException>? MemoryUnreadable { get; }

    public bool MatchesStat(in StatFields stat, string name) =>
        (_groups is null || _groups.Contains(stat.ProcessGroupId))
        && (_sessions is null || _sessions.Contains(stat.SessionId))
        && (_ttys is null || (stat.TtyNumber != 0 && _ttys.Contains((uint)stat.TtyNumber)))
        && (_name is null || _name(name));

    public bool MatchesStatus(in StatusFields status) =>
        (_users is null || _users.Contains(status.UserId))
        && (_realUsers is null || _realUsers.Contains(status.RealUserId));

    private static HashSet<T>? Set<T>(IReadOnlyCollection<T>? values) => values is null ? null : new HashSet<T>(values);
}
