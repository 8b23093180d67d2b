using System;
using System.Collections.Generic;
using System.Globalization;

namespace ProcMap;

/// <summary>
/// One mapping of a process's address space: a line of /proc/PID/maps, a record of smaps with -Detailed,
/// a kinfo_vmentry on FreeBSD, or a PT_LOAD/NT_FILE pair in a core file.
/// Property names are the public contract (DESIGN.md). Sizes and addresses are bytes; what a source
/// cannot know is null, never a made-up zero.
/// </summary>
/// <remarks>
/// A listing can hold 60,000 of these, and what they cost the garbage collector is most of what a listing
/// costs beyond the kernel's own work, so the nullable facts are stored as plain fields with one bit each
/// for "known" rather than as Nullable&lt;T&gt; (which pads every ulong? to 16 bytes): 88 bytes a region.
/// Not sealed only for <see cref="DetailedVmRegion"/>.
/// </remarks>
public class VmRegion
{
    [Flags]
    private enum Known : ushort
    {
        None = 0,
        ProtectionUnknown = 1 << 0,
        HasShared = 1 << 1,
        Shared = 1 << 2,
        HasOffset = 1 << 3,
        HasDeviceMajor = 1 << 4,
        HasDeviceMinor = 1 << 5,
        HasInode = 1 << 6,
        Deleted = 1 << 7,
        HasDumped = 1 << 8,
        Dumped = 1 << 9,
    }

    private ulong _offset;
    private ulong _inode;
    private uint _deviceMajor;
    private uint _deviceMinor;
    private byte _protection;
    private byte _kind;
    private Known _known;

    /// <summary>The process the mapping belongs to.</summary>
    public int ProcessId { get; internal set; }

    /// <summary>First address of the mapping.</summary>
    public ulong Start { get; internal set; }

    /// <summary>First address past the mapping (exclusive, as the kernel prints it).</summary>
    public ulong End { get; internal set; }

    /// <summary>Length in bytes.</summary>
    public ulong Size => End - Start;

    /// <summary>
    /// Read, Write, Execute. None also where a core file does not record it (a gcore core lists a mapping it
    /// did not dump only in NT_FILE, without protection): Permissions then shows <c>????</c>.
    /// </summary>
    public MemoryProtection Protection
    {
        get => (MemoryProtection)_protection;
        internal set => _protection = (byte)value;
    }

    /// <summary>True where the source does not know the protection (see Protection).</summary>
    internal bool ProtectionUnknown
    {
        get => Has(Known.ProtectionUnknown);
        set => Set(Known.ProtectionUnknown, value);
    }

    /// <summary>True for MAP_SHARED, false for private (copy-on-write); null where the source does not say (core files).</summary>
    public bool? Shared
    {
        get => Has(Known.HasShared) ? Has(Known.Shared) : null;
        internal set => SetNullable(Known.HasShared, Known.Shared, value);
    }

    /// <summary>The four letters pmap and /proc/PID/maps show, such as <c>r-xp</c>; the last is <c>s</c>, <c>p</c> or <c>?</c> when unknown.</summary>
    public string Permissions => ProtectionUnknown ? "????" : PermissionText.Format(Protection, Shared);

    /// <summary>Offset of the mapping in its backing object, in bytes.</summary>
    public ulong? Offset
    {
        get => Has(Known.HasOffset) ? _offset : null;
        internal set => _offset = SetValue(Known.HasOffset, value);
    }

    /// <summary>Major number of the device holding the backing file.</summary>
    public uint? DeviceMajor
    {
        get => Has(Known.HasDeviceMajor) ? _deviceMajor : null;
        internal set => _deviceMajor = SetValue(Known.HasDeviceMajor, value);
    }

    /// <summary>Minor number of the device holding the backing file.</summary>
    public uint? DeviceMinor
    {
        get => Has(Known.HasDeviceMinor) ? _deviceMinor : null;
        internal set => _deviceMinor = SetValue(Known.HasDeviceMinor, value);
    }

    /// <summary>The device as the kernel prints it in maps: <c>major:minor</c> in hex, such as <c>fe:01</c>.</summary>
    public string? Device => DeviceMajor is uint major && DeviceMinor is uint minor
        ? major.ToString("x2", CultureInfo.InvariantCulture) + ":" + minor.ToString("x2", CultureInfo.InvariantCulture)
        : null;

    /// <summary>Inode of the backing file; 0 for anonymous memory.</summary>
    public ulong? Inode
    {
        get => Has(Known.HasInode) ? _inode : null;
        internal set => _inode = SetValue(Known.HasInode, value);
    }

