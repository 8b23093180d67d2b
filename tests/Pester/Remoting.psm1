# A private sshd for the remoting tests: Debian's openssh-server started by the test itself on
# 127.0.0.1, with its own host key, client key, authorized keys and a `powershell` subsystem that runs
# a copy of the pinned pwsh (the one Get-UnprivilegedRoot makes, so a non-root user can run it too)
# with the module under test findable by name. The test owns the sshd's pid and stops it by that pid.
#
#   $sshd = Start-TestSshd -UnprivilegedUser       # root, plus a test-created user with a real shell
#   $s = New-TestSession -Sshd $sshd -HostName web1 # PSComputerName 'web1', connected to 127.0.0.1
#   ...
#   Stop-TestSshd $sshd                             # sessions, sshd, its children, the user, the files

Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
Import-Module (Join-Path $PSScriptRoot 'Wire.psm1')

# The label every host key is filed under in the private known_hosts: with HostKeyAlias the client
# checks the key strictly whatever -HostName says, so sessions may carry fleet-like names.
$script:HostKeyAlias = 'procmap-test-sshd'

# The absolute path of dotnet as the test's pwsh runs it (sshd runs subsystems through the user's
# shell with a minimal PATH, and `dotnet pwsh` runs pwsh.dll under dotnet).
function Get-DotnetPath {
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { return [Environment]::ProcessPath }
    (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
}

function Invoke-Checked {
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments = @())
    $output = & $Command @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code ${LASTEXITCODE}: $output" }
}

# A port nothing listens on: a socket bound to it without listen(), so connecting is refused at once
# (RST, ECONNREFUSED) and no other process can take the port while the test holds the socket.
# Dispose it at the end.
function New-ClosedPort {
    $socket = [Net.Sockets.Socket]::new([Net.Sockets.AddressFamily]::InterNetwork, [Net.Sockets.SocketType]::Stream, [Net.Sockets.ProtocolType]::Tcp)
    $socket.Bind([Net.IPEndPoint]::new([Net.IPAddress]::Loopback, 0))
    [pscustomobject]@{ Port = $socket.LocalEndPoint.Port; Socket = $socket }
}

# A port that was free a moment ago; sshd may still lose it to another process, which Start-TestSshd
# notices from sshd's exit and retries.
function Get-FreePort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# The ids of every descendant of $ProcessId, read from /proc (the sshd's per-connection children and
# the pwsh servers they start).
function Get-DescendantId {
    param([Parameter(Mandatory)] [int] $ProcessId)
    $children = @{}
    foreach ($dir in [IO.Directory]::GetDirectories('/proc')) {
        $name = [IO.Path]::GetFileName($dir)
        if ($name -notmatch '^\d+$') { continue }
        $stat = try { [IO.File]::ReadAllText("$dir/stat") } catch { continue }
        $parent = [int]$stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')[1]
        if (-not $children.ContainsKey($parent)) { $children[$parent] = [Collections.Generic.List[int]]::new() }
        $children[$parent].Add([int]$name)
    }
    $queue = [Collections.Generic.Queue[int]]::new()
    $queue.Enqueue($ProcessId)
    while ($queue.Count -gt 0) {
        $id = $queue.Dequeue()
        if ($children.ContainsKey($id)) { foreach ($child in $children[$id]) { $child; $queue.Enqueue($child) } }
    }
}

# Users earlier runs created and could not remove (a killed Pester): their name carries the pid of the
# run that made them; remove those whose run is gone, never another live run's.
function Remove-StaleTestUser {
    foreach ($line in [IO.File]::ReadAllLines('/etc/passwd')) {
        if ($line -match '^(procmap-ssh-(\d+)-[0-9a-f]+):' -and -not (Test-Path "/proc/$($Matches[2])")) {
            & userdel --force $Matches[1] 2>&1 | Out-Null
        }
    }
}

