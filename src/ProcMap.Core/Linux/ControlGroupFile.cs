using System;
using System.IO;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>Which cgroup hierarchies the system has mounted, as systemd tells them apart (cg_unified_cached).</summary>
internal enum ControlGroupLayout
{
    /// <summary>cgroup v1 only: systemd tracks units in the name=systemd hierarchy.</summary>
    Legacy,

    /// <summary>v1 controllers with cgroup2 at /sys/fs/cgroup/unified: systemd tracks units in cgroup2.</summary>
    Hybrid,

    /// <summary>cgroup2 at /sys/fs/cgroup.</summary>
    Unified,
}

/// <summary>
/// /proc/PID/cgroup (man cgroups(7)): one "hierarchy-ID:controllers:path" line per hierarchy, "0::path" for
/// cgroup2. The control group that names a process's unit is the one systemd and libsystemd's
/// sd_pid_get_unit (ps -o unit) read: the cgroup2 line where a cgroup2 hierarchy is mounted (unified or
/// hybrid), the name=systemd line otherwise.
/// </summary>
internal static class ControlGroupFile
{
    private static readonly string[] UnitSuffixes =
    {
        ".service", ".scope", ".socket", ".mount", ".automount", ".swap", ".target", ".path", ".timer", ".device",
    };

    /// <summary>The layout of the cgroup file systems under <paramref name="root"/> (/sys/fs/cgroup).</summary>
    public static ControlGroupLayout Detect(string root = "/sys/fs/cgroup") =>
        File.Exists(root + "/cgroup.controllers") ? ControlGroupLayout.Unified
        : File.Exists(root + "/unified/cgroup.controllers") ? ControlGroupLayout.Hybrid
        : ControlGroupLayout.Legacy;

    /// <summary>The path of the control group that names the process's unit; null when the file has no line for it.</summary>
    public static string? Parse(ReadOnlySpan<byte> text, ControlGroupLayout layout)
    {
        ReadOnlySpan<byte> unified = default;
        ReadOnlySpan<byte> systemd = default;
        bool hasUnified = false;
        bool hasSystemd = false;
        while (!text.IsEmpty)
        {
            int end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? default : text[(end + 1)..];
            int first = line.IndexOf((byte)':');
            int second = first < 0 ? -1 : line[(first + 1)..].IndexOf((byte)':');
            if (second < 0)
            {
                continue;
            }

            var id = line[..first];
            var controllers = line.Slice(first + 1, second);
            var path = line[(first + second + 2)..];
            if (id.SequenceEqual("0"u8) && controllers.IsEmpty)
            {
                unified = path;
                hasUnified = true;
            }
            else if (controllers.SequenceEqual("name=systemd"u8))
            {
                systemd = path;
                hasSystemd = true;
            }
        }

        bool useUnified = layout != ControlGroupLayout.Legacy ? hasUnified : !hasSystemd && hasUnified;
        if (useUnified)
        {
            return KernelText.Decode(unified);
        }

        return hasSystemd ? KernelText.Decode(systemd) : null;
    }

    /// <summary>
    /// The unit a control group path names, as systemd's cg_path_get_unit reads it: the slices
    /// (".slice" components) are skipped and the next component is the unit when it has a unit's suffix;
    /// a path of slices alone names its innermost slice; "/" and paths of no unit name none (null).
    /// A component systemd had to escape starts with '_', which is dropped (cg_unescape).
    /// </summary>
    public static string? UnitOf(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        string? slice = null;
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = part.StartsWith('_') ? part[1..] : part;
            if (name.EndsWith(".slice", StringComparison.Ordinal))
            {
                slice = name;
                continue;
            }

            foreach (string suffix in UnitSuffixes)
            {
                if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return name;
                }
            }

            return null;
        }

        return slice;
    }
}
