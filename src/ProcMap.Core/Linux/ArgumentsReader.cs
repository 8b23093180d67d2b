using System.Threading;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// kvm_getargv(3) and kvm_getenvv(3) for a live Linux process: the name and argv area bounds from stat, the
/// arguments from cmdline, and on request the environment from environ. Three small reads into the one
/// reused buffer; environ only when asked for, since it is the one that needs ptrace rights.
/// </summary>
internal static class ArgumentsReader
{
    public static ArgumentsReading Read(ProcFs proc, int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string statPath = proc.PathOf(processId, "stat");
        var stat = proc.ReadAll(statPath, processId);
        if (!StatFile.TryParse(stat, out var fields, argumentArea: true))
        {
            throw new ProcReadException(statPath, Messages.UnexpectedFormat(1, "pid (comm) state ..."));
        }

        var result = new ProcessArguments
        {
            ProcessId = processId,
            Name = KernelText.Decode(StatFile.Comm(stat, fields)),
        };

        // Kernel threads and zombies: cmdline is empty, so Arguments is empty, with no error (as kvm_getargv
        // gives nothing for system processes).
        result.Arguments = CmdlineFile.Read(proc, processId, fields.ArgumentEnd - fields.ArgumentStart, maxChars, out bool truncated, out bool retitled);
        result.CommandLine = ShellQuoting.Join(result.Arguments);
        result.Retitled = retitled;

        ProcMapException? environmentError = null;
        if (includeEnvironment)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Environment = EnvironFile.Read(proc, processId, maxChars, out bool environmentTruncated, out environmentError);
            truncated |= environmentTruncated;
        }

        result.Truncated = truncated;
        return new ArgumentsReading(result, environmentError);
    }
}
