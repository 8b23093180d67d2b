using System;
using Xunit;

namespace ProcMap.Tests.Errors;

public class ErrnoTests
{
    private const int ENOENT = 2, ESRCH = 3, EIO = 5, EACCES = 13, EINVAL = 22, EPERM = 1;

    [Theory]
    [InlineData(ENOENT)]
    [InlineData(ESRCH)]
    public void Errors_of_a_process_that_is_gone_are_ProcessNotFound(int errno)
    {
        var error = Assert.IsType<ProcessNotFoundException>(Errno.ForProcess(errno, 77, "/proc/77/maps", _ => true));

        Assert.Equal(77, error.ProcessId);
        Assert.Equal("ProcessNotFound", error.ErrorId);
        Assert.Equal(ProcMapErrorCategory.ObjectNotFound, error.Category);
    }

    [Fact]
    public void A_missing_file_of_a_process_that_is_there_is_a_file_the_kernel_lacks()
    {
        var error = Assert.IsType<KernelFileMissingException>(Errno.ForProcess(ENOENT, 77, "/proc/77/smaps_rollup", _ => false));

        Assert.Equal("KernelFileMissing", error.ErrorId);
        Assert.Equal(ProcMapErrorCategory.NotImplemented, error.Category);
        Assert.Equal("/proc/77/smaps_rollup", error.Target);
        Assert.Contains("Linux 4.14", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ESRCH_from_a_process_that_is_there_means_it_has_no_address_space()
    {
        var error = Assert.IsType<ProcessHasNoAddressSpaceException>(Errno.ForProcess(ESRCH, 2, "/proc/2/pagemap", _ => false));

        Assert.Equal(2, error.Target);
        Assert.Contains("kernel thread", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EPERM)]
    [InlineData(EACCES)]
    public void Refusals_are_AccessDenied_and_never_ask_whether_the_process_is_gone(int errno)
    {
        var error = Assert.IsType<ProcessAccessDeniedException>(
            Errno.ForProcess(errno, 77, "/proc/77/environ", _ => throw new InvalidOperationException("asked")));

        Assert.Equal("/proc/77/environ", error.Path);
        Assert.Equal(ProcMapErrorCategory.PermissionDenied, error.Category);
        Assert.NotNull(error.RecommendedAction);
    }

    [Fact]
    public void Other_errors_are_read_errors_whose_text_says_what_happened()
    {
        var error = Assert.IsType<ProcReadException>(Errno.ForProcess(EIO, 77, "/proc/77/maps", _ => false));

        Assert.Contains("/proc/77/maps", error.Message, StringComparison.Ordinal);
        Assert.Contains("input/output error (EIO, \"Input/output error\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Core_file_errors_name_what_was_being_done()
    {
        Assert.IsType<CoreFileNotFoundException>(Errno.ForCoreFile(ENOENT, "/x/core", Messages.CoreOpening));

        var refused = Assert.IsType<CoreFileUnreadableException>(Errno.ForCoreFile(EACCES, "/root/core", Messages.CoreExamining));
        Assert.True(refused.AccessDenied);
        Assert.Equal(ProcMapErrorCategory.PermissionDenied, refused.Category);

        var invalid = Assert.IsType<CoreFileUnreadableException>(Errno.ForCoreFile(EINVAL, "/proc/self/mem", Messages.CoreSeeking));
        Assert.Equal(ProcMapErrorCategory.ReadError, invalid.Category);
        Assert.Contains("asking for its length failed: the kernel refused the operation as not valid for this file (EINVAL", invalid.Message, StringComparison.Ordinal);
    }
}
