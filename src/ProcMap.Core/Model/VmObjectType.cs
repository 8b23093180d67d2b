namespace ProcMap;

/// <summary>
/// The type of the VM object behind a FreeBSD map entry, kinfo_vmentry kve_type (KVME_TYPE_* in
/// sys/sys/user.h); procstat -v prints it in its TP column. The values are the kernel's, so a type a
/// newer kernel adds shows as its number.
/// </summary>
public enum VmObjectType
{
    /// <summary>KVME_TYPE_NONE: no object yet (anonymous memory never touched); procstat's --.</summary>
    None = 0,

    /// <summary>KVME_TYPE_DEFAULT: anonymous memory without swap backing (no longer returned by current kernels); df.</summary>
    Default = 1,

    /// <summary>KVME_TYPE_VNODE: a file (also a tmpfs file); vn.</summary>
    Vnode = 2,

    /// <summary>KVME_TYPE_SWAP: anonymous or shared memory backed by swap; sw.</summary>
    Swap = 3,

    /// <summary>KVME_TYPE_DEVICE: device memory; dv.</summary>
    Device = 4,

    /// <summary>KVME_TYPE_PHYS: wired physical pages, such as the shared page; ph.</summary>
    Phys = 5,

    /// <summary>KVME_TYPE_DEAD: an object being torn down; dd.</summary>
    Dead = 6,

    /// <summary>KVME_TYPE_SG: scatter/gather device memory; sg.</summary>
    Sg = 7,

    /// <summary>KVME_TYPE_MGTDEVICE: managed device memory; md.</summary>
    MgtDevice = 8,

    /// <summary>KVME_TYPE_GUARD: a guard entry (the stack gap); gd.</summary>
    Guard = 9,

    /// <summary>KVME_TYPE_UNKNOWN; ??.</summary>
    Unknown = 255,
}
