using System.Text;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class MappingNameTests
{
    [Theory]
    [InlineData("", VmRegionKind.Anonymous, null, null, false)]
    [InlineData("[heap]", VmRegionKind.Heap, null, null, false)]
    [InlineData("[stack]", VmRegionKind.Stack, null, null, false)]
    [InlineData("[stack:1234]", VmRegionKind.Stack, null, "stack:1234", false)]
    [InlineData("[vdso]", VmRegionKind.Vdso, null, null, false)]
    [InlineData("[vvar]", VmRegionKind.Vvar, null, null, false)]
    [InlineData("[vvar_vclock]", VmRegionKind.Vvar, null, "vvar_vclock", false)]
    [InlineData("[vsyscall]", VmRegionKind.Vsyscall, null, null, false)]
    [InlineData("[anon:glibc malloc]", VmRegionKind.NamedAnonymous, null, "glibc malloc", false)]
    [InlineData("[anon_shmem:ring]", VmRegionKind.SharedMemory, null, "ring", false)]
    [InlineData("[uprobes]", VmRegionKind.Other, null, "uprobes", false)]
    [InlineData("/usr/lib/libc.so.6", VmRegionKind.File, "/usr/lib/libc.so.6", null, false)]
    [InlineData("/usr/bin/my app", VmRegionKind.File, "/usr/bin/my app", null, false)]
    [InlineData("/tmp/x (deleted)", VmRegionKind.File, "/tmp/x", null, true)]
    [InlineData("/tmp/line\\012break (deleted)", VmRegionKind.File, "/tmp/line\nbreak", null, true)]
    [InlineData("/a\\012b\\012c", VmRegionKind.File, "/a\nb\nc", null, false)]
    [InlineData("/memfd:wayland-shm (deleted)", VmRegionKind.Memfd, "/memfd:wayland-shm", "wayland-shm", true)]
    [InlineData("/SYSV0000abcd (deleted)", VmRegionKind.SharedMemory, "/SYSV0000abcd", null, true)]
    [InlineData("/dev/zero (deleted)", VmRegionKind.SharedMemory, "/dev/zero", null, true)]
    [InlineData("/dev/zero", VmRegionKind.File, "/dev/zero", null, false)]
    [InlineData("anon_inode:[perf_event]", VmRegionKind.File, "anon_inode:[perf_event]", null, false)]
    public void Classifies_the_kernel_name(string text, VmRegionKind kind, string? path, string? name, bool deleted)
    {
        var parsed = MappingName.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(path, parsed.Path);
        Assert.Equal(name, parsed.Name);
        Assert.Equal(deleted, parsed.Deleted);
    }

    [Fact]
    public void Invalid_UTF8_becomes_replacement_characters_not_an_exception()
    {
        var parsed = MappingName.Parse(new byte[] { (byte)'/', 0xff, 0xfe, (byte)'x' });

        Assert.Equal("/\uFFFD\uFFFDx", parsed.Path);
    }

    [Fact]
    public void The_cache_returns_the_same_string_for_a_repeated_name()
    {
        var cache = new MappingNameCache();
        var first = cache.Classify("/usr/lib/libc.so.6"u8);
        var second = cache.Classify("/usr/lib/libc.so.6"u8);
        var other = cache.Classify("/usr/lib/libm.so.6"u8);

        Assert.Same(first.Path, second.Path);
        Assert.Equal("/usr/lib/libm.so.6", other.Path);
    }

    [Fact]
    public void The_cache_grows_for_names_longer_than_its_buffer()
    {
        var cache = new MappingNameCache();
        string longPath = "/" + new string('d', 4000);

        var parsed = cache.Classify(Encoding.UTF8.GetBytes(longPath));
        var again = cache.Classify(Encoding.UTF8.GetBytes(longPath));

        Assert.Equal(longPath, parsed.Path);
        Assert.Same(parsed.Path, again.Path);
    }
}
