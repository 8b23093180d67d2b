using System;

namespace ProcMap;

/// <summary>Access rights of a mapping, as mmap(2) PROT_* and kinfo_vmentry KVME_PROT_* give them.</summary>
[Flags]
public enum MemoryProtection
{
    /// <summary>PROT_NONE: a guard or reserved range.</summary>
    None = 0,

    /// <summary>PROT_READ.</summary>
    Read = 1,

    /// <summary>PROT_WRITE.</summary>
    Write = 2,

    /// <summary>PROT_EXEC.</summary>
    Execute = 4,
}
