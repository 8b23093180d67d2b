using System;
using System.Runtime.InteropServices;
using ProcMap.Interop;

namespace ProcMap.Linux;

/// <summary>struct pm_scan_arg of include/uapi/linux/fs.h (Linux 6.7): twelve u64 fields, 96 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PmScanArg
{
    public ulong Size;
    public ulong Flags;
    public ulong Start;
    public ulong End;
    public ulong WalkEnd;
    public ulong Vec;
    public ulong VecLen;
    public ulong MaxPages;
    public ulong CategoryInverted;
    public ulong CategoryMask;
    public ulong CategoryAnyofMask;
    public ulong ReturnMask;
}

/// <summary>struct page_region of include/uapi/linux/fs.h: [Start, End) with the PAGE_IS_* categories of every page in it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PageRegion
{
    public ulong Start;
    public ulong End;
    public ulong Categories;
}

/// <summary>
/// The PAGEMAP_SCAN ioctl on an open /proc/PID/pagemap (Linux 6.7+, man PAGEMAP_SCAN(2const)): the kernel
/// walks the page tables and returns runs of pages with equal categories, 24 bytes per run instead of 8
/// per page. ProcMap asks for every page (no category filter) with PRESENT, SWAPPED and SOFT_DIRTY
/// reported, so holes come back as runs too; VM_PFNMAP mappings are skipped by the kernel and show up as
/// gaps, which the caller reads from pagemap itself.
/// </summary>
internal static class PagemapScan
{
    public const ulong PageIsPresent = 1UL << 3;
    public const ulong PageIsSwapped = 1UL << 4;
    public const ulong PageIsSoftDirty = 1UL << 7;

    /// <summary>The categories asked for; a kernel that lacks one answers EINVAL (then ProcMap reads pagemap page by page).</summary>
    public const ulong ReturnMask = PageIsPresent | PageIsSwapped | PageIsSoftDirty;

    /// <summary>
    /// _IOWR('f', 16, struct pm_scan_arg) in the asm-generic ioctl encoding used by x86, arm64 and riscv:
    /// direction (read|write = 3) in bits 30-31, size in bits 16-29, type in 8-15, number in 0-7.
    /// </summary>
    public static readonly nuint Request = IoWR((byte)'f', 16, Marshal.SizeOf<PmScanArg>());

    /// <summary>
    /// Scans [start, end) (start page aligned) into <paramref name="regions"/>. Returns the number of
    /// regions filled, or -errno; <paramref name="walkEnd"/> is where the kernel stopped (end when done,
    /// earlier when the buffer filled).
    /// </summary>
    public static unsafe int Scan(FileDescriptor descriptor, ulong start, ulong end, Span<PageRegion> regions, out ulong walkEnd)
    {
        fixed (PageRegion* vec = regions)
        {
            var arg = new PmScanArg
            {
                Size = (ulong)sizeof(PmScanArg),
                Start = start,
                End = end,
                Vec = (ulong)vec,
                VecLen = (ulong)regions.Length,
                ReturnMask = ReturnMask,
            };
            bool added = false;
            try
            {
                descriptor.DangerousAddRef(ref added);
                while (true)
                {
                    int n = LibC.Ioctl(descriptor.Value, Request, &arg);
                    if (n >= 0)
                    {
                        walkEnd = arg.WalkEnd;
                        return n;
                    }

                    int errno = Marshal.GetLastPInvokeError();
                    if (errno != LibC.EINTR)
                    {
                        walkEnd = start;
                        return -errno;
                    }
                }
            }
            finally
            {
                if (added)
                {
                    descriptor.DangerousRelease();
                }
            }
        }
    }

    private static nuint IoWR(byte type, byte number, int size) =>
        (nuint)((3u << 30) | ((uint)size << 16) | ((uint)type << 8) | number);
}