    /// <summary>The backing file's path (newlines decoded, " (deleted)" removed); null for anonymous and bracketed regions.</summary>
    public string? Path { get; internal set; }

    /// <summary>What backs the mapping.</summary>
    public VmRegionKind Kind
    {
        get => (VmRegionKind)_kind;
        internal set => _kind = (byte)value;
    }

    /// <summary>True when the backing file was unlinked (the kernel appended " (deleted)").</summary>
    public bool Deleted
    {
        get => Has(Known.Deleted);
        internal set => Set(Known.Deleted, value);
    }

    /// <summary>The name inside <c>[anon:NAME]</c>, <c>[anon_shmem:NAME]</c>, <c>/memfd:NAME</c>, a <c>[vvar_*]</c> variant, or any other bracketed name.</summary>
    public string? Name { get; internal set; }

    /// <summary>Core files only: true when the core holds the mapping's bytes (p_filesz &gt; 0, inside the file); null on a live system.</summary>
    public bool? Dumped
    {
        get => Has(Known.HasDumped) ? Has(Known.Dumped) : null;
        internal set => SetNullable(Known.HasDumped, Known.Dumped, value);
    }

    /// <summary>The label pmap prints in its Mapping column: the path, or the bracketed name.</summary>
    public string Mapping => MappingLabel.For(this);

    // The rest comes from /proc/PID/smaps and is filled only with -Detailed (values are bytes), in the
    // DetailedVmRegion itself: the plain listing, which can be 60,000 regions, pays nothing for it.

    /// <summary>smaps Rss: resident bytes.</summary>
    public ulong? Rss => SmapsValue(SmapsField.Rss);

    /// <summary>smaps Pss: proportional set size (each page divided by the number of processes mapping it).</summary>
    public ulong? Pss => SmapsValue(SmapsField.Pss);

    /// <summary>smaps Pss_Dirty (Linux 6.0+).</summary>
    public ulong? PssDirty => SmapsValue(SmapsField.PssDirty);

    /// <summary>smaps Shared_Clean.</summary>
    public ulong? SharedClean => SmapsValue(SmapsField.SharedClean);

    /// <summary>smaps Shared_Dirty.</summary>
    public ulong? SharedDirty => SmapsValue(SmapsField.SharedDirty);

    /// <summary>smaps Private_Clean.</summary>
    public ulong? PrivateClean => SmapsValue(SmapsField.PrivateClean);

    /// <summary>smaps Private_Dirty.</summary>
    public ulong? PrivateDirty => SmapsValue(SmapsField.PrivateDirty);

    /// <summary>smaps Referenced.</summary>
    public ulong? Referenced => SmapsValue(SmapsField.Referenced);

    /// <summary>smaps Anonymous: bytes not backed by a file.</summary>
    public ulong? Anonymous => SmapsValue(SmapsField.Anonymous);

    /// <summary>smaps KSM: bytes merged by kernel same-page merging.</summary>
    public ulong? Ksm => SmapsValue(SmapsField.Ksm);

    /// <summary>smaps LazyFree: bytes marked MADV_FREE.</summary>
    public ulong? LazyFree => SmapsValue(SmapsField.LazyFree);

    /// <summary>smaps AnonHugePages: anonymous transparent huge pages.</summary>
    public ulong? AnonHugePages => SmapsValue(SmapsField.AnonHugePages);

    /// <summary>smaps ShmemPmdMapped.</summary>
    public ulong? ShmemPmdMapped => SmapsValue(SmapsField.ShmemPmdMapped);

    /// <summary>smaps FilePmdMapped.</summary>
    public ulong? FilePmdMapped => SmapsValue(SmapsField.FilePmdMapped);

    /// <summary>smaps Shared_Hugetlb (not counted in Rss).</summary>
    public ulong? SharedHugetlb => SmapsValue(SmapsField.SharedHugetlb);

    /// <summary>smaps Private_Hugetlb (not counted in Rss).</summary>
    public ulong? PrivateHugetlb => SmapsValue(SmapsField.PrivateHugetlb);

    /// <summary>smaps Swap.</summary>
    public ulong? Swap => SmapsValue(SmapsField.Swap);

    /// <summary>smaps SwapPss.</summary>
    public ulong? SwapPss => SmapsValue(SmapsField.SwapPss);

    /// <summary>smaps Locked.</summary>
    public ulong? Locked => SmapsValue(SmapsField.Locked);

    /// <summary>smaps KernelPageSize.</summary>
    public ulong? KernelPageSize => SmapsValue(SmapsField.KernelPageSize);