<#
Starts sshd -D on 127.0.0.1 and a free port, and waits until its log says it listens (the timeout only
guards against a hang: sshd logs the line within milliseconds on an idle machine). Works as root
(sshd needs it to switch users). With -UnprivilegedUser it also creates a user with /bin/sh as shell:
nobody's /usr/sbin/nologin would run the subsystem command and refuse, and sshd always starts a
subsystem through the login shell. Returns the sshd's facts; pass them to New-TestSession and
Stop-TestSshd.
#>
function Start-TestSshd {
    param([switch] $UnprivilegedUser, [double] $TimeoutSeconds = 120)
    if ([Environment]::UserName -ne 'root') { throw 'Start-TestSshd needs root: sshd switches to the session user.' }
    $sshdPath = '/usr/sbin/sshd'
    if (-not (Test-Path $sshdPath)) { throw 'sshd is missing: apt-get install openssh-server (.ci/run does).' }

    $runner = if ($env:PROCMAP_PESTER_RUNNER_PID) { $env:PROCMAP_PESTER_RUNNER_PID } else { $PID }
    $tag = [guid]::NewGuid().ToString('N').Substring(0, 6)
    $dir = "/tmp/procmap-sshd-$runner-$tag"
    $null = New-Item -ItemType Directory $dir, "$dir/modules", "$dir/home"
    $sshd = [pscustomobject]@{
        Directory = $dir; Port = 0; Process = $null; LogPath = "$dir/sshd.log"; ConfigPath = "$dir/sshd_config"
        KeyFilePath = "$dir/client_key"; KnownHostsPath = "$dir/known_hosts"; ModulePath = "$dir/modules/ProcMap"
        UnprivilegedUser = $null; UnprivilegedUserId = $null; Sessions = [Collections.Generic.List[object]]::new()
    }
    try {
        # The pwsh copy and module copy other users can read; /root/.nuget is closed to them.
        $root = Get-UnprivilegedRoot
        Copy-Item -Recurse "$root/ProcMap" "$dir/modules/ProcMap"

        Invoke-Checked ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'procmap-test-host', '-f', "$dir/host_key")
        Invoke-Checked ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'procmap-test-client', '-f', $sshd.KeyFilePath)
        Copy-Item "$($sshd.KeyFilePath).pub" "$dir/authorized_keys"
        $hostKey = (Get-Content "$dir/host_key.pub").Split(' ')
        Set-Content $sshd.KnownHostsPath "$script:HostKeyAlias $($hostKey[0]) $($hostKey[1])"

        $users = @('root')
        if ($UnprivilegedUser) {
            Remove-StaleTestUser
            $name = "procmap-ssh-$runner-$tag"
            # nogroup as primary group, so no group is created.
            Invoke-Checked useradd @('--system', '--no-create-home', '--home-dir', "$dir/home", '--shell', '/bin/sh',
                '--no-user-group', '--gid', 'nogroup', '--comment', 'ProcMap remoting tests', $name)
            # '*' (no password can match) instead of useradd's '!': sshd without PAM refuses an account whose
            # password starts with '!' as locked, even for a key. Through stdin, because pwsh on Unix expands
            # a '*' argument of a native command as a wildcard, even from an array.
            "${name}:*" | & chpasswd --encrypted
            if ($LASTEXITCODE -ne 0) { throw "chpasswd failed for $name" }
            $sshd.UnprivilegedUser = $name
            $sshd.UnprivilegedUserId = [uint32](& id -u $name)
            & chown "${name}:nogroup" "$dir/home"
            & chmod 0700 "$dir/home"
            $users += $name
        }
        # The user's sshd reads authorized_keys as that user; the directory must be traversable for it.
        & chmod 0755 $dir
        & chmod -R a+rX "$dir/modules"
        & chmod 0644 "$dir/authorized_keys"

        # Privilege separation needs this directory (Debian's unit creates it at boot; no boot ran sshd
        # here). It is the package's own, shared with any other sshd, so it is created, never removed.
        if (-not (Test-Path '/run/sshd')) { $null = New-Item -ItemType Directory '/run/sshd'; & chmod 0755 /run/sshd }

        # The module under test first, then the paths pwsh would put ahead of it (each user's own module
        # folder, the shared one, $PSHOME's), so another ProcMap installed there cannot win the lookup by name.
        $modulePath = @("$dir/modules", '/root/.local/share/powershell/Modules', "$dir/home/.local/share/powershell/Modules",
            '/usr/local/share/powershell/Modules', "$root/pwsh/Modules") -join ':'
        $dotnet = Get-DotnetPath
        for ($attempt = 1; ; $attempt++) {
            $sshd.Port = Get-FreePort
            Set-Content $sshd.ConfigPath @"
# Written by tests/Pester/Remoting.psm1 for one test run.
Port $($sshd.Port)
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers $($users -join ' ')
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
# No PAM: the container has no login session machinery; no StrictModes: the files live under /tmp.
UsePAM no
StrictModes no
UseDNS no
PrintMotd no
# Eight sessions open at once in the tests; the default 10:30:100 starts dropping at 10 unauthenticated.
MaxStartups 64
SetEnv PSModulePath=$modulePath DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off
Subsystem powershell $dotnet $root/pwsh/pwsh.dll -sshs -NoLogo -NoProfile
"@
            $check = & $sshdPath -t -f $sshd.ConfigPath 2>&1
            if ($LASTEXITCODE -ne 0) { throw "sshd rejects its configuration: $check" }
            Remove-Item $sshd.LogPath -ErrorAction Ignore
            $info = [Diagnostics.ProcessStartInfo]::new($sshdPath)
            foreach ($argument in @('-D', '-f', $sshd.ConfigPath, '-E', $sshd.LogPath)) { $info.ArgumentList.Add($argument) }
            $info.UseShellExecute = $false
            $sshd.Process = [Diagnostics.Process]::Start($info)
            # sshd logs this line after listen(); an exit first means it could not bind.
            $listening = "Server listening on 127.0.0.1 port $($sshd.Port)."
            Wait-Until -TimeoutSeconds $TimeoutSeconds -What "sshd to listen on port $($sshd.Port)" {
                $sshd.Process.HasExited -or ((Test-Path $sshd.LogPath) -and (Get-Content -Raw $sshd.LogPath).Contains($listening))
            }
            if (-not $sshd.Process.HasExited) { break }
            $log = Get-Content -Raw $sshd.LogPath -ErrorAction Ignore
            if ($attempt -ge 5 -or $log -notmatch 'Address already in use') { throw "sshd exited with $($sshd.Process.ExitCode): $log" }
        }
        $sshd
    }
    catch {
        Stop-TestSshd $sshd
        throw
    }
}

