using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

/// <summary>
/// A shell waiting on its standard input with 1.5 MiB of arguments, started once for the tests that read it.
/// sh ignores the words after its -c script (sleep would reject them and exit); closing stdin ends it.
/// </summary>
public sealed class BigArgumentsChild : IDisposable
{
    private readonly Process _child;

    public BigArgumentsChild()
    {
        // 24 strings of 64 KiB: far past any 4096-byte buffer, within ARG_MAX (a quarter of the 8 MiB stack limit).
        var big = Enumerable.Range(0, 24).Select(i => new string((char)('a' + (i % 26)), 65536));
        Arguments = new[] { "/bin/sh", "-c", "read x", "sh" }.Concat(big).ToArray();
        var info = new ProcessStartInfo(Arguments[0]) { UseShellExecute = false, RedirectStandardInput = true };
        foreach (string argument in Arguments.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["ONLY"] = "one";
        _child = Process.Start(info)!;
        // Asleep in its read of the pipe: exec is done, its arguments and environment are in place.
        LiveSubjects.WaitAsleep(_child.Id, "sh", "pipe");
    }

    public string[] Arguments { get; }

    public int Id => _child.Id;

    public void Dispose()
    {
        _child.StandardInput.Close();
        _child.WaitForExit();
        _child.Dispose();
    }
}

/// <summary>Get-ProcessArgs's reader against the running kernel, on children this test starts.</summary>
public sealed class ArgumentsLiveTests : IClassFixture<BigArgumentsChild>
{
    private readonly BigArgumentsChild _child;

    public ArgumentsLiveTests(BigArgumentsChild child)
    {
        _child = child;
    }

    [Fact]
    public void Reads_megabytes_of_arguments_whole()
    {
        var reading = new LinuxLiveSource().ReadArguments(_child.Id, true, 0, CancellationToken.None);
        var raw = File.ReadAllBytes($"/proc/{_child.Id}/cmdline");

        Assert.Equal(_child.Arguments, reading.Arguments.Arguments);
        Assert.Equal(raw, Encoding.UTF8.GetBytes(string.Join('\0', reading.Arguments.Arguments) + "\0"));
        Assert.Equal("sh", reading.Arguments.Name);
        Assert.False(reading.Arguments.Retitled);
        Assert.False(reading.Arguments.Truncated);
        Assert.Equal("one", reading.Arguments.Environment!["ONLY"]);
        Assert.Single(reading.Arguments.Environment);
    }

    [Fact]
    public void Reads_only_a_prefix_for_a_small_limit()
    {
        var reading = new LinuxLiveSource().ReadArguments(_child.Id, false, 20, CancellationToken.None);

        // 8 + 3 + 7 bytes with their NULs, then 1 character and the NUL that ends the cut string.
        Assert.Equal(new[] { "/bin/sh", "-c", "read x", "s" }, reading.Arguments.Arguments);
        Assert.True(reading.Arguments.Truncated);
        Assert.False(reading.Arguments.Retitled);
    }

    [Fact]
    public void The_read_buffer_grows_to_the_whole_file_and_a_limit_stops_it_early()
    {
        var proc = new ProcFs();
        string path = proc.PathOf(_child.Id, "cmdline");
        long size = File.ReadAllBytes(path).Length;

        Assert.Equal(size, proc.ReadAll(path, _child.Id).Length);
        Assert.Equal(5000, proc.ReadAll(path, _child.Id, limit: 5000).Length);
    }

    [Fact]
    public void Kernel_threads_have_a_name_and_no_arguments()
    {
        // kthreadd is pid 2 wherever the pid namespace is the initial one; elsewhere pid 2 is an ordinary process.
        string stat = File.ReadAllText("/proc/2/stat");
        if (!stat.StartsWith("2 (kthreadd)", StringComparison.Ordinal))
        {
            return;
        }

        var reading = new LinuxLiveSource().ReadArguments(2, true, 0, CancellationToken.None);

        Assert.Equal("kthreadd", reading.Arguments.Name);
        Assert.Empty(reading.Arguments.Arguments);
        Assert.Empty(reading.Arguments.Environment!);
    }

    [Fact]
    public void A_zombie_has_its_name_and_no_arguments()
    {
        // A zombie: a shell starts a child that exits once the shell has become sleep, which never reaps it.
        // The child waits for that by reading the shell's comm, not for a guessed time; $$ is the shell's pid.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("while read -r c < /proc/$$/comm && [ \"$c\" = sh ]; do :; done & echo $!; exec /bin/sleep 600");
        using var shell = Process.Start(info)!;
        try
        {
            int zombie = int.Parse(shell.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
            LiveSubjects.WaitUntil(() => LiveSubjects.StateOf(zombie) == 'Z', $"process {zombie} to be a zombie");

            var reading = new LinuxLiveSource().ReadArguments(zombie, true, 0, CancellationToken.None);

            Assert.Equal('Z', LiveSubjects.StateOf(zombie));
            Assert.Equal("sh", reading.Arguments.Name);
            Assert.Empty(reading.Arguments.Arguments);
            Assert.Null(reading.EnvironmentError);
        }
        finally
        {
            shell.Kill();
            shell.WaitForExit();
        }
    }
}
