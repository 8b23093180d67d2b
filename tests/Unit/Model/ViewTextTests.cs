using System;
using Xunit;

namespace ProcMap.Tests.Model;

/// <summary>The text of the views' computed columns: it always fits the column's width, and reads as pmap, ps and procstat print it.</summary>
public sealed class ViewTextTests
{
    [Theory]
    [InlineData(4096UL, 8, "4")]
    [InlineData(99_999_999UL << 10, 8, "99999999")]
    [InlineData(100_000_000UL << 10, 8, "97656M")]
    [InlineData(16UL << 40, 8, "16384G")]
    [InlineData(16UL << 40, 9, "16777216M")]
    [InlineData(128UL << 40, 8, "131072G")]
    [InlineData(ulong.MaxValue, 8, "16383P")]
    [InlineData(ulong.MaxValue, 5, "15E")]
    [InlineData(1023UL, 8, "0")]
    public void Kilobytes_are_kibibytes_until_they_would_not_fit_then_a_larger_unit(ulong bytes, int width, string expected)
    {
        string text = ViewText.Kilobytes(bytes, width)!;
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Kilobytes_fit_their_width_for_every_size()
    {
        for (int shift = 0; shift < 64; shift++)
        {
            ulong bytes = (1UL << shift) | ((1UL << shift) - 1);
            Assert.True(ViewText.Kilobytes(bytes, 8)!.Length <= 8, bytes.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(ViewText.Kilobytes(bytes, 9)!.Length <= 9);
        }

        Assert.Null(ViewText.Kilobytes(null, 8));
    }

    [Theory]
    [InlineData(0UL, "0 B")]
    [InlineData(1023UL, "1023 B")]
    [InlineData(4096UL, "4.0 KiB")]
    [InlineData(812UL << 20, "812 MiB")]
    [InlineData(3UL << 29, "1.5 GiB")]
    [InlineData(ulong.MaxValue, "16.0 EiB")]
    public void Sizes_for_people_use_binary_units(ulong bytes, string expected) => Assert.Equal(expected, ViewText.Size(bytes));

    [Fact]
    public void Cpu_time_is_ps_TIME()
    {
        Assert.Equal("00:01:05", ViewText.CpuTime(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5)));
        Assert.Equal("23:59:59", ViewText.CpuTime(TimeSpan.FromSeconds(86399), TimeSpan.Zero));
        Assert.Equal("3-04:05", ViewText.CpuTime(new TimeSpan(3, 4, 5, 6), TimeSpan.Zero));
        Assert.Null(ViewText.CpuTime(null, TimeSpan.Zero));
    }

    [Fact]
    public void User_names_longer_than_the_column_end_in_a_plus_as_procps_prints_them()
    {
        Assert.Equal("root", ViewText.User("root", 0, 8));
        Assert.Equal("systemd+", ViewText.User("systemd-timesync", 997, 8));
        Assert.Equal("12345678", ViewText.User("12345678", 1, 8));
        Assert.Equal("1000", ViewText.User(null, 1000, 8));
        Assert.Equal("1000", ViewText.User("", 1000, 8));
        Assert.Null(ViewText.User(null, null, 8));
    }

    [Fact]
    public void A_terminal_is_its_name_else_its_number_else_a_question_mark()
    {
        Assert.Equal("pts/3", ViewText.Tty("pts/3", 34819));
        Assert.Equal("34819", ViewText.Tty(null, 34819));
        Assert.Equal("?", ViewText.Tty("", null));
    }

    [Fact]
    public void Pagemap_bits_and_FreeBSD_columns_are_letters_or_dashes()
    {
        Assert.Equal("-x--f", ViewText.PagemapBits(false, true, false, false, true));
        Assert.Equal("sxwgf", ViewText.PagemapBits(true, true, true, true, true));
        Assert.Equal("CN---", ViewText.FreeBsdFlags(VmEntryAttributes.CopyOnWrite | VmEntryAttributes.NeedsCopy));
        Assert.Equal("--SDW", ViewText.FreeBsdFlags(VmEntryAttributes.Superpages | VmEntryAttributes.GrowsDown | VmEntryAttributes.UserWired));
        Assert.Null(ViewText.FreeBsdFlags(null));
        Assert.Equal("vn", ViewText.FreeBsdType(VmObjectType.Vnode));
        Assert.Equal("gd", ViewText.FreeBsdType(VmObjectType.Guard));
        Assert.Equal("??", ViewText.FreeBsdType(VmObjectType.Unknown));
        Assert.Null(ViewText.FreeBsdType(null));
    }
}
