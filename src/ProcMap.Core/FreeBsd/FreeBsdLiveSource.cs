using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.Versioning;
using System.Threading;
using ProcMap.Sources;
using ProcMap.Text;

namespace ProcMap.FreeBsd;

/// <summary>
/// The live FreeBSD system, read through sysctl kern.proc.* as libkvm and libutil do on a running
/// kernel: KERN_PROC_VMMAP for kinfo_getvmmap(3), the KERN_PROC ops for kvm_getprocs(3), KERN_PROC_ARGS
/// and KERN_PROC_ENV for kvm_getargv(3)/kvm_getenvv(3). One instance per cmdlet call; it caches user
/// and terminal names for that call.
/// </summary>
public sealed class FreeBsdLiveSource : ProcessSource
{
    // sys/sys/sysctl.h
    private const int CtlKern = 1;
    private const int KernProc = 14;
    private const int OpPid = 1;
    private const int OpPgrp = 2;
    private const int OpSession = 3;
    private const int OpTty = 4;
    private const int OpUid = 5;
    private const int OpRuid = 6;
    private const int OpArgs = 7;
    private const int OpProc = 8;
    private const int IncludeThreadsFlag = 0x10;
    private const int OpVmMap = 32;
    private const int OpEnv = 35;

    private readonly IFreeBsdKernel _kernel;
    private readonly Dictionary<ulong, string?> _ttyNames = new();
    private readonly Dictionary<uint, string?> _userNames = new();

    /// <summary>Creates the source over the running FreeBSD kernel.</summary>
    [SupportedOSPlatform("freebsd")]
    public FreeBsdLiveSource()
        : this(new SysctlKernel())
    {
    }

    /// <summary>Creates the source over <paramref name="kernel"/> (byte fixtures in tests).</summary>
    internal FreeBsdLiveSource(IFreeBsdKernel kernel)
    {
        _kernel = kernel;
    }

    /// <inheritdoc/>
    public override string Description => "live FreeBSD";

    /// <inheritdoc/>
    /// <remarks>FreeBSD reports resident pages for every entry, so <paramref name="detailed"/> changes nothing here.</remarks>
    protected override IEnumerable<VmRegion> ReadVmMapCore(int processId, bool detailed, VmRegionFilter? filter, CancellationToken cancellationToken)
    {
        string source = SysctlName("vmmap", processId);
        byte[] records = ReadFor(processId, source, CtlKern, KernProc, OpVmMap, processId);
        return Kept(KinfoVmentryDecoder.Decode(records, processId, source, cancellationToken), filter);
    }

    /// <inheritdoc/>
    protected override IEnumerable<ProcessInfo> ReadProcessesCore(ProcessSelector selector, CancellationToken cancellationToken)
    {
        if (selector.SelectsNothing)
        {
            return Array.Empty<ProcessInfo>();
        }

        if (selector.ProcessIds is { } ids)
        {
            return ReadByIds(Distinct(ids), selector, cancellationToken);
        }

        var (op, values) = ChooseOp(selector);
        return ReadByOp(op, values, selector, cancellationToken);
    }

    /// <summary>kinfo_proc's ki_size, the vmspace's size in bytes (ps's VSZ): one KERN_PROC_PID record. Null when it cannot be read.</summary>
    protected override ulong? MappedBytesCore(int processId)
    {
        try
        {
            foreach (var process in ReadProcessesCore(new ProcessSelector { ProcessIds = new[] { processId } }, CancellationToken.None))
            {
                return process.VirtualSize;
            }
        }
        catch (ProcMapException)
        {
        }

        return null;
    }