# The ssh options every test connection uses: the private host key checked strictly (known_hosts of
# our own, one alias for any -HostName), never a password prompt, only the test's key.
function Get-TestSshOption {
    param([Parameter(Mandatory)] $Sshd)
    @{
        HostName              = '127.0.0.1'
        HostKeyAlias          = $script:HostKeyAlias
        UserKnownHostsFile    = $Sshd.KnownHostsPath
        GlobalKnownHostsFile  = '/dev/null'
        StrictHostKeyChecking = 'yes'
        BatchMode             = 'yes'
        IdentitiesOnly        = 'yes'
    }
}

# A hashtable for New-PSSession -SSHConnection: -HostName is only the name the results carry as
# PSComputerName; ssh connects to 127.0.0.1 on the sshd's port (or -Port). User and port ride in the
# host name, as user@name:port: pwsh 7.6 parses a HostName key by resetting UserName and Port to the
# cmdlet's own parameters (none, so ssh's defaults: the caller, port 22), which undoes UserName and Port
# keys whenever they come first in the hashtable's order, and that order changes from one process to the
# next (string hashes are randomized). Invoke-Command -SSHConnection drops the Options key altogether
# (CreateHelpersForSpecifiedSSHHashComputerNames), so these hashtables are for New-PSSession only.
function Get-TestSshConnection {
    param([Parameter(Mandatory)] $Sshd, [string] $HostName = '127.0.0.1', [string] $UserName = 'root', [int] $Port = 0,
        [int] $ConnectingTimeout = 120000)
    @{
        HostName          = '{0}@{1}:{2}' -f $UserName, $HostName, $(if ($Port) { $Port } else { $Sshd.Port })
        KeyFilePath       = $Sshd.KeyFilePath
        ConnectingTimeout = $ConnectingTimeout
        Options           = Get-TestSshOption -Sshd $Sshd
    }
}

<#
Opens PSSessions to the test sshd, one per -HostName (all of them at once, as New-PSSession does), and
remembers them for Stop-TestSshd. ConnectingTimeout is a guard against a hang, not a wait: a
session opens as soon as the remote pwsh answers.
#>
function New-TestSession {
    param([Parameter(Mandatory)] $Sshd, [string[]] $HostName = @('127.0.0.1'), [string] $UserName = 'root',
        [int] $ConnectingTimeout = 120000)
    $connections = @($HostName | ForEach-Object { Get-TestSshConnection -Sshd $Sshd -HostName $_ -UserName $UserName -ConnectingTimeout $ConnectingTimeout })
    $sessions = @(New-PSSession -SSHConnection $connections)
    foreach ($session in $sessions) { $Sshd.Sessions.Add($session) }
    $sessions
}

