using System;
using System.Threading;
using ProcMap.Elf;
using ProcMap.Text;

namespace ProcMap.CoreFile;

/// <summary>
/// Get-ProcessArgs on a core. From the dumped stack it rebuilds exactly what /proc/PID/cmdline and
/// environ gave at the time of the dump (fs/proc/base.c get_mm_cmdline): the argument area split on NULs,
/// or, when the area's last byte is not NUL (setproctitle overwrote it), the one string from its start
/// to the first NUL, which may run on into the environment area. Where the stack was not dumped (or has
/// not the layout exec gives it) it falls back to pr_psargs, at most 79 bytes with the NULs turned into
/// spaces: one string, with Truncated set, and no environment.
/// </summary>
internal static class CoreArguments
{
    // ELF_PRARGSZ (80) less the terminating NUL.
    private const int PsArgsMax = 79;

    public static ArgumentsReading Read(CoreImage image, string path, bool includeEnvironment, int maxChars, CancellationToken cancellationToken)
    {
        var arguments = new ProcessArguments
        {
            ProcessId = image.ProcessId,
            Name = image.PsInfo?.Name,
        };

        if (CoreStack.Find(image, cancellationToken) is not StackStrings strings)
        {
            FromPsArgs(arguments, image.PsInfo, maxChars);
            var missing = includeEnvironment ? new CoreDataNotDumpedException(path, Messages.CoreEnvironmentNotDumped) : null;
            return new ArgumentsReading(arguments, missing);
        }

        byte[] area = strings.Read(image.Bytes, strings.ArgumentStart, strings.EnvironmentEnd);
        int argumentLength = (int)(strings.ArgumentEnd - strings.ArgumentStart);
        ReadOnlySpan<byte> argumentArea = area.AsSpan(0, argumentLength);
        if (argumentLength > 0 && area[argumentLength - 1] != 0)
        {
            argumentArea = NulStrings.ProcessTitle(area, out _);
            arguments.Retitled = true;
        }

        arguments.SetArguments(argumentArea, maxChars);
        if (includeEnvironment)
        {
            arguments.SetEnvironment(area.AsSpan(argumentLength), maxChars);
        }

        return new ArgumentsReading(arguments, null);
    }

    private static void FromPsArgs(ProcessArguments arguments, CorePsInfo? psinfo, int maxChars)
    {
        if (psinfo is null || psinfo.PsArgs.Length == 0)
        {
            arguments.Truncated = true;
            return;
        }

        // The kernel copies min(arg_end - arg_start, 79) bytes: when the area was shorter, the last byte
        // copied is the final argument's NUL, now a space, and not part of any argument.
        ReadOnlySpan<byte> text = psinfo.PsArgs;
        if (text.Length < PsArgsMax && text[^1] == (byte)' ')
        {
            text = text[..^1];
        }

        arguments.SetArguments(text, maxChars);
        arguments.Truncated = true;
    }
}
