using System;
using System.Linq;
using System.Threading;
using ProcMap.FreeBsd;
using Xunit;

namespace ProcMap.Tests.FreeBsd;

public class KinfoVmentryDecoderTests
{
    private const string Source = "kern.proc.vmmap.4242";

    // KVME_* values from sys/sys/user.h, written out here so the test does not borrow the enums it checks.
    private const int TypeNone = 0, TypeVnode = 2, TypeSwap = 3, TypeDevice = 4, TypePhys = 5, TypeGuard = 9;
    private const int Read = 1, Write = 2, Exec = 4;
    private const int Cow = 0x1, NeedsCopy = 0x2, NoCore = 0x4, Super = 0x8, GrowsDown = 0x20, Wired = 0x40;

    internal static readonly VmEntry Text = new()
    {
        Type = TypeVnode, Start = 0x200000, End = 0x203000, Offset = 0, FileId = 123456, Flags = Cow | NeedsCopy,
        Resident = 3, PrivateResident = 0, Protection = Read | Exec, RefCount = 5, ShadowCount = 1, Status = 1,
        Fsid = Makedev(0x1234_5600 | 0x71, 0xab00 | 0x0042_0013), Path = "/bin/sleep",
    };

    internal static readonly VmEntry Heap = new()
    {
        Type = TypeSwap, Start = 0x800000000, End = 0x800200000, Offset = 0x1000, Flags = Cow | Super,
        Resident = 512, PrivateResident = 512, Protection = Read | Write, RefCount = 1,
    };

    internal static readonly VmEntry Stack = new()
    {
        Type = TypeSwap, Start = 0x7fffdffff000, End = 0x7ffffffff000, Flags = GrowsDown | Wired | NoCore,
        Resident = 4, PrivateResident = 4, Protection = Read | Write, RefCount = 1,
    };

    internal static readonly VmEntry Gap = new() { Type = TypeGuard, Start = 0x7fffbffff000, End = 0x7fffdffff000, Protection = 0, RefCount = 0 };

    internal static readonly VmEntry Untouched = new() { Type = TypeNone, Start = 0x900000000, End = 0x900001000, Protection = Read | Write, RefCount = 0 };

    [Fact]
    public void Decodes_packed_records_with_short_paths()
    {
        byte[] buffer = KinfoFixtures.Concat(KinfoFixtures.Packed(Text), KinfoFixtures.Packed(Heap), KinfoFixtures.Packed(Stack), KinfoFixtures.Packed(Gap));
        // "/bin/sleep": 136 + 10 + 1 rounded up to 8; an empty path: 136 + 1 rounded up.
        Assert.Equal(152 + 144 + 144 + 144, buffer.Length);

        var regions = KinfoVmentryDecoder.Decode(buffer, 4242, Source, CancellationToken.None).ToArray();

        Assert.Equal(4, regions.Length);
        var text = regions[0];
        Assert.Equal(4242, text.ProcessId);
        Assert.Equal(0x200000UL, text.Start);
        Assert.Equal(0x203000UL, text.End);
        Assert.Equal(MemoryProtection.Read | MemoryProtection.Execute, text.Protection);
        Assert.False(text.Shared);
        Assert.Equal("r-xp", text.Permissions);
        Assert.Equal(VmRegionKind.File, text.Kind);
        Assert.Equal("/bin/sleep", text.Path);
        Assert.Equal("/bin/sleep", text.Mapping);
        Assert.Equal(123456UL, text.Inode);
        Assert.Equal(0x1234_5671U, text.DeviceMajor);
        Assert.Equal(0x0042_ab13U, text.DeviceMinor);
        Assert.Equal(3, text.ResidentPages);
        Assert.Equal(0, text.PrivateResidentPages);
        Assert.Equal(5, text.RefCount);
        Assert.Equal(1, text.ShadowCount);
        Assert.Equal(VmEntryAttributes.CopyOnWrite | VmEntryAttributes.NeedsCopy, text.EntryFlags);
        Assert.Equal(VmObjectType.Vnode, text.ObjectType);
        Assert.Null(text.Rss);

        var heap = regions[1];
        Assert.Equal(VmRegionKind.Anonymous, heap.Kind);
        Assert.Null(heap.Path);
        Assert.Equal("[ anon ]", heap.Mapping);
        Assert.Equal(0x1000UL, heap.Offset);
        Assert.Null(heap.Inode);
        Assert.Null(heap.Device);
        Assert.False(heap.Shared);
        Assert.Equal(VmEntryAttributes.CopyOnWrite | VmEntryAttributes.Superpages, heap.EntryFlags);
        Assert.Equal(512, heap.ResidentPages);

        var stack = regions[2];
        Assert.Equal(VmRegionKind.Stack, stack.Kind);
        Assert.Null(stack.Shared);
        Assert.Equal("rw-?", stack.Permissions);
        Assert.Equal(VmEntryAttributes.GrowsDown | VmEntryAttributes.UserWired | VmEntryAttributes.NoCoreDump, stack.EntryFlags);

        var gap = regions[3];
        Assert.Equal(VmRegionKind.Other, gap.Kind);
        Assert.Equal("guard", gap.Name);
        Assert.Equal("[guard]", gap.Mapping);
        Assert.Equal(MemoryProtection.None, gap.Protection);
        Assert.Equal(VmObjectType.Guard, gap.ObjectType);
    }

