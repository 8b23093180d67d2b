using System.IO;
using CsCheck;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class TtyDevicesTests
{
    [Theory]
    [InlineData(34816UL, "pts/0")] // 136:0
    [InlineData(34819UL, "pts/3")] // 136:3
    [InlineData(1083436UL, "pts/300")] // 136:300, minor bits 8-19 in bits 20-31
    [InlineData(35072UL, "pts/256")] // 137:0, the pre-2.6 split of Unix98 ptys over majors 136-143
    [InlineData(1024UL, "tty0")] // 4:0
    [InlineData(1025UL, "tty1")] // 4:1
    [InlineData(1087UL, "tty63")] // 4:63
    [InlineData(1088UL, "ttyS0")] // 4:64
    [InlineData(1119UL, "ttyS31")] // 4:95
    [InlineData(1280UL, "tty")] // 5:0
    [InlineData(1281UL, "console")] // 5:1
    [InlineData(1282UL, "ptmx")] // 5:2
    [InlineData(42496UL, "ttyACM0")] // 166:0
    [InlineData(48129UL, "ttyUSB1")] // 188:1
    [InlineData(52288UL, "ttyAMA0")] // 204:64
    [InlineData(58624UL, "hvc0")] // 229:0
    public void Decodes_tty_nr_of_the_fixed_terminal_majors(ulong ttyNumber, string name)
    {
        var (major, minor) = TtyDevices.Decode(ttyNumber);

        Assert.True(TtyDevices.TryNameFromTable(major, minor, out string? decoded));
        Assert.Equal(name, decoded);
        Assert.Equal(ttyNumber, TtyDevices.Encode(major, minor));
    }

    [Theory]
    [InlineData(3u, 0u)] // BSD pty slaves: left to the /dev lookup
    [InlineData(5u, 3u)]
    [InlineData(204u, 0u)]
    [InlineData(1u, 3u)] // /dev/null is no terminal
    public void Leaves_other_devices_to_the_dev_lookup(uint major, uint minor)
    {
        Assert.False(TtyDevices.TryNameFromTable(major, minor, out _));
    }

    [Fact]
    public void Encode_and_decode_are_inverse_over_every_major_and_minor()
    {
        Gen.Select(Gen.UInt[0, 0xfff], Gen.UInt[0, 0xfffff]).Sample(device =>
        {
            var (major, minor) = TtyDevices.Decode(TtyDevices.Encode(device.Item1, device.Item2));
            return major == device.Item1 && minor == device.Item2;
        });
    }

    [Theory]
    [InlineData(136u, 5u, true)]
    [InlineData(136u, 1048575u, true)]
    [InlineData(4u, 1u, true)] // unknown /dev/tty 4 1-63 console
    [InlineData(4u, 64u, true)] // serial /dev/ttyS 4 64: one port registered here
    [InlineData(4u, 65u, false)]
    [InlineData(5u, 0u, true)]
    [InlineData(1u, 3u, false)] // /dev/null
    [InlineData(128u, 0u, true)] // pty masters are terminals too
    public void Asks_tty_drivers_which_devices_are_terminals(uint major, uint minor, bool terminal)
    {
        byte[] drivers = File.ReadAllBytes(Path.Combine(Fixtures.ProcessListRoot, "tty", "drivers"));

        Assert.Equal(terminal, TtyDrivers.Covers(drivers, major, minor));
    }
}
