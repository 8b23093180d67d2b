// The benchmarks' yardsticks and clocks, compiled into the bench session with Add-Type (bench/Common.ps1).
// Baselines are plain read(2)/pread(2) loops: what producing the text or the entries costs the kernel,
// with no parsing and no objects. Nothing here uses ProcMap.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

public static class BenchNative
{
    private const int O_RDONLY_CLOEXEC = 0x80000;
    private const int CLOCK_PROCESS_CPUTIME_ID = 2;
    private const int CLOCK_THREAD_CPUTIME_ID = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)] private static extern int open(string path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern unsafe nint read(int fd, byte* buffer, nuint count);
    [DllImport("libc", SetLastError = true)] private static extern unsafe nint pread(int fd, byte* buffer, nuint count, long offset);
    [DllImport("libc")] private static extern int close(int fd);
    [DllImport("libc")] private static extern int clock_gettime(int clock, out Timespec time);
    [DllImport("libc")] private static extern unsafe int getrusage(int who, long* usage);

    private static readonly byte[] s_buffer = new byte[64 * 1024];
    private static byte[] s_chunk = Array.Empty<byte>();

    /// <summary>Reads the whole file with read(2) into one 64 KiB buffer; returns the byte count.</summary>
    public static unsafe long ReadLoop(string path)
    {
        int fd = Open(path);
        long total = 0;
        try
        {
            fixed (byte* p = s_buffer)
            {
                while (true)
                {
                    nint n = read(fd, p, (nuint)s_buffer.Length);
                    if (n < 0) throw new IOException("read " + path + ": errno " + Marshal.GetLastPInvokeError());
                    if (n == 0) return total;
                    total += n;
                }
            }
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>Reads every file with read(2) into the 64 KiB buffer, skipping files that vanish; returns the byte count.</summary>
    public static unsafe long ReadEach(string[] paths)
    {
        long total = 0;
        fixed (byte* p = s_buffer)
        {
            foreach (string path in paths)
            {
                int fd = open(path, O_RDONLY_CLOEXEC);
                if (fd < 0) continue;
                while (true)
                {
                    nint n = read(fd, p, (nuint)s_buffer.Length);
                    if (n <= 0) break;
                    total += n;
                }

                close(fd);
            }
        }

        return total;
    }

    /// <summary>
    /// Reads /proc/PID/pagemap for every page of every [starts[i], ends[i]) range with pread(2) in chunks of
    /// chunkBytes (8 bytes an entry, one entry a page); returns the number of present pages (bit 63).
    /// </summary>
    public static unsafe long ReadPagemap(int processId, ulong[] starts, ulong[] ends, int chunkBytes, int pageSize)
    {
        if (s_chunk.Length != chunkBytes) s_chunk = new byte[chunkBytes];
        string path = "/proc/" + processId + "/pagemap";
        int fd = Open(path);
        long present = 0;
        try
        {
            fixed (byte* p = s_chunk)
            {
                for (int i = 0; i < starts.Length; i++)
                {
                    long offset = (long)(starts[i] / (ulong)pageSize) * 8;
                    long end = (long)(ends[i] / (ulong)pageSize) * 8;
                    while (offset < end)
                    {
                        int want = (int)Math.Min(chunkBytes, end - offset);
                        nint n = pread(fd, p, (nuint)want, offset);
                        if (n < 0) throw new IOException("pread " + path + ": errno " + Marshal.GetLastPInvokeError());
                        if (n == 0) break;
                        ulong* entries = (ulong*)p;
                        for (int e = 0; e < n / 8; e++) present += (long)(entries[e] >> 63);
                        offset += n;
                    }
                }
            }
        }
        finally
        {
            close(fd);
        }

        return present;
    }

    private static int Open(string path)
    {
        int fd = open(path, O_RDONLY_CLOEXEC);
        if (fd < 0) throw new IOException("open " + path + ": errno " + Marshal.GetLastPInvokeError());
        return fd;
    }

    /// <summary>CPU time of the whole process (every thread: the caller's, GC's, any the call starts), in ms.</summary>
    public static double ProcessCpuMilliseconds() => Clock(CLOCK_PROCESS_CPUTIME_ID);

    /// <summary>CPU time of the calling thread, in ms.</summary>
    public static double ThreadCpuMilliseconds() => Clock(CLOCK_THREAD_CPUTIME_ID);

    /// <summary>
    /// CPU time in ms of the children this process has waited for (getrusage RUSAGE_CHILDREN): what a
    /// native command run from pwsh (ps, checkrestart) cost, which the process's own clock does not count.
    /// </summary>
    public static unsafe double ChildrenCpuMilliseconds()
    {
        // struct rusage: ru_utime and ru_stime (struct timeval: seconds, microseconds), then 14 longs.
        long* usage = stackalloc long[18];
        getrusage(-1, usage);
        return (usage[0] + usage[2]) * 1e3 + (usage[1] + usage[3]) / 1e3;
    }

    private static double Clock(int clock)
    {
        clock_gettime(clock, out var time);
        return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
    }

    /// <summary>
    /// CPU time in ms that the runtime's tiered-compilation thread (".NET Tiered Com") has used so far, from
    /// /proc/self/task/TID/schedstat (sum_exec_runtime, ns; the same clock CLOCK_PROCESS_CPUTIME_ID sums).
    /// It re-JITs pwsh's own hot methods in the background for many runs after start-up, whatever the
    /// benchmark runs, so the bench subtracts it from a call's process CPU time.
    /// </summary>
    public static double TieringCpuMilliseconds()
    {
        double total = 0;
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(task + "/comm").TrimEnd('\n') != ".NET Tiered Com") continue;
                string schedstat = File.ReadAllText(task + "/schedstat");
                total += long.Parse(schedstat.AsSpan(0, schedstat.IndexOf(' '))) / 1e6;
            }
            catch (IOException)
            {
                // The thread exits after a few idle seconds; a new one starts when there is work.
            }
        }

        return total;
    }
}

/// <summary>
/// One timed run: wall time, and the call's CPU time: the process's CPU time (every thread) plus that of the
/// children it waited for, less what background tiering used meanwhile.
/// </summary>
public sealed class BenchClock
{
    private readonly Stopwatch _wall = new Stopwatch();
    private double _cpu;
    private double _tiering;

    public double WallMilliseconds { get; private set; }

    public double CpuMilliseconds { get; private set; }

    public void Start()
    {
        _tiering = BenchNative.TieringCpuMilliseconds();
        _cpu = BenchNative.ProcessCpuMilliseconds() + BenchNative.ChildrenCpuMilliseconds();
        _wall.Restart();
    }

    public void Stop()
    {
        _wall.Stop();
        double cpu = BenchNative.ProcessCpuMilliseconds() + BenchNative.ChildrenCpuMilliseconds() - _cpu;
        double tiering = BenchNative.TieringCpuMilliseconds() - _tiering;
        WallMilliseconds = _wall.Elapsed.TotalMilliseconds;
        CpuMilliseconds = Math.Max(0, cpu - Math.Max(0, tiering));
    }
}
