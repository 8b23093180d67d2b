using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.CoreFile;

/// <summary>
/// A live subject process (tests/helpers/core_subject.c, compiled with gcc at test time) with known
/// mappings, arguments, environment and threads; what /proc said about it just before the dump; and
/// the cores gcore made of it. Shared by every test class in the "core subject" collection.
/// </summary>
public sealed class CoreSubject : IDisposable
{
    public static readonly string[] ExtraArguments = { "arg one", "", "\u00fcn\u00ef", "--quote='x'", "tab\there" };

    public static readonly (string Name, string Value)[] EnvironmentVariables =
    {
        ("A", "1"), ("B", "two words"), ("EMPTY", ""), ("UNICODE", "\u00e9t\u00e9"),
    };

    public CoreSubject()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("procmap-core-").FullName;
        Binary = Path.Combine(Directory, "core_subject");
        Run("gcc", "-O1", "-Wall", "-pthread", "-o", Binary, Path.Combine(AppContext.BaseDirectory, "helpers", "core_subject.c"));

        Plain = Snapshot.Take(this, Start(retitle: null));
        GcorePath = Gcore(Plain.ProcessId, "gcore");

        // coredump_filter without bit 0 (anonymous private memory): gdb then leaves out the stack, as
        // the kernel does, and only pr_psargs remains of the arguments.
        File.WriteAllText($"/proc/{Plain.ProcessId}/coredump_filter", "0x32");
        NoStackCorePath = Gcore(Plain.ProcessId, "nostack");

        Retitled = Snapshot.Take(this, Start(retitle: "procmap-title: retitled"));
        RetitledCorePath = Gcore(Retitled.ProcessId, "retitled");

        // The kernel's own core, where core_pattern lets one land in the subject's directory: the
        // subject raised RLIMIT_CORE and works in Directory; SIGABRT dumps it there as core (or core.PID).
        if (File.ReadAllText("/proc/sys/kernel/core_pattern").Trim() == "core")
        {
            var doomed = Start(retitle: null);
            Crashed = Snapshot.Take(this, doomed);
            Run("kill", "-ABRT", doomed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            doomed.WaitForExit();
            KernelCorePath = new[] { Path.Combine(Directory, "core"), Path.Combine(Directory, "core." + doomed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) }
                .FirstOrDefault(File.Exists);
        }
    }

    /// <summary>A third subject, killed with SIGABRT so the kernel dumped it; null where core_pattern sends cores elsewhere.</summary>
    public Snapshot? Crashed { get; }

    /// <summary>The kernel's core of <see cref="Crashed"/>, or null.</summary>
    public string? KernelCorePath { get; }

    public string Directory { get; }

    public string Binary { get; }

    /// <summary>The subject as exec started it.</summary>
    public Snapshot Plain { get; }

    /// <summary>A second subject that overwrote its argument area (setproctitle).</summary>
    public Snapshot Retitled { get; }

    public string GcorePath { get; }

    public string NoStackCorePath { get; }

    public string RetitledCorePath { get; }

    public List<Process> Processes { get; } = new();

    public void Dispose()
    {
        foreach (var process in Processes)
        {
            try
            {
                process.Kill();
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private Process Start(string? retitle)
    {
        var info = new ProcessStartInfo(Binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        info.ArgumentList.Add(Directory);
        if (retitle is not null)
        {
            info.ArgumentList.Add("--retitle");
            info.ArgumentList.Add(retitle);
        }

        foreach (string argument in ExtraArguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in EnvironmentVariables)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        Processes.Add(process);
        string? line = process.StandardOutput.ReadLine();
        if (line != "ready")
        {
            throw new InvalidOperationException("core_subject did not start: " + line);
        }

        return process;
    }

    private string Gcore(int processId, string name)
    {
        string prefix = Path.Combine(Directory, name);
        Run("gcore", "-o", prefix, processId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return prefix + "." + processId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static string Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
        }

        return output;
    }

    /// <summary>What /proc said about a subject, read just before its dump.</summary>
    public sealed record Snapshot(
        int ProcessId,
        VmRegion[] Maps,
        string[] Arguments,
        string[] Environment,
        string[] Stat,
        uint RealUserId,
        uint RealGroupId,
        int[] ThreadIds)
    {
        public static Snapshot Take(CoreSubject subject, Process process)
        {
            int pid = process.Id;
            string stat = File.ReadAllText($"/proc/{pid}/stat");

            // Fields after the command name, which ends at the last ')': state is field 3.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            string[] status = File.ReadAllLines($"/proc/{pid}/status");
            uint Id(string key) => uint.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split('\t')[1], System.Globalization.CultureInfo.InvariantCulture);
            return new Snapshot(
                pid,
                new LinuxLiveSource().ReadVmMap(pid, false, CancellationToken.None).ToArray(),
                SplitNul(File.ReadAllBytes($"/proc/{pid}/cmdline")),
                SplitNul(File.ReadAllBytes($"/proc/{pid}/environ")),
                fields,
                Id("Uid:"),
                Id("Gid:"),
                System.IO.Directory.GetDirectories($"/proc/{pid}/task").Select(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray());
        }

        private static string[] SplitNul(byte[] bytes)
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            if (text.EndsWith('\0'))
            {
                text = text[..^1];
            }

            return text.Length == 0 ? Array.Empty<string>() : text.Split('\0');
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CoreSubjectGroup : ICollectionFixture<CoreSubject>
{
    public const string Name = "core subject";
}