    [Fact]
    public void Unpacked_1160_byte_records_decode_like_packed_ones()
    {
        var entries = new[] { Text, Heap, Stack, Gap, Untouched };
        byte[] packed = KinfoFixtures.Concat(entries.Select(KinfoFixtures.Packed).ToArray());
        byte[] unpacked = KinfoFixtures.Concat(entries.Select(KinfoFixtures.Unpacked).ToArray());
        Assert.Equal(5 * 1160, unpacked.Length);

        var fromPacked = KinfoVmentryDecoder.Decode(packed, 7, Source, CancellationToken.None).Select(r => r.ToString() + r.Inode + r.EntryFlags + r.ObjectType).ToArray();
        var fromUnpacked = KinfoVmentryDecoder.Decode(unpacked, 7, Source, CancellationToken.None).Select(r => r.ToString() + r.Inode + r.EntryFlags + r.ObjectType).ToArray();

        Assert.Equal(fromPacked, fromUnpacked);
        Assert.Equal(VmRegionKind.Anonymous, KinfoVmentryDecoder.Decode(unpacked, 7, Source, CancellationToken.None).Last().Kind);
    }

    [Fact]
    public void A_path_of_PATH_MAX_minus_one_bytes_fills_a_whole_record()
    {
        string longPath = "/" + new string('p', 1022);
        byte[] record = KinfoFixtures.Packed(Text with { Path = longPath });
        Assert.Equal(1160, record.Length);

        var region = Assert.Single(KinfoVmentryDecoder.Decode(record, 1, Source, CancellationToken.None));

        Assert.Equal(longPath, region.Path);
    }

    [Fact]
    public void A_path_with_no_NUL_before_the_record_end_is_read_to_the_end()
    {
        byte[] record = KinfoFixtures.VmRecord(Text with { Path = "/usr/lib/libc.so.7" }, 136 + 8);

        var region = Assert.Single(KinfoVmentryDecoder.Decode(record, 1, Source, CancellationToken.None));

        Assert.Equal("/usr/lib", region.Path);
    }

    [Fact]
    public void File_identity_is_null_when_the_kernel_could_not_get_the_attributes()
    {
        var region = Assert.Single(KinfoVmentryDecoder.Decode(KinfoFixtures.Packed(Text with { Status = 0 }), 1, Source, CancellationToken.None));

        Assert.Null(region.Inode);
        Assert.Null(region.DeviceMajor);
        Assert.Equal("/bin/sleep", region.Path);
    }

    [Theory]
    [InlineData(TypeVnode, 0, VmRegionKind.File, null, true)]
    [InlineData(TypeVnode, Cow, VmRegionKind.File, null, false)]
    [InlineData(TypeSwap, 0, VmRegionKind.Anonymous, null, null)]
    [InlineData(1, 0, VmRegionKind.Anonymous, null, null)]
    [InlineData(TypeNone, GrowsDown, VmRegionKind.Stack, null, null)]
    [InlineData(TypeDevice, 0, VmRegionKind.Other, "device", null)]
    [InlineData(TypePhys, 0, VmRegionKind.Other, "physical", null)]
    [InlineData(6, 0, VmRegionKind.Other, "dead", null)]
    [InlineData(7, 0, VmRegionKind.Other, "scatter/gather", null)]
    [InlineData(8, 0, VmRegionKind.Other, "managed_device", null)]
    [InlineData(255, 0, VmRegionKind.Other, "unknown", null)]
    [InlineData(42, 0, VmRegionKind.Other, "unknown", null)]
    public void Maps_kve_type_to_kind_and_sharing(int type, int flags, VmRegionKind kind, string? name, bool? shared)
    {
        var region = Assert.Single(KinfoVmentryDecoder.Decode(KinfoFixtures.Packed(Heap with { Type = type, Flags = flags }), 1, Source, CancellationToken.None));

        Assert.Equal(kind, region.Kind);
        Assert.Equal(name, region.Name);
        Assert.Equal(shared, region.Shared);
        Assert.Equal(type, (int)region.ObjectType!.Value);
    }

