using System.Text;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class MapsLineTests
{
    private static VmRegion Parse(string line)
    {
        Assert.True(new MapsLine().TryParse(Encoding.UTF8.GetBytes(line), 7, out var region));
        return region!;
    }

    [Fact]
    public void Reads_every_field_of_a_file_line()
    {
        var region = Parse("7fa5e7557000-7fa5e76ad000 r-xp 00026000 fe:00 332096                     /usr/lib/x86_64-linux-gnu/libc.so.6");

        Assert.Equal(7, region.ProcessId);
        Assert.Equal(0x7fa5e7557000UL, region.Start);
        Assert.Equal(0x7fa5e76ad000UL, region.End);
        Assert.Equal(0x156000UL, region.Size);
        Assert.Equal(MemoryProtection.Read | MemoryProtection.Execute, region.Protection);
        Assert.Equal("r-xp", region.Permissions);
        Assert.False(region.Shared);
        Assert.Equal(0x26000UL, region.Offset);
        Assert.Equal(0xfeU, region.DeviceMajor);
        Assert.Equal(0U, region.DeviceMinor);
        Assert.Equal("fe:00", region.Device);
        Assert.Equal(332096UL, region.Inode);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libc.so.6", region.Path);
        Assert.Equal(VmRegionKind.File, region.Kind);
        Assert.Null(region.Dumped);
        Assert.Null(region.Rss);
    }

    [Fact]
    public void Reads_the_vsyscall_page_at_the_top_of_the_address_space()
    {
        var region = Parse("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]");

        Assert.Equal(0xffffffffff600000UL, region.Start);
        Assert.Equal(0xffffffffff601000UL, region.End);
        Assert.Equal(MemoryProtection.Execute, region.Protection);
        Assert.Equal(VmRegionKind.Vsyscall, region.Kind);
        Assert.Equal("[vsyscall]", region.Mapping);
    }

    [Fact]
    public void An_anonymous_line_with_a_trailing_space_has_no_name()
    {
        var region = Parse("7fa5e752e000-7fa5e7531000 rw-p 00000000 00:00 0 ");

        Assert.Equal(VmRegionKind.Anonymous, region.Kind);
        Assert.Null(region.Path);
        Assert.Equal("[ anon ]", region.Mapping);
        Assert.Equal("rw-p", region.Permissions);
    }

    [Fact]
    public void Reads_shared_mappings_and_wide_device_numbers()
    {
        var region = Parse("7f0000008000-7f0000009000 rw-s 00001000 103:05 12345678901 /data/f");

        Assert.True(region.Shared);
        Assert.Equal("rw-s", region.Permissions);
        Assert.Equal(0x103U, region.DeviceMajor);
        Assert.Equal(5U, region.DeviceMinor);
        Assert.Equal("103:05", region.Device);
        Assert.Equal(12345678901UL, region.Inode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a line")]
    [InlineData("00400000 r-xp 00000000 08:02 1 /a")]
    [InlineData("00400000-00452000 r-xp 00000000 08:02")]
    [InlineData("00400000-00452000 r-x 00000000 08:02 1 /a")]
    [InlineData("00400000-00452000 r-xp zz 08:02 1 /a")]
    [InlineData("00500000-00400000 r-xp 00000000 08:02 1 /a")]
    [InlineData("10000000000000000-10000000000000001 r-xp 00000000 08:02 1 /a")]
    public void Rejects_lines_that_are_not_in_the_maps_format(string line)
    {
        Assert.False(new MapsLine().TryParse(Encoding.UTF8.GetBytes(line), 1, out _));
    }
}
