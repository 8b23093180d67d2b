using System.Text;

namespace ProcMap;

/// <summary>Builds ps's STAT text (procps ps/output.c pr_stat) from a ProcessInfo's properties.</summary>
internal static class StatText
{
    public static string Format(ProcessInfo process)
    {
        var text = new StringBuilder(5);
        text.Append(Letter(process.State));
        if (process.Nice < 0)
        {
            text.Append('<');
        }
        else if (process.Nice > 0)
        {
            text.Append('N');
        }

        if (process.LockedBytes > 0)
        {
            text.Append('L');
        }

        if (process.SessionId == process.ProcessId)
        {
            text.Append('s');
        }

        if (process.ThreadCount > 1)
        {
            text.Append('l');
        }

        if (process.TerminalProcessGroupId is int foreground && foreground == process.ProcessGroupId)
        {
            text.Append('+');
        }

        return text.ToString();
    }

    private static char Letter(ProcessState? state) => state switch
    {
        ProcessState.Running => 'R',
        ProcessState.Sleeping => 'S',
        ProcessState.DiskSleep => 'D',
        ProcessState.Stopped => 'T',
        ProcessState.TracingStop => 't',
        ProcessState.Zombie => 'Z',
        ProcessState.Dead => 'X',
        ProcessState.Idle => 'I',
        ProcessState.Parked => 'P',
        ProcessState.Creating => 'I',
        ProcessState.WaitingForInterrupt => 'W',
        ProcessState.Locked => 'L',
        _ => '?',
    };
}
