using System;
using System.Collections.Generic;
using System.Collections.Specialized;

namespace ProcMap.Text;

/// <summary>
/// The string vectors the kernel hands out as NUL-terminated strings back to back: Linux
/// /proc/PID/cmdline and environ, FreeBSD KERN_PROC_ARGS and KERN_PROC_ENV. One rule for every source,
/// kvm_getargv(3)'s: with a limit of nchr, at most nchr bytes are used counting each string's NUL; the
/// string that overflows is cut (it may become empty) and the ones after it are dropped; 0 means no limit.
/// </summary>
internal static class NulSeparatedStrings
{
    /// <summary>
    /// Splits <paramref name="data"/> into its strings: empty strings in the middle are kept (an empty
    /// argument is an argument), the final NUL ends the last string, and bytes after the last NUL form one
    /// more string. <paramref name="truncated"/> is true when <paramref name="maxChars"/> cut anything.
    /// </summary>
    public static string[] Split(ReadOnlySpan<byte> data, int maxChars, out bool truncated)
    {
        truncated = false;
        if (maxChars > 0 && data.Length > maxChars)
        {
            // kvm_argv(): the buffer is nchr bytes and its last byte is forced to NUL.
            data = data[..(maxChars - 1)];
            truncated = true;
            return SplitTerminated(data, lastIsCut: true);
        }

        return SplitTerminated(data, lastIsCut: false);
    }

    /// <summary>
    /// The environment as getenv(3) sees it: names case-sensitive and in order, the first of a repeated
    /// name wins. A string with no '=' has no value: it is kept with a null value so nothing is hidden;
    /// an empty string is skipped.
    /// </summary>
    public static OrderedDictionary ToEnvironment(string[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var environment = new OrderedDictionary(variables.Length, StringComparer.Ordinal);
        foreach (string variable in variables)
        {
            if (variable.Length == 0)
            {
                continue;
            }

            int equals = variable.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? variable : variable[..equals];
            if (!environment.Contains(name))
            {
                environment.Add(name, equals < 0 ? null : variable[(equals + 1)..]);
            }
        }

        return environment;
    }

    private static string[] SplitTerminated(ReadOnlySpan<byte> data, bool lastIsCut)
    {
        if (data.IsEmpty)
        {
            return lastIsCut ? new[] { "" } : Array.Empty<string>();
        }

        var strings = new List<string>(8);
        while (true)
        {
            int nul = data.IndexOf((byte)0);
            if (nul < 0)
            {
                strings.Add(KernelText.Decode(data));
                break;
            }

            strings.Add(KernelText.Decode(data[..nul]));
            data = data[(nul + 1)..];
            if (data.IsEmpty)
            {
                // The cut string sat right after this NUL: kvm keeps it as an empty string.
                if (lastIsCut)
                {
                    strings.Add("");
                }

                break;
            }
        }

        return strings.ToArray();
    }
}
