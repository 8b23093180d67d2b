using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

/// <summary>The coalescing rules on synthetic pagemap entries (swap and userfaultfd cannot be produced on these machines).</summary>
public class PageRunCoalescerTests
{
    private const ulong Page = 4096;
    private const ulong Base = 0x7f0000000000;
    private const ulong Present = PagemapEntry.Present;
    private const ulong Swapped = PagemapEntry.Swapped;

    private static ulong Swap(ulong type, ulong offset) => Swapped | (offset << 5) | type;

    private static (ulong Start, long Pages, ulong Entry)[] Runs(ulong[] entries) =>
        PageRunCoalescer.Coalesce(Page, Base, entries).Select(r => (r.VirtualStart, r.PageCount, r.Entry)).ToArray();

    [Fact]
    public void Consecutive_frames_with_equal_bits_are_one_run()
    {
        ulong e = Present | PagemapEntry.Exclusive;
        var runs = Runs(new[] { e | 100, e | 101, e | 102, e | 103 });
        Assert.Equal(new[] { (Base, 4L, e | 100) }, runs);
    }

    [Fact]
    public void A_frame_gap_a_descending_frame_or_a_repeated_frame_splits_the_run()
    {
        var runs = Runs(new[] { Present | 100, Present | 101, Present | 200, Present | 199, Present | 199 });
        Assert.Equal(new long[] { 2, 1, 1, 1 }, runs.Select(r => r.Pages));
        Assert.Equal(new[] { Base, Base + 2 * Page, Base + 3 * Page, Base + 4 * Page }, runs.Select(r => r.Start));
    }

    [Theory]
    [InlineData(PagemapEntry.SoftDirty)]
    [InlineData(PagemapEntry.Exclusive)]
    [InlineData(PagemapEntry.UffdWp)]
    [InlineData(PagemapEntry.FileOrSharedAnon)]
    public void A_changed_pagemap_bit_splits_even_consecutive_frames(ulong bit)
    {
        var runs = Runs(new[] { Present | 10, Present | 11, Present | bit | 12, Present | bit | 13 });
        Assert.Equal(new long[] { 2, 2 }, runs.Select(r => r.Pages));
        Assert.Equal(Present | bit | 12, runs[1].Entry);
    }

    [Fact]
    public void Swapped_pages_coalesce_on_consecutive_offsets_of_one_swap_type()
    {
        var runs = Runs(new[] { Swap(1, 500), Swap(1, 501), Swap(1, 502), Swap(2, 503), Swap(2, 504), Swap(2, 600), Swap(2, 600) });
        Assert.Equal(new long[] { 3, 2, 1, 1 }, runs.Select(r => r.Pages));
        Assert.Equal(Swap(2, 503), runs[1].Entry);
        Assert.All(runs, r => Assert.Equal(PageState.Swapped, PagemapEntry.StateOf(r.Entry)));
    }

    [Fact]
    public void Uffd_write_protected_swap_entries_split_from_unprotected_ones()
    {
        ulong wp = PagemapEntry.UffdWp;
        var runs = Runs(new[] { Swap(0, 7), Swap(0, 8) | wp, Swap(0, 9) | wp, Present | wp | 40, Present | wp | 41 });
        Assert.Equal(new long[] { 1, 2, 2 }, runs.Select(r => r.Pages));
        Assert.Equal(PageState.Swapped, PagemapEntry.StateOf(runs[1].Entry));
        Assert.Equal(PageState.Present, PagemapEntry.StateOf(runs[2].Entry));
    }

    [Fact]
    public void Guard_markers_are_not_present_and_coalesce_as_equal_entries()
    {
        ulong guard = Swapped | PagemapEntry.Guard;
        Assert.Equal(PageState.NotPresent, PagemapEntry.StateOf(guard));
        var runs = Runs(new[] { guard, guard, guard, 0UL, 0UL });
        Assert.Equal(new long[] { 3, 2 }, runs.Select(r => r.Pages));
    }