    /// <summary>smaps MMUPageSize.</summary>
    public ulong? MmuPageSize => SmapsValue(SmapsField.MmuPageSize);

    /// <summary>smaps THPeligible: 1 when the mapping may use transparent huge pages.</summary>
    public int? ThpEligible => SmapsValue(SmapsField.ThpEligible) is ulong value ? (int)value : null;

    /// <summary>smaps ProtectionKey (x86 memory protection keys).</summary>
    public int? ProtectionKey => SmapsValue(SmapsField.ProtectionKey) is ulong value ? (int)value : null;

    /// <summary>smaps VmFlags: the kernel's two-letter flag codes (rd, wr, ex, gd, lo, ...); may be empty.</summary>
    public IReadOnlyList<string>? VmFlags => (this as DetailedVmRegion)?.Smaps.VmFlags;

    /// <summary>smaps keys this version of ProcMap does not know, so a newer kernel never breaks it: bytes for "kB" values, the bare number otherwise.</summary>
    public IReadOnlyDictionary<string, ulong>? OtherFields => (this as DetailedVmRegion)?.Smaps.OtherFields;

    // FreeBSD's kinfo_vmentry facts, in their own side object for the same reason: Linux listings leave
    // it null and pay one reference per region for it.

    internal FreeBsdVmValues? FreeBsd { get; set; }

    /// <summary>FreeBSD kve_resident: resident pages of the mapping, counted along the shadow chain (procstat's RES); null on Linux.</summary>
    public int? ResidentPages => FreeBsd?.ResidentPages;

    /// <summary>FreeBSD kve_private_resident: resident pages of the top object when it has no backing object (procstat's PRES); null on Linux.</summary>
    public int? PrivateResidentPages => FreeBsd?.PrivateResidentPages;

    /// <summary>FreeBSD kve_ref_count: references to the VM object (procstat's REF); null on Linux.</summary>
    public int? RefCount => FreeBsd?.RefCount;

    /// <summary>FreeBSD kve_shadow_count: objects shadowing this one (procstat's SHD); null on Linux.</summary>
    public int? ShadowCount => FreeBsd?.ShadowCount;

    /// <summary>FreeBSD kve_flags: copy-on-write, needs-copy, no-core-dump, superpages, grows up/down, wired (procstat's FLAG); null on Linux.</summary>
    public VmEntryAttributes? EntryFlags => FreeBsd?.Flags;

    /// <summary>FreeBSD kve_type: the VM object's type (procstat's TP); null on Linux.</summary>
    public VmObjectType? ObjectType => FreeBsd?.ObjectType;

    // PowerShell remoting sends an enum as its name (a string), on which -band fails; these numbers travel
    // as numbers, so a client without ProcMap can still test one flag (docs/remoting.md).

    /// <summary>Protection as its number (Read 1, Write 2, Execute 4), for <c>-band</c> on objects that came through remoting.</summary>
    public int ProtectionValue => (int)Protection;

    /// <summary>EntryFlags as its number (kve_flags: 0x1 copy-on-write ... 0x40 user wired); null on Linux.</summary>
    public int? EntryFlagsValue => (int?)FreeBsd?.Flags;

    private ulong? SmapsValue(SmapsField field) => this is DetailedVmRegion detailed ? detailed.Smaps.Get(field) : null;

    private bool Has(Known bit) => (_known & bit) != 0;

    private void Set(Known bit, bool value) => _known = value ? _known | bit : _known & ~bit;

    private void SetNullable(Known has, Known bit, bool? value)
    {
        Set(has, value.HasValue);
        Set(bit, value == true);
    }

    private T SetValue<T>(Known has, T? value)
        where T : struct
    {
        Set(has, value.HasValue);
        return value.GetValueOrDefault();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Start.ToString("x", CultureInfo.InvariantCulture) + "-" + End.ToString("x", CultureInfo.InvariantCulture) + " " + Permissions + " " + Mapping;
}

/// <summary>
/// A <see cref="VmRegion"/> read with -Detailed (/proc/PID/smaps), its residency and accounting figures
/// filled. Its own type so that the pmap -x table view is chosen by the CLR type, which every object
/// carries for free, rather than by a type name added to a PSObject wrapped around each of them (one
/// wrapper, one type-name list and one entry in PowerShell's weak table per region).
/// </summary>
public sealed class DetailedVmRegion : VmRegion
{
    /// <summary>The smaps figures, stored in the region (no object of their own).</summary>
    internal SmapsValues Smaps;
}
