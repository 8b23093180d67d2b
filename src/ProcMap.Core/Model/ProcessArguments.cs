using System;
using System.Collections.Specialized;

namespace ProcMap;

/// <summary>
/// The argument vector and, on request, the environment of one process, as kvm_getargv(3) and
/// kvm_getenvv(3) give them: /proc/PID/cmdline and environ on Linux, KERN_PROC_ARGS/ENV on FreeBSD,
/// the dumped stack (or pr_psargs) in a core file.
/// </summary>
public sealed class ProcessArguments
{
    /// <summary>The process the arguments belong to.</summary>
    public int ProcessId { get; internal set; }

    /// <summary>The command name (comm), which the process cannot rewrite the way it can rewrite argv.</summary>
    public string? Name { get; internal set; }

    /// <summary>The arguments, each whole: empty ones kept, no splitting on spaces. Empty for kernel threads and zombies.</summary>
    public string[] Arguments { get; internal set; } = Array.Empty<string>();

    /// <summary>One line a POSIX shell splits back into exactly Arguments (quoted only where needed).</summary>
    public string CommandLine { get; internal set; } = "";

    /// <summary>
    /// With -Environment: the variables in order, names case-sensitive, the first of a repeated name
    /// kept (as getenv(3) finds it); null when not asked for or not readable.
    /// </summary>
    public OrderedDictionary? Environment { get; internal set; }

    /// <summary>True when -MaxChars cut the arguments or the environment, or the source itself holds only a prefix (a core's pr_psargs).</summary>
    public bool Truncated { get; internal set; }

    /// <summary>True when the process rewrote its argument area (setproctitle): Arguments then holds the one string the kernel returns.</summary>
    public bool Retitled { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => CommandLine;
}
