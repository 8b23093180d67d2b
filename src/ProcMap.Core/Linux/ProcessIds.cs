namespace ProcMap.Linux;

/// <summary>The rule every source applies to a process id before touching the kernel.</summary>
internal static class ProcessIds
{
    public static void Validate(long processId)
    {
        if (processId < 1)
        {
            throw new ProcMapArgumentException(ErrorIds.InvalidProcessId, Messages.InvalidProcessId(processId), processId);
        }
    }
}
