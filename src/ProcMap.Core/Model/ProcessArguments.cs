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

    /// <summary>
    /// Sets <see cref="Arguments"/>, <see cref="CommandLine"/> and <see cref="Truncated"/> from a vector
    /// of NUL-terminated strings under kvm's nchr rule: the one way every source fills them.
    /// </summary>
    internal void SetArguments(ReadOnlySpan<byte> strings, int maxChars)
    {
        var argv = Text.NulStrings.Limit(strings, complete: true, maxChars);
        Arguments = argv.ToStrings();
        CommandLine = Text.ShellQuoting.Join(Arguments);
        Truncated = argv.Truncated;
    }

    /// <summary>Sets <see cref="Environment"/> from NUL-terminated NAME=value strings, under the same rule.</summary>
    internal void SetEnvironment(ReadOnlySpan<byte> strings, int maxChars)
    {
        Environment = Text.EnvironmentStrings.Parse(strings, complete: true, maxChars, out bool cut);
        Truncated |= cut;
    }
}
