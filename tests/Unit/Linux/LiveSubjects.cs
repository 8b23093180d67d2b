using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace ProcMap.Tests.Linux;

/// <summary>
/// Waits for the processes the live tests start on conditions that mean ready, never for a guessed time:
/// a timeout only guards against a hang.
/// </summary>
internal static class LiveSubjects
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits until process <paramref name="pid"/> runs <paramref name="comm"/> and every one of its tasks is
    /// asleep (state S) in a kernel function whose name contains <paramref name="waitChannel"/>: sleep(1) in
    /// nanosleep, a shell's read in pipe_read. Both are needed: comm changes early in execve, before the new
    /// arguments and environment are in place, and a task sleeps for other reasons on its way to its last call.
    /// </summary>
    public static void WaitAsleep(int pid, string comm, string waitChannel)
    {
        WaitUntil(() =>
        {
            char state = StateOf(pid);
            if (state is '\0' or 'Z')
            {
                throw new InvalidOperationException($"Process {pid} ({comm}) exited before it was asleep.");
            }

            return IsAsleep(pid, comm, waitChannel);
        }, $"process {pid} ({comm}) to sleep in {waitChannel}");
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds; throws after a minute (a hang).</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > HangGuard)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>The state letter of /proc/PID/stat, or '\0' when the process is gone.</summary>
    public static char StateOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '\0';
        }
    }

    private static bool IsAsleep(int pid, string comm, string waitChannel)
    {
        try
        {
            if (File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n') != comm)
            {
                return false;
            }

            foreach (string task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                if (stat[stat.LastIndexOf(')') + 2] != 'S')
                {
                    return false;
                }

                // "0" is the kernel's answer for a task that runs after all (it woke since its stat was read).
                string wchan = File.ReadAllText(Path.Combine(task, "wchan"));
                if (!wchan.Contains(waitChannel, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
