namespace ProcMap;

/// <summary>The label pmap prints for a mapping: the path, or the bracketed name the kernel used.</summary>
internal static class MappingLabel
{
    public static string For(VmRegion region)
    {
        if (region.Path is string path)
        {
            return region.Deleted ? path + " (deleted)" : path;
        }

        return region.Kind switch
        {
            VmRegionKind.Heap => "[heap]",
            VmRegionKind.Stack => "[stack]",
            VmRegionKind.Vdso => "[vdso]",
            VmRegionKind.Vvar => "[" + (region.Name ?? "vvar") + "]",
            VmRegionKind.Vsyscall => "[vsyscall]",
            VmRegionKind.NamedAnonymous => "[anon:" + region.Name + "]",
            VmRegionKind.SharedMemory when region.Name is not null => "[anon_shmem:" + region.Name + "]",
            VmRegionKind.Other when region.Name is not null => "[" + region.Name + "]",
            _ => "[ anon ]",
        };
    }
}