# Closes the sessions, then stops sshd by its pid together with everything it started, then removes
# the test user (userdel refuses while it owns processes) and the private directory.
function Stop-TestSshd {
    param([Parameter(Mandatory)] $Sshd)
    if ($Sshd.Sessions.Count -gt 0) { Remove-PSSession -Session @($Sshd.Sessions) -ErrorAction Ignore; $Sshd.Sessions.Clear() }
    if ($Sshd.Process -and -not $Sshd.Process.HasExited) {
        $tree = @(Get-DescendantId -ProcessId $Sshd.Process.Id | ForEach-Object { try { [Diagnostics.Process]::GetProcessById($_) } catch { } })
        $Sshd.Process.Kill($true)
        $Sshd.Process.WaitForExit()
        foreach ($process in $tree) {
            try { if (-not $process.HasExited) { $process.Kill() }; $process.WaitForExit() } catch { }
        }
    }
    if ($Sshd.UnprivilegedUser) { Invoke-Checked userdel @('--force', $Sshd.UnprivilegedUser) }
    if ($Sshd.Directory -and (Test-Path $Sshd.Directory)) { Remove-Item -Recurse -Force $Sshd.Directory }
}

<#
Runs $Local, then $Remote (on several sessions at once), then $Local again, until the two local reads
list the same objects by $Key, so processes that start and end elsewhere cannot make the comparison
flaky. Then compares the objects from each computer with the local ones, property by property (all the
local object has, or -Property), skipping only values that moved between the two local reads (smaps'
Pss of a shared library changes whenever another process maps it). With -Exact, an object that arrives
with other properties than -Property (and remoting's own PSComputerName, RunspaceId and
PSShowComputerName), or in another order, is a difference too. Returns ComputerNames (sorted),
Keys (the local keys in order), Differences (one line each, empty when all agree), Compared (values
compared over all computers), Stable and Total (local values that held still, of all).
#>
function Compare-RemoteResult {
    param([Parameter(Mandatory)] [scriptblock] $Local, [Parameter(Mandatory)] [scriptblock] $Remote,
        [Parameter(Mandatory)] [string] $Key, [string[]] $Property, [switch] $Exact, [int] $Attempts = 10)
    for ($attempt = 0; $attempt -lt $Attempts; $attempt++) {
        $before = @(& $Local)
        $remoteObjects = @(& $Remote)
        $after = @(& $Local)
        $keys = @($before | ForEach-Object { [string]$_.$Key })
        if (($keys -join ',') -ne (@($after | ForEach-Object { [string]$_.$Key }) -join ',')) { continue }
        $names = if ($Property) { $Property } else { $before[0].psobject.Properties.Name }
        # What each local object should look like on the wire, for the properties that held still.
        $expected = @(foreach ($i in 0..($before.Count - 1)) {
                $values = [ordered]@{}
                foreach ($name in $names) {
                    $value = ConvertTo-WireForm $before[$i].$name
                    if ($value -ceq (ConvertTo-WireForm $after[$i].$name)) { $values[$name] = $value }
                }
                $values
            })
        $differences = [Collections.Generic.List[string]]::new()
        $compared = 0
        $computers = @($remoteObjects | Group-Object PSComputerName | Sort-Object Name)
        foreach ($computer in $computers) {
            $remoteKeys = @($computer.Group | ForEach-Object { [string]$_.$Key })
            if (($remoteKeys -join ',') -ne ($keys -join ',')) {
                $differences.Add("$($computer.Name): $Key $($remoteKeys -join ',') instead of $($keys -join ',')")
                continue
            }
            for ($i = 0; $i -lt $keys.Count; $i++) {
                if ($Exact) {
                    $arrivedNames = @($computer.Group[$i].psobject.Properties.Name | Where-Object { $_ -notin 'PSComputerName', 'RunspaceId', 'PSShowComputerName' }) -join ','
                    if ($arrivedNames -cne ($Property -join ',')) { $differences.Add("$($computer.Name) $Key $($keys[$i]) arrived with $arrivedNames") }
                }
                foreach ($name in $expected[$i].Keys) {
                    $arrived = $computer.Group[$i].psobject.Properties[$name]
                    $actual = if ($arrived) { ConvertTo-WireForm $arrived.Value } else { 'missing' }
                    $compared++
                    if ($actual -cne $expected[$i][$name]) { $differences.Add("$($computer.Name) $Key $($keys[$i]) ${name}: $actual instead of $($expected[$i][$name])") }
                }
            }
        }
        return [pscustomobject]@{
            ComputerNames = @($computers.Name); Keys = $keys; Differences = $differences.ToArray()
            # Property values compared, over all computers; and how many held still locally of all there were.
            Compared = $compared; Stable = ($expected | ForEach-Object Count | Measure-Object -Sum).Sum; Total = $keys.Count * @($names).Count
        }
    }
    throw "The local objects did not settle between two reads in $Attempts attempts."
}

Export-ModuleMember -Function Start-TestSshd, Stop-TestSshd, New-TestSession, Get-TestSshConnection, Get-TestSshOption, New-ClosedPort,
    Compare-RemoteResult
