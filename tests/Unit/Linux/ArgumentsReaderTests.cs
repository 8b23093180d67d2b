using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class ArgumentsReaderTests
{
    private static ArgumentsReading ReadFixture(int pid, bool environment = true, int maxChars = 0) =>
        new LinuxLiveSource(Fixtures.ProcRoot).ReadArguments(pid, environment, maxChars, CancellationToken.None);

    private static List<KeyValuePair<string, string?>> Pairs(IDictionary dictionary) =>
        dictionary.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, string?>((string)e.Key, (string?)e.Value)).ToList();

    [Fact]
    public void Reads_every_edge_case_of_the_fixture()
    {
        var reading = ReadFixture(Fixtures.ArgumentsEdgeCasePid);
        var args = reading.Arguments;

        Assert.Null(reading.EnvironmentError);
        Assert.Equal(Fixtures.ArgumentsEdgeCasePid, args.ProcessId);
        Assert.Equal("my (app) x", args.Name);
        Assert.Equal(new[] { "/opt/my app/run", "", "two words", "line\nbreak", "café \uFFFD\uFFFD" }, args.Arguments);
        Assert.Equal("'/opt/my app/run' '' 'two words' 'line\nbreak' 'café \uFFFD\uFFFD'", args.CommandLine);
        Assert.False(args.Retitled);
        Assert.False(args.Truncated);
        Assert.Equal(
            new KeyValuePair<string, string?>[]
            {
                new("PATH", "/usr/bin"), new("EMPTY", ""), new("EQ", "a=b=c"), new("NL", "one\ntwo"), new("path", "lower"),
                new("NOEQUALS", null), new("", "nameless"), new("TAIL", "no final nul"),
            },
            Pairs(args.Environment!));
    }

    [Fact]
    public void The_environment_is_case_sensitive_and_the_first_of_a_repeated_name_wins()
    {
        var environment = ReadFixture(Fixtures.ArgumentsEdgeCasePid).Arguments.Environment!;

        Assert.Equal("/usr/bin", environment["PATH"]);
        Assert.Equal("lower", environment["path"]);
        Assert.Null(environment["Path"]);
    }

    [Fact]
    public void Leaves_the_environment_null_when_not_asked_for()
    {
        var reading = ReadFixture(Fixtures.ArgumentsEdgeCasePid, environment: false);

        Assert.Null(reading.Arguments.Environment);
        Assert.Null(reading.EnvironmentError);
    }

    [Fact]
    public void A_title_longer_than_the_argv_area_is_one_retitled_argument()
    {
        var args = ReadFixture(Fixtures.RetitledPid).Arguments;

        Assert.True(args.Retitled);
        Assert.Equal(new[] { "nginx: worker process   SHELL=/bin/sh" }, args.Arguments);
        Assert.Equal("'nginx: worker process   SHELL=/bin/sh'", args.CommandLine);
        Assert.Equal("nginx", args.Name);
    }

    [Fact]
    public void A_title_without_a_NUL_is_retitled_even_when_the_argv_area_is_hidden()
    {
        var args = ReadFixture(Fixtures.RetitledWithoutNulPid, maxChars: 100).Arguments;

        Assert.True(args.Retitled);
        Assert.True(args.Truncated);
        Assert.Equal(new[] { new string('x', 99) }, args.Arguments);
    }

    [Fact]
    public void A_kernel_thread_has_a_name_no_arguments_and_an_empty_environment()
    {
        var reading = ReadFixture(Fixtures.KernelThreadPid);

        Assert.Equal("kworker/0:1-events", reading.Arguments.Name);
        Assert.Empty(reading.Arguments.Arguments);
        Assert.Equal("", reading.Arguments.CommandLine);
        Assert.Empty(reading.Arguments.Environment!);
        Assert.Null(reading.EnvironmentError);
    }

    [Fact]
    public void A_stat_line_out_of_format_is_a_read_error()
    {
        var error = Assert.Throws<ProcReadException>(() => ReadFixture(Fixtures.MalformedStatPid));

        Assert.EndsWith("4254/stat", error.Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, new[] { "/opt/my app/run" })] // the exact end of the first argument
    [InlineData(17, new[] { "/opt/my app/run", "" })] // one past
    [InlineData(18, new[] { "/opt/my app/run", "", "" })]
    [InlineData(1, new[] { "" })]
    public void Applies_nchr_to_the_arguments(int maxChars, string[] expected)
    {
        var args = ReadFixture(Fixtures.ArgumentsEdgeCasePid, environment: false, maxChars).Arguments;

        Assert.Equal(expected, args.Arguments);
        Assert.True(args.Truncated);
    }

    [Theory]
    [InlineData(14, new[] { "PATH" })] // "PATH=/usr/bin\0" exactly
    [InlineData(15, new[] { "PATH", "" })] // one past: a cut empty string is no variable at all
    [InlineData(17, new[] { "PATH", "EM" })] // cut before '=': a name without a value
    [InlineData(21, new[] { "PATH", "EMPTY" })]
    public void Applies_nchr_to_the_environment_separately(int maxChars, string[] expectedNames)
    {
        var args = ReadFixture(Fixtures.ArgumentsEdgeCasePid, environment: true, maxChars).Arguments;

        Assert.Equal(expectedNames.Where(n => n.Length > 0), args.Environment!.Keys.Cast<string>());
        Assert.True(args.Truncated);
        Assert.Equal("/usr/bin", args.Environment["PATH"]);
    }

    [Fact]
    public void Rejects_a_negative_limit_and_a_bad_process_id()
    {
        var source = new LinuxLiveSource(Fixtures.ProcRoot);

        var limit = Assert.Throws<ProcMapArgumentException>(() => source.ReadArguments(Fixtures.ArgumentsEdgeCasePid, false, -1, CancellationToken.None));
        Assert.Equal(ErrorIds.InvalidMaxChars, limit.ErrorId);
        var id = Assert.Throws<ProcMapArgumentException>(() => source.ReadArguments(0, false, 0, CancellationToken.None));
        Assert.Equal(ErrorIds.InvalidProcessId, id.ErrorId);
    }

    [Fact]
    public void A_missing_process_is_ProcessNotFound()
    {
        Assert.Throws<ProcessNotFoundException>(() => ReadFixture(4299));
    }

    [Fact]
    public void Stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new LinuxLiveSource(Fixtures.ProcRoot).ReadArguments(Fixtures.ArgumentsEdgeCasePid, true, 0, cancelled.Token));
    }
}