    [Fact]
    public void Hidden_frames_coalesce_by_state_and_bits_only()
    {
        // Without CAP_SYS_ADMIN the kernel zeroes bits 0-54: present and swapped pages repeat one entry.
        ulong hidden = Present | PagemapEntry.Exclusive;
        var runs = Runs(new[] { hidden, hidden, hidden, Swapped, Swapped, 0UL, hidden | PagemapEntry.SoftDirty });
        Assert.Equal(new long[] { 3, 2, 1, 1 }, runs.Select(r => r.Pages));
        Assert.True(PagemapEntry.FrameHidden(hidden));
        Assert.True(PagemapEntry.FrameHidden(Swapped));
        Assert.False(PagemapEntry.FrameHidden(0));
    }

    [Fact]
    public void A_frame_at_the_top_of_its_field_does_not_carry_into_the_soft_dirty_bit()
    {
        ulong top = Present | PagemapEntry.FrameMask;
        var runs = Runs(new[] { top, Present | PagemapEntry.SoftDirty });
        Assert.Equal(2, runs.Length);
    }

    [Fact]
    public void Page_flags_and_map_counts_join_the_key()
    {
        ulong[] entries = { Present | 1, Present | 2, Present | 3, Present | 4, 0 };
        ulong[] flags = { 0x828, 0x828, 0x868, 0x868, PageRunCoalescer.NoPageInfo };
        long[] counts = { 1, 1, 1, 2, 0 };
        var runs = PageRunCoalescer.Coalesce(Page, Base, entries, flags, counts);
        Assert.Equal(new long[] { 2, 1, 1, 1 }, runs.Select(r => r.PageCount));
        Assert.Equal(new[] { true, true, true, false }, runs.Select(r => r.HasPageInfo));
        Assert.Equal(0x868UL, runs[2].PageFlags);
        Assert.Equal(2L, runs[2].MapCount);
    }

    [Fact]
    public void Runs_continue_across_chunks_and_repeated_stretches()
    {
        var coalescer = new PageRunCoalescer(Page);
        var runs = new List<PageRun>();
        coalescer.Begin(Base);
        coalescer.Add(new[] { Present | 50, Present | 51 }, default, default, runs);
        coalescer.Add(new[] { Present | 52 }, default, default, runs);
        coalescer.AddRepeated(0, 1000, runs);
        coalescer.AddRepeated(0, 24, runs);
        coalescer.AddRepeated(PagemapEntry.SoftDirty, 4, runs);
        coalescer.Flush(runs);
        Assert.Equal(new long[] { 3, 1024, 4 }, runs.Select(r => r.PageCount));
        Assert.Equal(Base + 1027 * Page, runs[2].VirtualStart);
        Assert.Equal(Base + 1031 * Page, coalescer.NextAddress);
        Assert.Throws<ArgumentException>(() => coalescer.AddRepeated(Present | 9, 2, runs));
    }

    [Fact]
    public void Any_entries_give_runs_that_tile_the_range_and_follow_the_rule()
    {
        // Entries drawn from a small alphabet so that runs, breaks and repeats all occur.
        var entry = Gen.OneOf(
            Gen.Const(0UL),
            Gen.Const(PagemapEntry.SoftDirty),
            Gen.ULong[1, 6].Select(f => Present | f),
            Gen.ULong[1, 6].Select(f => Present | PagemapEntry.Exclusive | f),
            Gen.ULong[1, 4].Select(o => Swap(1, o)),
            Gen.Const(Present));
        entry.Array[0, 200].Sample(entries =>
        {
            var runs = PageRunCoalescer.Coalesce(Page, Base, entries);
            Assert.Equal(entries.Length, runs.Sum(r => r.PageCount));
            ulong next = Base;
            int index = 0;
            foreach (var run in runs)
            {
                Assert.Equal(next, run.VirtualStart);
                Assert.Equal(entries[index], run.Entry);
                for (int k = 1; k < run.PageCount; k++)
                {
                    Assert.Equal(entries[index + k - 1] + PagemapEntry.Stride(entries[index + k - 1]), entries[index + k]);
                }

                index += (int)run.PageCount;
                next += (ulong)run.PageCount * Page;
                if (index < entries.Length)
                {
                    // A run ends only where the next entry does not continue it.
                    Assert.NotEqual(entries[index - 1] + PagemapEntry.Stride(entries[index - 1]), entries[index]);
                }
            }
        });
    }
}
