using System;

namespace ProcMap.Linux;

/// <summary>
/// /proc/PID/wchan (fs/proc/base.c proc_pid_wchan): the kernel function a sleeping task waits in, as a
/// symbol name with no newline. The kernel prints "0" when the task is running, when the symbol is
/// unknown, and when the reader lacks ptrace read access to the task, so "0" is null, not a name.
/// </summary>
internal static class WchanFile
{
    public static string? Parse(ReadOnlySpan<byte> text, CommNames names)
    {
        int end = text.IndexOf((byte)'\n');
        if (end >= 0)
        {
            text = text[..end];
        }

        return text.IsEmpty || text.SequenceEqual("0"u8) ? null : names.Get(text);
    }
}
