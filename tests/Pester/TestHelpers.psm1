# Shared helpers for the Pester suite: import the built module, start and stop subject processes.

function Import-ProcMapUnderTest {
    $path = if ($env:PROCMAP_MODULE_PATH) { $env:PROCMAP_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/ProcMap' }
    Import-Module (Join-Path $path 'ProcMap.psd1') -Force -Global
}

# Starts a program as a subject and waits until it has exec'd, so its maps and cmdline are final.
function Start-Subject {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    $info = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $name = [IO.Path]::GetFileName($FilePath)
    for ($i = 0; $i -lt 200; $i++) {
        $exe = try { [IO.File]::ReadAllText("/proc/$($process.Id)/maps") } catch { '' }
        if ($exe -match [regex]::Escape($name)) { break }
        Start-Sleep -Milliseconds 10
    }
    Start-Sleep -Milliseconds 50
    $process
}

function Stop-Subject {
    param([Diagnostics.Process] $Process)
    if ($Process -and -not $Process.HasExited) { $Process.Kill(); $Process.WaitForExit() }
}

# The maps line as "start-end perms offset dev inode name" with single spaces, as ProcMap renders it.
function ConvertTo-CanonicalMapsLine {
    param([string] $Line)
    $fields = $Line.Split(' ', 6)
    $name = if ($fields.Count -gt 5) { $fields[5].TrimStart(' ') } else { '' }
    ('{0} {1} {2} {3} {4} {5}' -f $fields[0], $fields[1], $fields[2], $fields[3], $fields[4], $name).TrimEnd()
}

function ConvertTo-RenderedRegion {
    param($Region)
    $name = if ($Region.Kind -eq 'Anonymous') { '' } else { $Region.Mapping.Replace("`n", '\012') }
    ('{0:x8}-{1:x8} {2} {3:x8} {4} {5} {6}' -f $Region.Start, $Region.End, $Region.Permissions, $Region.Offset,
        $Region.Device, $Region.Inode, $name).TrimEnd()
}

Export-ModuleMember -Function *
