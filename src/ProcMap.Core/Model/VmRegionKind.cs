namespace ProcMap;

/// <summary>What backs a mapping, told from the name the kernel gives it (procstat's TP column, pmap's [ anon ]).</summary>
public enum VmRegionKind
{
    /// <summary>Private anonymous memory with no name.</summary>
    Anonymous,

    /// <summary>A mapped file; Path holds its name.</summary>
    File,

    /// <summary>The brk area, <c>[heap]</c>.</summary>
    Heap,

    /// <summary>The main thread's stack, <c>[stack]</c>.</summary>
    Stack,

    /// <summary>The vDSO, <c>[vdso]</c>.</summary>
    Vdso,

    /// <summary>The vDSO's data pages, <c>[vvar]</c> and its <c>[vvar_*]</c> variants.</summary>
    Vvar,

    /// <summary>The legacy x86-64 <c>[vsyscall]</c> page at 0xffffffffff600000.</summary>
    Vsyscall,

    /// <summary>Shared memory: SysV segments (<c>/SYSV…</c>), <c>[anon_shmem:NAME]</c> and shared anonymous maps (<c>/dev/zero (deleted)</c>).</summary>
    SharedMemory,

    /// <summary>A memfd_create(2) file, <c>/memfd:NAME</c>.</summary>
    Memfd,

    /// <summary>Anonymous memory named with prctl(PR_SET_VMA_ANON_NAME), <c>[anon:NAME]</c>.</summary>
    NamedAnonymous,

    /// <summary>Any other bracketed name the kernel prints (<c>[uprobes]</c>, <c>[vectors]</c>, …); the name is in Name.</summary>
    Other,
}
