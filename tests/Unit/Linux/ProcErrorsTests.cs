using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class ProcErrorsTests
{
    [Theory]
    [InlineData(2)] // ENOENT: /proc/PID is gone
    [InlineData(3)] // ESRCH: the task exited after open
    public void Gone_processes_are_ProcessNotFound(int errno)
    {
        var error = Assert.IsType<ProcessNotFoundException>(ProcErrors.FromErrno(errno, 77, "/proc/77/maps"));

        Assert.Equal(77, error.ProcessId);
        Assert.True(ProcErrors.IsGone(errno));
    }

    [Theory]
    [InlineData(1)] // EPERM
    [InlineData(13)] // EACCES: the ptrace access check at open
    public void Refusals_are_AccessDenied(int errno)
    {
        var error = Assert.IsType<ProcessAccessDeniedException>(ProcErrors.FromErrno(errno, 77, "/proc/77/environ"));

        Assert.Equal("/proc/77/environ", error.Path);
        Assert.Contains("77", error.Message, System.StringComparison.Ordinal);
        Assert.False(ProcErrors.IsGone(errno));
    }

    [Fact]
    public void Other_errors_are_read_errors_with_the_system_message()
    {
        var error = Assert.IsType<ProcReadException>(ProcErrors.FromErrno(5, 77, "/proc/77/maps"));

        Assert.Contains("/proc/77/maps", error.Message, System.StringComparison.Ordinal);
        Assert.Contains("Input/output error", error.Message, System.StringComparison.Ordinal);
    }
}
