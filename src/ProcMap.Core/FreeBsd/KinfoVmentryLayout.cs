namespace ProcMap.FreeBsd;

/// <summary>
/// Byte offsets of struct kinfo_vmentry, the record of sysctl {CTL_KERN, KERN_PROC, KERN_PROC_VMMAP, pid}.
/// Read from freebsd/freebsd-src sys/sys/user.h at commit 29363fb446372cb3f10bc98664e9767c53fbb457
/// (FreeBSD 12 and later; the fields are fixed-width types, so amd64 and arm64 share the layout).
/// <code>
///   off size field
///     0    4 int      kve_structsize          size of THIS record (packed: offsetof(kve_path) + strlen + 1, rounded up to 8)
///     4    4 int      kve_type                KVME_TYPE_*
///     8    8 uint64_t kve_start
///    16    8 uint64_t kve_end
///    24    8 uint64_t kve_offset              summed along the shadow chain by the kernel
///    32    8 uint64_t kve_vn_fileid           inode, when kve_status has KF_ATTR_VALID
///    40    4 uint32_t kve_vn_fsid_freebsd11   (truncated compat copy, not read)
///    44    4 int      kve_flags               KVME_FLAG_*
///    48    4 int      kve_resident            pages
///    52    4 int      kve_private_resident    pages
///    56    4 int      kve_protection          KVME_PROT_READ 1, WRITE 2, EXEC 4
///    60    4 int      kve_ref_count
///    64    4 int      kve_shadow_count
///    68    4 int      kve_vn_type             KF_VTYPE_* (not read)
///    72    8 uint64_t kve_vn_size             (not read)
///    80    4 uint32_t kve_vn_rdev_freebsd11   (not read)
///    84    2 uint16_t kve_vn_mode             (not read)
///    86    2 uint16_t kve_status              KF_ATTR_VALID 0x0001 when VOP_GETATTR succeeded
///    88    8 union    kve_vn_fsid / kve_obj   dev_t of the file system (st_dev) for vnodes
///    96    8 uint64_t kve_vn_rdev             (not read)
///   104   32 int[8]   _kve_ispare
///   136 1024 char     kve_path[PATH_MAX]      NUL-terminated; empty for anonymous memory
///  1160               KINFO_VMENTRY_SIZE
/// </code>
/// kern_proc_vmmap_out (sys/kern/kern_proc.c) packs each record down to its path, so records are walked
/// by kve_structsize, never by sizeof.
/// </summary>
internal static class KinfoVmentryLayout
{
    public const int StructSize = 0;
    public const int Type = 4;
    public const int Start = 8;
    public const int End = 16;
    public const int Offset = 24;
    public const int VnodeFileId = 32;
    public const int Flags = 44;
    public const int Resident = 48;
    public const int PrivateResident = 52;
    public const int Protection = 56;
    public const int RefCount = 60;
    public const int ShadowCount = 64;
    public const int Status = 86;
    public const int VnodeFsid = 88;
    public const int Path = 136;

    /// <summary>offsetof(struct kinfo_vmentry, kve_path): the fixed part every packed record has.</summary>
    public const int FixedSize = Path;

    /// <summary>KINFO_VMENTRY_SIZE: an unpacked record (kinfo_getvmmap(3) output, old kernels).</summary>
    public const int FullSize = 1160;

    /// <summary>KF_ATTR_VALID in kve_status.</summary>
    public const ushort AttributesValid = 0x0001;
}
