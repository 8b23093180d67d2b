using System.Text;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class ControlGroupFileTests
{
    // Captured on Debian 12 (kernel 6.18, hybrid: v1 controllers, name=systemd and cgroup2 at
    // /sys/fs/cgroup/unified) from a sleep the test moved into /sys/fs/cgroup/unified/test-procmap.service/probe.
    private const string Hybrid =
        "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
        + "4:memory:/process_api/2f74292888d1b613434bc1da7b6dc12c\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n"
        + "0::/test-procmap.service/probe\n";

    private static string? Parse(string text, ControlGroupLayout layout) =>
        ControlGroupFile.Parse(Encoding.UTF8.GetBytes(text), layout);

    [Fact]
    public void Takes_the_cgroup2_line_where_cgroup2_is_mounted_as_systemd_does()
    {
        Assert.Equal("/test-procmap.service/probe", Parse(Hybrid, ControlGroupLayout.Hybrid));
        Assert.Equal("/system.slice/ssh.service", Parse("0::/system.slice/ssh.service\n", ControlGroupLayout.Unified));
    }

    [Fact]
    public void Takes_the_name_systemd_line_on_a_v1_only_system()
    {
        Assert.Equal("/", Parse(Hybrid, ControlGroupLayout.Legacy));
        Assert.Equal("/system.slice/cron.service", Parse("2:cpu:/\n1:name=systemd:/system.slice/cron.service\n", ControlGroupLayout.Legacy));
    }

    [Fact]
    public void Is_null_without_a_line_for_the_layout_and_skips_lines_it_cannot_split()
    {
        Assert.Null(Parse("4:memory:/x\nnot a line\n", ControlGroupLayout.Unified));
        Assert.Null(Parse(string.Empty, ControlGroupLayout.Hybrid));
        Assert.Equal("/a.service", Parse("garbage\n0::/a.service", ControlGroupLayout.Unified));
    }

    [Theory]
    [InlineData("/test-procmap.service/probe", "test-procmap.service")]
    [InlineData("/system.slice/ssh.service", "ssh.service")]
    [InlineData("/user.slice/user-1000.slice/session-2.scope", "session-2.scope")]
    [InlineData("/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service", "user@1000.service")]
    [InlineData("/init.scope", "init.scope")]
    [InlineData("/system.slice/_foo.service", "foo.service")]
    [InlineData("/machine.slice", "machine.slice")]
    [InlineData("/", null)]
    [InlineData("/process_api/2f74", null)]
    [InlineData(null, null)]
    public void Names_the_unit_after_the_slices_as_cg_path_get_unit_does(string? path, string? unit) =>
        Assert.Equal(unit, ControlGroupFile.UnitOf(path));
}
