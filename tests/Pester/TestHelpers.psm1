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

# Compiles tests/helpers/NAME.c with gcc (once per Pester run) and returns the binary's path. The
# binaries live under /tmp so the unprivileged tests (uid 65534) can run them too.
function Get-TestHelper {
    param([Parameter(Mandatory)] [string] $Name, [string[]] $CompilerArguments = @())
    $runner = if ($env:PROCMAP_PESTER_RUNNER_PID) { $env:PROCMAP_PESTER_RUNNER_PID } else { $PID }
    $dir = "/tmp/procmap-helpers-$runner"
    $binary = Join-Path $dir $Name
    if (-not (Test-Path $binary)) {
        $null = New-Item -ItemType Directory -Force $dir
        & gcc -O1 -Wall -o $binary (Join-Path $PSScriptRoot "../helpers/$Name.c") @CompilerArguments
        if ($LASTEXITCODE -ne 0) { throw "gcc could not build tests/helpers/$Name.c" }
        & chmod -R a+rX $dir
    }
    $binary
}

# A copy of pwsh and the built module that uid 65534 (nobody) can read: pwsh's own files sit under
# /root/.nuget, which other users cannot enter. One copy per Pester run (keyed by the runner's pid);
# tools/Invoke-PesterRun.ps1 removes it when the run ends.
function Get-UnprivilegedRoot {
    $runner = if ($env:PROCMAP_PESTER_RUNNER_PID) { $env:PROCMAP_PESTER_RUNNER_PID } else { $PID }
    $root = "/tmp/procmap-nobody-$runner"
    if (-not (Test-Path "$root/ready")) {
        $null = New-Item -ItemType Directory -Force "$root/pwsh", "$root/home"
        Copy-Item -Recurse -Force "$PSHOME/*" "$root/pwsh"
        $module = if ($env:PROCMAP_MODULE_PATH) { $env:PROCMAP_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/ProcMap' }
        Copy-Item -Recurse -Force $module "$root/ProcMap"
        & chmod -R a+rX $root
        & chown -R 65534:65534 "$root/home"
        $null = New-Item -ItemType File "$root/ready"
    }
    $root
}

# Runs $Script in a fresh pwsh as uid/gid 65534 with ProcMap imported. Returns an object with
# Output (the objects it wrote, deserialized), Errors (FullyQualifiedErrorId, Category, TargetObject,
# Message) and Warnings (messages). Proves unprivileged behaviour with the real kernel, not a mock.
function Invoke-AsNobody {
    param([Parameter(Mandatory)] [string] $Script)
    $root = Get-UnprivilegedRoot
    $work = Join-Path $root ("run-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $work
    $output = Join-Path $work 'output.xml'
    Set-Content -Path (Join-Path $work 'script.ps1') -Value @"
`$ErrorActionPreference = 'Continue'
Import-Module '$root/ProcMap/ProcMap.psd1'
`$all = @(& { $Script } 2>&1 3>&1)
[pscustomobject]@{
    Output   = @(`$all | Where-Object { `$_ -isnot [Management.Automation.ErrorRecord] -and `$_ -isnot [Management.Automation.WarningRecord] })
    Errors   = @(`$all | Where-Object { `$_ -is [Management.Automation.ErrorRecord] } | ForEach-Object {
        [pscustomobject]@{ FullyQualifiedErrorId = `$_.FullyQualifiedErrorId; Category = [string]`$_.CategoryInfo.Category
                           TargetObject = `$_.TargetObject; Message = `$_.Exception.Message } })
    Warnings = @(`$all | Where-Object { `$_ -is [Management.Automation.WarningRecord] } | ForEach-Object Message)
} | Export-Clixml -Path '$output' -Depth 4
"@
    & chmod -R a+rwX $work
    $dotnet = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { [Environment]::ProcessPath } else { 'dotnet' }
    $log = & setpriv --reuid 65534 --regid 65534 --clear-groups -- env "HOME=$root/home" "XDG_CACHE_HOME=$root/home/.cache" `
        "XDG_DATA_HOME=$root/home/.local/share" DOTNET_CLI_TELEMETRY_OPTOUT=1 `
        $dotnet "$root/pwsh/pwsh.dll" -NoProfile -NonInteractive -File (Join-Path $work 'script.ps1') 2>&1
    if (-not (Test-Path $output)) { throw "The unprivileged pwsh wrote nothing: $log" }
    Import-Clixml -Path $output
    Remove-Item -Recurse -Force $work
}

# Starts a program that prints "ready" once it is set up (the C helpers in tests/helpers) and returns the
# process when it has. Its standard output stays redirected so the line can be read.
function Start-ReadySubject {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    $info = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if ($line -ne 'ready') { Stop-Subject $process; throw "$FilePath did not start: $line" }
    $process
}

# The NUL-terminated strings of a /proc file (cmdline, environ) as the kernel holds them, decoded as UTF-8.
function Read-ProcStrings {
    param([Parameter(Mandatory)] [string] $Path)
    $bytes = [IO.File]::ReadAllBytes($Path)
    $strings = [Collections.Generic.List[string]]::new()
    $start = 0
    for ($i = 0; $i -lt $bytes.Length; $i++) {
        if ($bytes[$i] -eq 0) { $strings.Add([Text.Encoding]::UTF8.GetString($bytes, $start, $i - $start)); $start = $i + 1 }
    }
    if ($start -lt $bytes.Length) { $strings.Add([Text.Encoding]::UTF8.GetString($bytes, $start, $bytes.Length - $start)) }
    , $strings.ToArray()
}

# Starts tests/helpers/NAME.c (compiled by Get-TestHelper) with stdout redirected and reads its lines up to
# "ready". Lines of the form "NAME 0xSTART 0xEND" become Areas.NAME = @{ Start; End } (UInt64).
function Start-HelperSubject {
    param([Parameter(Mandatory)] [string] $Name, [string[]] $ArgumentList = @())
    $info = [Diagnostics.ProcessStartInfo]::new((Get-TestHelper -Name $Name))
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($info)
    $areas = @{}
    while (($line = $process.StandardOutput.ReadLine()) -ne 'ready') {
        if ($null -eq $line) { throw "$Name exited before it was ready" }
        $fields = $line.Split(' ')
        $areas[$fields[0]] = [pscustomobject]@{ Start = [Convert]::ToUInt64($fields[1].Substring(2), 16); End = [Convert]::ToUInt64($fields[2].Substring(2), 16) }
    }
    [pscustomobject]@{ Process = $process; Id = $process.Id; Areas = $areas }
}

# Reads /proc/PID/pagemap entries for $Count pages from $Start with a plain FileStream: the independent
# read the Get-PhysicalRegion tests compare against.
function Read-PagemapEntries {
    param([Parameter(Mandatory)] [int] $ProcessId, [Parameter(Mandatory)] [uint64] $Start, [Parameter(Mandatory)] [int] $Count)
    $stream = [IO.FileStream]::new("/proc/$ProcessId/pagemap", 'Open', 'Read', 'ReadWrite', 1)
    try {
        $stream.Position = [long]($Start / 4096) * 8
        $bytes = [byte[]]::new($Count * 8)
        $stream.ReadExactly($bytes)
        $entries = [uint64[]]::new($Count)
        [Buffer]::BlockCopy($bytes, 0, $entries, 0, $bytes.Length)
        , $entries
    }
    finally { $stream.Dispose() }
}

# The Rss (bytes) smaps gives for the mapping that starts at $Start.
function Get-SmapsRss {
    param([Parameter(Mandatory)] [int] $ProcessId, [Parameter(Mandatory)] [uint64] $Start)
    $header = '{0:x}-' -f $Start
    $inMapping = $false
    foreach ($line in [IO.File]::ReadAllLines("/proc/$ProcessId/smaps")) {
        if ($line -match '^[0-9a-f]+-[0-9a-f]+ ') { $inMapping = $line.StartsWith($header) }
        elseif ($inMapping -and $line.StartsWith('Rss:')) { return [uint64]($line -replace '\D', '') * 1024 }
    }
    throw "no smaps record starts at $header"
}

Export-ModuleMember -Function *
