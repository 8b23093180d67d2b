using System;
using System.Threading;

namespace ProcMap.Linux;

/// <summary>
/// The memory totals of one address space for Get-KvmProcess -IncludeMemory: /proc/PID/smaps_rollup
/// (Linux 4.14+, fs/proc/task_mmu.c show_smaps_rollup), one small read that the kernel sums while it walks
/// the page tables, as psutil 5.9.1+, htop and atop read it. The rollup prints one header line
/// ("start-end ---p 00000000 00:00 0 [rollup]") and then the smaps keys, so the smaps field parser reads it.
/// Where the kernel has no rollup (ENOENT: older than 4.14) it sums every record of /proc/PID/smaps instead,
/// as smem does; the figures then lack Pss_Anon, Pss_File and Pss_Shmem (rollup-only keys), and Pss can be
/// lower by less than 1 KiB per mapping, since each record is rounded down to whole kilobytes on its own.
/// </summary>
internal sealed class SmapsRollup
{
    /// <summary>Set to 1, the rollup is never read and smaps is summed: the path of kernels before 4.14, for tests.</summary>
    public const string DisableVariable = "PROCMAP_DISABLE_SMAPS_ROLLUP";

    private readonly ProcFs _proc;
    private readonly SmapsFields _fields = new(rollup: true);
    private bool _rollupMissing;

    public SmapsRollup(ProcFs proc, bool disableRollup)
    {
        _proc = proc;
        _rollupMissing = disableRollup;
    }

    /// <summary>
    /// The totals of <paramref name="processId"/>'s address space, or null with <paramref name="failure"/>
    /// saying why: ProcessNotFound (gone), ProcessHasNoAddressSpace (a kernel thread or zombie: the kernel
    /// answers ESRCH), AccessDenied (the ptrace read check at open), or another read failure.
    /// </summary>
    public SmapsValues? TryRead(int processId, CancellationToken cancellationToken, out ProcMapException? failure)
    {
        failure = null;
        if (!_rollupMissing)
        {
            string path = _proc.PathOf(processId, "smaps_rollup");
            if (_proc.TryReadAll(path, processId, out var text, out int errno))
            {
                return Parse(text, path, out failure);
            }

            failure = _proc.Failure(errno, processId, path);
            if (failure is not KernelFileMissingException)
            {
                return null;
            }

            // One kernel for the whole listing: once the rollup is missing, every process sums smaps.
            _rollupMissing = true;
        }

        return TrySum(processId, cancellationToken, out failure);
    }

    private SmapsValues? Parse(ReadOnlySpan<byte> text, string path, out ProcMapException? failure)
    {
        failure = null;
        var totals = default(SmapsValues);
        int lineNumber = 0;
        while (!text.IsEmpty)
        {
            int newline = text.IndexOf((byte)'\n');
            var line = newline < 0 ? text : text[..newline];
            text = newline < 0 ? default : text[(newline + 1)..];
            lineNumber++;
            if (lineNumber == 1 && !SmapsFields.IsFieldLine(line))
            {
                continue; // the [rollup] header: the span from the first mapping to the last
            }

            if (!_fields.TryApply(line, ref totals))
            {
                failure = new ProcReadException(path, Messages.UnexpectedFormat(lineNumber, "Key: value [kB]"));
                return null;
            }
        }

        return totals;
    }

    private SmapsValues? TrySum(int processId, CancellationToken cancellationToken, out ProcMapException? failure)
    {
        failure = null;
        var totals = default(SmapsValues);
        try
        {
            foreach (var region in SmapsReader.Read(_proc, processId, null, cancellationToken))
            {
                if (region is DetailedVmRegion detailed)
                {
                    totals.Add(detailed.Smaps);
                }
            }
        }
        catch (ProcMapException exception)
        {
            failure = exception;
            return null;
        }

        return totals;
    }
}
