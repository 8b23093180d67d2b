using System;
using System.Collections.Specialized;

namespace ProcMap.Text;

/// <summary>
/// An environment block ("NAME=value" strings, each ending in NUL) as every source hands it out: Linux
/// /proc/PID/environ, FreeBSD KERN_PROC_ENV, the envp strings on a core's stack. One parser, so all
/// sources give the same dictionary for the same bytes.
/// </summary>
internal static class EnvironmentStrings
{
    /// <summary>
    /// The variables in order, names compared ordinally (case-sensitive, as the kernel and libc compare them).
    /// When a name repeats the first one wins, as getenv(3) finds it. A string without '=' is kept with a
    /// null value (no getenv finds it, but it is there); an empty string is padding and skipped.
    /// </summary>
    public static OrderedDictionary Parse(ReadOnlySpan<byte> data, bool complete, int maxChars, out bool truncated)
    {
        var strings = NulStrings.Limit(data, complete, maxChars);
        truncated = strings.Truncated;
        var environment = new OrderedDictionary(strings.Count, StringComparer.Ordinal);
        foreach (var entry in strings)
        {
            if (entry.Length == 0)
            {
                continue;
            }

            int equals = entry.IndexOf((byte)'=');
            string name = KernelText.Decode(equals < 0 ? entry : entry[..equals]);
            if (!environment.Contains(name))
            {
                environment.Add(name, equals < 0 ? null : KernelText.Decode(entry[(equals + 1)..]));
            }
        }

        return environment;
    }
}
