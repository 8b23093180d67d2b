namespace ProcMap;

/// <summary>The kinfo_vmentry facts of one FreeBSD region; allocated only by FreeBSD sources.</summary>
internal sealed class FreeBsdVmValues
{
    public int ResidentPages { get; init; }

    public int PrivateResidentPages { get; init; }

    public int RefCount { get; init; }

    public int ShadowCount { get; init; }

    public VmEntryAttributes Flags { get; init; }

    public VmObjectType ObjectType { get; init; }
}