    [Fact]
    public void An_empty_buffer_is_no_regions()
    {
        Assert.Empty(KinfoVmentryDecoder.Decode(Array.Empty<byte>(), 1, Source, CancellationToken.None));
    }

    [Theory]
    [InlineData(0, "gives kve_structsize 0, below the 136 bytes")]
    [InlineData(-8, "gives kve_structsize -8, below the 136 bytes")]
    [InlineData(int.MinValue, "below the 136 bytes")]
    [InlineData(135, "gives kve_structsize 135, below the 136 bytes")]
    [InlineData(145, "gives kve_structsize 145, but only 144 bytes are left")]
    [InlineData(int.MaxValue, "but only 144 bytes are left")]
    public void An_inconsistent_structsize_in_the_second_record_fails_before_any_region(int size, string expected)
    {
        byte[] second = KinfoFixtures.Packed(Heap with { Path = "/x" });
        BitConverter.TryWriteBytes(second.AsSpan(0, 4), size);
        byte[] buffer = KinfoFixtures.Concat(KinfoFixtures.Packed(Text), second);

        var error = Assert.Throws<ProcReadException>(() => KinfoVmentryDecoder.Decode(buffer, 1, Source, CancellationToken.None));

        Assert.Equal(Source, error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Cannot read kern.proc.vmmap.4242: record 1 at byte 152", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_buffer_that_ends_inside_a_size_field_is_reported(int tail)
    {
        byte[] buffer = KinfoFixtures.Concat(KinfoFixtures.Packed(Text), new byte[tail]);

        var error = Assert.Throws<ProcReadException>(() => KinfoVmentryDecoder.Decode(buffer, 1, Source, CancellationToken.None));

        Assert.Contains($"record 1 at byte 152 is cut off: only {tail} bytes are left", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_cut_short_of_its_size_is_reported()
    {
        byte[] record = KinfoFixtures.Unpacked(Text);

        var error = Assert.Throws<ProcReadException>(() => KinfoVmentryDecoder.Decode(record[..600], 1, Source, CancellationToken.None));

        Assert.Contains("gives kve_structsize 1160, but only 600 bytes are left", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_that_ends_before_it_starts_is_reported()
    {
        byte[] buffer = KinfoFixtures.Packed(Text with { Start = 0x5000, End = 0x4000 });

        var error = Assert.Throws<ProcReadException>(() => KinfoVmentryDecoder.Decode(buffer, 1, Source, CancellationToken.None));

        Assert.Contains("record 0 at byte 0 ends (0x4000) before it starts (0x5000)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stops_when_cancelled()
    {
        byte[] buffer = KinfoFixtures.Concat(KinfoFixtures.Packed(Text), KinfoFixtures.Packed(Heap));
        using var cancel = new CancellationTokenSource();
        var regions = KinfoVmentryDecoder.Decode(buffer, 1, Source, cancel.Token);
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => regions.ToArray());
    }

    [Fact]
    public void Device_numbers_split_as_major_and_minor_do()
    {
        Assert.Equal(0x1234_5671U, FreeBsdDevice.Major(Makedev(0x1234_5671, 0x0042_ab13)));
        Assert.Equal(0x0042_ab13U, FreeBsdDevice.Minor(Makedev(0x1234_5671, 0x0042_ab13)));
        Assert.Equal(0U, FreeBsdDevice.Major(Makedev(0, 0x5c)));
        Assert.Equal(0x5cU, FreeBsdDevice.Minor(Makedev(0, 0x5c)));
    }

    /// <summary>makedev(3) of sys/sys/types.h, FreeBSD 12+.</summary>
    internal static ulong Makedev(uint major, uint minor) =>
        ((ulong)(major & 0xffffff00) << 32) | ((major & 0xff) << 8) | ((ulong)(minor & 0xff00) << 24) | (minor & 0xffff00ff);
}

public class FreeBsdFixtureFileTests
{
    [Fact]
    public void The_committed_vmmap_fixture_is_what_the_header_layout_builds()
    {
        // tests/Pester reads this file to check the FreeBSD view; it must stay the bytes the kernel would send.
        byte[] expected = KinfoFixtures.Concat(
            KinfoFixtures.Packed(KinfoVmentryDecoderTests.Text), KinfoFixtures.Packed(KinfoVmentryDecoderTests.Heap),
            KinfoFixtures.Packed(KinfoVmentryDecoderTests.Stack), KinfoFixtures.Packed(KinfoVmentryDecoderTests.Gap));

        byte[] committed = System.IO.File.ReadAllBytes(System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "freebsd", "vmmap-4242.bin"));

        Assert.Equal(expected, committed);
    }
}