    /// <summary>FreeBSD gives user space no virtual-to-physical map (nothing like Linux's pagemap).</summary>
    protected override IEnumerable<PhysicalRegion> ReadPhysicalRegionsCore(int processId, ulong startAddress, ulong endAddress, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        throw new SourceNotSupportedException(Messages.FreeBsdHasNoPhysicalMap());

    /// <summary>FreeBSD gives user space no virtual-to-physical map (nothing like Linux's pagemap).</summary>
    protected override PhysicalRegion? ReadPhysicalRegionAtCore(int processId, ulong address, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        throw new SourceNotSupportedException(Messages.FreeBsdHasNoPhysicalMap());

    /// <inheritdoc/>
    protected override bool TryFindUser(string name, out uint userId) => _kernel.TryFindUser(name, out userId);

    /// <summary>
    /// A terminal as FreeBSD names it under /dev ("pts/3", "ttyv0", or a full path): the character device's
    /// st_rdev, which is the dev_t ki_tdev holds and devname(3) turns back into that name.
    /// </summary>
    protected override bool TryFindTty(string name, out ulong device) =>
        _kernel.TryFindCharacterDevice(name.StartsWith('/') ? name : "/dev/" + name, out device);

    /// <inheritdoc/>
    protected override ArgumentsReading ReadArgumentsCore(int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int limit = maxChars;

        // The kinfo_proc first: it gives ki_comm, and ESRCH here is the clearest "no such process".
        string procSource = SysctlName("pid", processId);
        byte[] proc = ReadFor(processId, procSource, CtlKern, KernProc, OpPid, processId);
        string? name = null;
        foreach (var process in KinfoProcDecoder.Decode(proc, threadRows: false, _kernel.PageSize, procSource, cancellationToken))
        {
            if (process.ProcessId == processId)
            {
                name = process.Name;
                break;
            }
        }

        if (name is null)
        {
            throw new ProcessNotFoundException(processId);
        }

        // KERN_PROC_ARGS needs only visibility (p_cansee): the kernel's cached p_args, or argv read from
        // the process. It is empty for kernel processes and zombies. FreeBSD gives no sign of a retitled
        // process (setproctitle replaces p_args wholesale), so Retitled stays false.
        string argsSource = SysctlName("args", processId);
        byte[] args = ReadFor(processId, argsSource, CtlKern, KernProc, OpArgs, processId);
        var result = new ProcessArguments
        {
            ProcessId = processId,
            Name = name,
        };
        result.SetArguments(args, limit);

        ProcMapException? environmentError = null;
        if (includeEnvironment)
        {
            // KERN_PROC_ENV needs debug rights (PGET_WANTREAD); a refusal still leaves the arguments.
            string envSource = SysctlName("env", processId);
            int errno = _kernel.TryRead(new[] { CtlKern, KernProc, OpEnv, processId }, out byte[] environment);
            if (errno == 0)
            {
                result.SetEnvironment(environment, limit);
            }
            else
            {
                environmentError = Failure(errno, processId, envSource);
                if (environmentError is ProcessNotFoundException)
                {
                    throw environmentError;
                }
            }
        }

        return new ArgumentsReading(result, environmentError);
    }

    private IEnumerable<ProcessInfo> ReadByIds(List<int> ids, ProcessSelector selector, CancellationToken cancellationToken)
    {
        int op = OpPid | (selector.IncludeThreads ? IncludeThreadsFlag : 0);
        foreach (int id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string source = SysctlName(selector.IncludeThreads ? "pid_td" : "pid", id);
            byte[] records = ReadFor(id, source, CtlKern, KernProc, op, id);
            bool found = false;
            foreach (var process in KinfoProcDecoder.Decode(records, selector.IncludeThreads, _kernel.PageSize, source, cancellationToken))
            {
                // pget() also finds a process by one of its thread ids; that process is not the one asked for.
                if (process.ProcessId != id)
                {
                    continue;
                }

                found = true;
                if (selector.Matches(process))
                {
                    yield return Complete(process);
                }
            }

            if (!found)
            {
                throw new ProcessNotFoundException(id);
            }
        }
    }

    private IEnumerable<ProcessInfo> ReadByOp(Op op, List<int>? values, ProcessSelector selector, CancellationToken cancellationToken)
    {
        int number = op.Number | (selector.IncludeThreads ? IncludeThreadsFlag : 0);
        string name = selector.IncludeThreads ? op.Name + "_td" : op.Name;
        if (values is null)
        {
            // KERN_PROC_PROC takes no argument: the mib is three numbers long.
            foreach (var process in Query(new[] { CtlKern, KernProc, number }, "kern.proc." + name, selector, cancellationToken))
            {
                yield return process;
            }

            yield break;
        }

        // Every process has exactly one group, session, terminal and uid, so one query per value
        // never returns a process twice.
        foreach (int value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var process in Query(new[] { CtlKern, KernProc, number, value }, SysctlName(name, value), selector, cancellationToken))
            {
                yield return process;
            }
        }
    }

    private IEnumerable<ProcessInfo> Query(int[] mib, string source, ProcessSelector selector, CancellationToken cancellationToken)
    {
        int errno = _kernel.TryRead(mib, out byte[] records);
        if (errno != 0)
        {
            throw Errno.ForListing(errno, source);
        }

        foreach (var process in KinfoProcDecoder.Decode(records, selector.IncludeThreads, _kernel.PageSize, source, cancellationToken))
        {
            if (selector.Matches(process))
            {
                yield return Complete(process);
            }
        }
    }

    /// <summary>
    /// The kernel op for a selector: the set criterion with the fewest values, one query per value, the
    /// rest filtered here (ProcessSelector.Matches); KERN_PROC_PROC when nothing narrows the list.
    /// KERN_PROC_TTY takes the device in an int that the kernel sign-extends to dev_t, so a terminal
    /// number above int.MaxValue is filtered here instead.
    /// </summary>
    private static (Op Op, List<int>? Values) ChooseOp(ProcessSelector selector)
    {
        (Op, List<int>?) best = (new Op(OpProc, "proc"), null);
        Consider(ref best, new Op(OpPgrp, "pgrp"), selector.ProcessGroupIds, v => v);
        Consider(ref best, new Op(OpSession, "sid"), selector.SessionIds, v => v);
        if (selector.TtyDevices is { } ttys && AllFitInt(ttys))
        {
            Consider(ref best, new Op(OpTty, "tty"), ttys, v => (int)v);
        }

        // uid_t is unsigned; the kernel casts the int back to uid_t, so the bits go through unchanged.
        Consider(ref best, new Op(OpUid, "uid"), selector.UserIds, v => unchecked((int)v));
        Consider(ref best, new Op(OpRuid, "ruid"), selector.RealUserIds, v => unchecked((int)v));
        return best;
    }

    private static void Consider<T>(ref (Op Op, List<int>? Values) best, Op op, IReadOnlyCollection<T>? wanted, Func<T, int> toArgument)
    {
        if (wanted is null || (best.Values is not null && best.Values.Count <= wanted.Count))
        {
            return;
        }

        var values = new List<int>(wanted.Count);
        foreach (var value in wanted)
        {
            values.Add(toArgument(value));
        }

        best = (op, Distinct(values));
    }

    private static bool AllFitInt(IReadOnlyCollection<ulong> values)
    {
        foreach (ulong value in values)
        {
            if (value > int.MaxValue)
            {
                return false;
            }
        }

        return true;
    }

    private static List<int> Distinct(IEnumerable<int> values)
    {
        var seen = new HashSet<int>();
        var ordered = new List<int>();
        foreach (int value in values)
        {
            if (seen.Add(value))
            {
                ordered.Add(value);
            }
        }

        return ordered;
    }

    /// <summary>Adds the names that need the system's databases, once per uid and terminal per call.</summary>
    private ProcessInfo Complete(ProcessInfo process)
    {
        process.UserName = UserNameOf(process.UserId);
        process.RealUserName = UserNameOf(process.RealUserId);

        if (process.TtyDevice is ulong tty)
        {
            if (!_ttyNames.TryGetValue(tty, out string? ttyName))
            {
                ttyName = _kernel.DeviceName(tty);
                _ttyNames[tty] = ttyName;
            }

            process.TtyName = ttyName;
        }

        return process;
    }

    private string? UserNameOf(uint? userId)
    {
        if (userId is not uint uid)
        {
            return null;
        }

        if (!_userNames.TryGetValue(uid, out string? name))
        {
            name = _kernel.UserName(uid);
            _userNames[uid] = name;
        }

        return name;
    }

    private byte[] ReadFor(int processId, string source, params int[] mib)
    {
        int errno = _kernel.TryRead(mib, out byte[] value);
        return errno == 0 ? value : throw Failure(errno, processId, source);
    }

    // sysctl answers ESRCH for a process that is not there (pget): FreeBSD has no /proc to ask, so ESRCH is
    // always "gone"; ENOENT is a sysctl this kernel lacks.
    private static ProcMapException Failure(int errno, int processId, string source) =>
        Errno.ForProcess(errno, processId, source, _ => errno == Interop.LibC.ESRCH);

    /// <summary>The name sysctl(8) gives the mib, for messages: kern.proc.vmmap.1234.</summary>
    private static string SysctlName(string node, int argument) =>
        "kern.proc." + node + "." + argument.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Op(int Number, string Name);
}
