<#
.SYNOPSIS
    The measurements behind docs/remoting-notes.md: what ProcMap's objects cost over PowerShell remoting
    (a real sshd from tests/Pester/Remoting.psm1 on 127.0.0.1), how big they are on the wire, and whether
    the cmdlets hold up under ForEach-Object -Parallel and Start-ThreadJob. The bars of issue 15 are in
    Remoting.Bench.ps1; this script measures the parts behind them.
.EXAMPLE
    dotnet pwsh -NoProfile -Command '& ./bench/Measure-Remoting.ps1 -ModulePath out/ProcMap -Section Cost, Wire, Threads'
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateSet('Cost', 'Floor', 'Wire', 'Patterns', 'Threads')] [string[]] $Section = @('Cost', 'Floor', 'Wire', 'Patterns', 'Threads'),
    # Types files (copies of ProcMap.Types.ps1xml with a PropertySerializationSet, say) to time the
    # 60,000-mapping -Detailed call with on the remote side, each in a session of its own.
    [string[]] $TypesVariant = @()
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$env:PROCMAP_MODULE_PATH = $ModulePath
Import-Module (Join-Path $ModulePath 'ProcMap.psd1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/Remoting.psm1') -Force
. (Join-Path $PSScriptRoot 'Common.ps1')

Write-Host ("ProcMap remoting measurements, {0:yyyy-MM-dd HH:mm}, {1} cores, kernel {2}, load {3}" -f (Get-Date),
    [Environment]::ProcessorCount, (uname -r), ((Get-Content /proc/loadavg).Split(' ')[0..2] -join ' '))

# The median wall milliseconds of $Runs runs after $Warmup (Common.ps1's clocks): the hosts' work is in
# their own processes, which this session's CPU clock does not see.
function Measure-Median {
    param([Parameter(Mandatory)] [scriptblock] $Script, [int] $Runs = 5, [int] $Warmup = 1)
    (Measure-Once -Script $Script -Runs $Runs -Warmup $Warmup).Wall
}

function Write-Figure {
    param([string] $Name, [double] $Milliseconds, [string] $Note = '')
    Write-Host ('{0,-70} {1,10:N1} ms {2}' -f $Name, $Milliseconds, $Note)
}

# Bytes of PowerShell's CliXml for one object at remoting's depth (1), serialized on the remote side
# with that side's types files: what each object costs on the wire before ssh.
function Measure-WireSize {
    param($Session, [scriptblock] $Command, [object[]] $ArgumentList = @())
    Invoke-Command -Session $Session -ScriptBlock {
        param($command, $arguments)
        $object = & ([scriptblock]::Create($command)) @arguments | Select-Object -First 1
        $xml = [Management.Automation.PSSerializer]::Serialize($object, 1)
        # Properties as they arrive (remoting adds PSComputerName, RunspaceId and PSShowComputerName).
        [pscustomobject]@{
            Bytes      = [Text.Encoding]::UTF8.GetByteCount($xml)
            Properties = @([Management.Automation.PSSerializer]::Deserialize($xml).psobject.Properties).Count
        }
    } -ArgumentList $Command.ToString(), $ArgumentList
}

$sshd = Start-TestSshd
try {
    $session = New-TestSession -Sshd $sshd -HostName one
    Invoke-Command -Session $session { $null = Get-KvmProcess -Id $PID; $null = Get-Process -Id $PID }

    if ('Cost' -in $Section) {
        Write-Host '== Cost'
        $helper = Start-BenchHelper -Name many_processes -ArgumentList 2000
        try {
            $count = @(Get-KvmProcess).Count
            Write-Host "many_processes started 2,000 children: $count processes"
            Write-Figure 'local Get-KvmProcess' (Measure-Median { $all = Get-KvmProcess })
            Write-Figure 'local Get-Process' (Measure-Median { $all = Get-Process })
            $remoteKvm = Measure-Median { $all = Invoke-Command -Session $session { Get-KvmProcess } }
            $remoteProcess = Measure-Median { $all = Invoke-Command -Session $session { Get-Process } }
            Write-Figure 'Invoke-Command -Session $s { Get-KvmProcess }' $remoteKvm
            Write-Figure 'Invoke-Command -Session $s { Get-Process }' $remoteProcess ('ratio KvmProcess/Process {0:N2} (bar 0.5)' -f ($remoteKvm / $remoteProcess))
            $remoteKvmSelect = Measure-Median { $all = Invoke-Command -Session $session { Get-KvmProcess | Select-Object ProcessId, Name, UserName, ResidentSize, StartTime } }
            Write-Figure 'Invoke-Command -Session $s { Get-KvmProcess | Select-Object 5 props }' $remoteKvmSelect
            $remoteProcessSelect = Measure-Median { $all = Invoke-Command -Session $session { Get-Process | Select-Object Id, Name, WorkingSet64, StartTime } }
            Write-Figure 'Invoke-Command -Session $s { Get-Process | Select-Object 4 props }' $remoteProcessSelect
        }
        finally { $helper.Kill($true); $helper.WaitForExit() }

        $mappings = Start-BenchHelper -Name many_mappings -ArgumentList 60000, (Join-Path $PSHOME 'pwsh.dll')
        try {
            $id = $mappings.Id
            Write-Host "many_mappings pid $id has $(@(Get-VmMap -Id $id).Count) mappings"
            $local = Measure-Median -Runs 3 { $regions = Get-VmMap -Id $id -Detailed }
            Write-Figure 'local Get-VmMap -Detailed' $local
            $remote = Measure-Median -Runs 3 { $regions = Invoke-Command -Session $session { param($id) Get-VmMap -Id $id -Detailed } -ArgumentList $id }
            Write-Figure 'Invoke-Command -Session $s { Get-VmMap -Detailed }' $remote ('ratio remote/local {0:N1} (bar 3)' -f ($remote / $local))
            $plain = Measure-Median -Runs 3 { $regions = Invoke-Command -Session $session { param($id) Get-VmMap -Id $id } -ArgumentList $id }
            Write-Figure 'Invoke-Command -Session $s { Get-VmMap } (no -Detailed)' $plain
            $remoteLocal = Measure-Median -Runs 3 { $n = Invoke-Command -Session $session { param($id) @(Get-VmMap -Id $id -Detailed).Count } -ArgumentList $id }
            Write-Figure 'Invoke-Command -Session $s { @(Get-VmMap -Detailed).Count } (remote work only)' $remoteLocal
            foreach ($variant in $TypesVariant) {
                $name = [IO.Path]::GetFileNameWithoutExtension($variant)
                $dir = Join-Path $sshd.Directory "variants/$name"
                $null = New-Item -ItemType Directory -Force $dir
                Copy-Item -Recurse $sshd.ModulePath "$dir/ProcMap"
                Copy-Item $variant "$dir/ProcMap/ProcMap.Types.ps1xml" -Force
                $variantSession = New-TestSession -Sshd $sshd -HostName $name
                Invoke-Command -Session $variantSession { param($path) Import-Module "$path/ProcMap/ProcMap.psd1" } -ArgumentList $dir
                $timed = Measure-Median -Runs 3 { $regions = Invoke-Command -Session $variantSession { param($id) Get-VmMap -Id $id -Detailed } -ArgumentList $id }
                $size = Measure-WireSize $variantSession { param($id) Get-VmMap -Id $id -Detailed } $id
                Write-Figure "  with types $name" $timed ('ratio remote/local {0:N1}; {1} properties, {2} bytes per region' -f ($timed / $local), $size.Properties, $size.Bytes)
            }
        }
        finally { $mappings.Kill(); $mappings.WaitForExit() }

        $eight = New-TestSession -Sshd $sshd -HostName (1..8 | ForEach-Object { "host$_" })
        Invoke-Command -Session $eight { $null = Get-KvmProcess -Id $PID }
        $one = Measure-Median -Runs 9 { $all = Invoke-Command -Session $session { Get-KvmProcess -Id $PID } }
        $all8 = Measure-Median -Runs 9 { $all = Invoke-Command -Session $eight -ThrottleLimit 8 { Get-KvmProcess -Id $PID } }
        $oneByOne = Measure-Median -Runs 5 { foreach ($s in $eight) { $all = Invoke-Command -Session $s { Get-KvmProcess -Id $PID } } }
        $empty8 = Measure-Median -Runs 9 { $all = Invoke-Command -Session $eight -ThrottleLimit 8 { } }
        Write-Figure 'Invoke-Command -Session $one { Get-KvmProcess -Id $PID }' $one
        Write-Figure 'Invoke-Command -Session $eight -ThrottleLimit 8 { ... }' $all8 ('ratio eight/one {0:N2} (bar 2)' -f ($all8 / $one))
        Write-Figure '  the eight one after the other' $oneByOne
        Write-Figure '  Invoke-Command -Session $eight -ThrottleLimit 8 { } (empty script block)' $empty8
        Write-Figure '  Invoke-Command -Session $one { } (empty script block)' (Measure-Median -Runs 9 { $all = Invoke-Command -Session $session { } })
        $open = Measure-Median -Runs 3 -Warmup 0 { $s = New-PSSession -SSHConnection @(1..8 | ForEach-Object { Get-TestSshConnection -Sshd $sshd -HostName "open$_" }); Remove-PSSession $s }
        Write-Figure 'New-PSSession for eight hosts at once, and Remove-PSSession' $open
    }

    if ('Floor' -in $Section) {
        # What PSRP costs whatever ProcMap sends: the same 60,000 mappings as fewer properties, as bare
        # numbers, as strings, and as one array (one output object instead of 60,000).
        Write-Host '== Floor: 60,000 mappings in other shapes'
        $mappings = Start-BenchHelper -Name many_mappings -ArgumentList 60000, (Join-Path $PSHOME 'pwsh.dll')
        try {
            $id = $mappings.Id
            Write-Figure 'local Get-VmMap -Detailed (the yardstick, in this run)' (Measure-Median -Runs 3 { $regions = Get-VmMap -Id $id -Detailed })
            foreach ($case in @(
                    @{ N = '{ Get-VmMap -Detailed } (every property)'; S = { param($id) Get-VmMap -Id $id -Detailed } },
                    @{ N = '{ Get-VmMap -Detailed | Select-Object 8 properties }'; S = { param($id) Get-VmMap -Id $id -Detailed | Select-Object ProcessId, Start, End, Permissions, Kind, Mapping, Rss, Pss } },
                    @{ N = '{ (Get-VmMap).Start } (60,000 UInt64)'; S = { param($id) (Get-VmMap -Id $id).Start } },
                    @{ N = '{ Get-VmMap | ForEach-Object ToString } (60,000 strings)'; S = { param($id) Get-VmMap -Id $id | ForEach-Object ToString } },
                    @{ N = '{ , @(Get-VmMap -Detailed) } (one array object)'; S = { param($id) , @(Get-VmMap -Id $id -Detailed) } },
                    @{ N = '{ Get-VmMap -Detailed | Select-Object 8 | ConvertTo-Csv } (strings)'; S = { param($id) Get-VmMap -Id $id -Detailed | Select-Object ProcessId, Start, End, Permissions, Kind, Mapping, Rss, Pss | ConvertTo-Csv } })) {
                # Not $script: Measure-Median's own parameter is called that, and the block runs inside it.
                $command = $case.S
                Write-Figure "Invoke-Command -Session `$s $($case.N)" (Measure-Median -Runs 3 { $all = Invoke-Command -Session $session -ScriptBlock $command -ArgumentList $id })
            }
            # The two ends of the wire alone, in this process: CliXml at depth 1 out of every region, and
            # back into Deserialized.ProcMap.VmRegion objects.
            $regions = @(Get-VmMap -Id $id -Detailed)
            $xml = [string[]]::new($regions.Count)
            $serialize = Measure-Median -Runs 3 { for ($i = 0; $i -lt $regions.Count; $i++) { $xml[$i] = [Management.Automation.PSSerializer]::Serialize($regions[$i], 1) } }
            $deserialize = Measure-Median -Runs 3 { foreach ($text in $xml) { $null = [Management.Automation.PSSerializer]::Deserialize($text) } }
            $bytes = ($xml | Measure-Object Length -Sum).Sum
            Write-Figure 'PSSerializer.Serialize of each -Detailed region, depth 1 (one end)' $serialize ("{0:N0} MB of CliXml" -f ($bytes / 1MB))
            Write-Figure 'PSSerializer.Deserialize of each (the other end)' $deserialize
        }
        finally { $mappings.Kill(); $mappings.WaitForExit() }
    }

    if ('Wire' -in $Section) {
        Write-Host '== Wire: CliXml bytes of one object at depth 1, serialized remotely'
        $rows = foreach ($case in @(
                @{ N = 'Get-KvmProcess -Id $PID'; S = { Get-KvmProcess -Id $PID } },
                @{ N = 'Get-Process -Id $PID'; S = { Get-Process -Id $PID } },
                @{ N = 'Get-VmMap -Id $PID'; S = { Get-VmMap -Id $PID } },
                @{ N = 'Get-VmMap -Id $PID -Detailed'; S = { Get-VmMap -Id $PID -Detailed } },
                @{ N = 'Get-ProcessArgs -Id $PID'; S = { Get-ProcessArgs -Id $PID } },
                @{ N = 'Get-ProcessArgs -Id $PID -Environment'; S = { Get-ProcessArgs -Id $PID -Environment } },
                @{ N = 'Get-PhysicalRegion -Id $PID'; S = { Get-PhysicalRegion -Id $PID } },
                @{ N = 'Get-PhysicalRegion -Id $PID -PageFlags'; S = { Get-PhysicalRegion -Id $PID -PageFlags } })) {
            $size = Measure-WireSize $session $case.S
            [pscustomobject]@{ Command = $case.N; Properties = $size.Properties; Bytes = $size.Bytes }
        }
        $rows | Format-Table -AutoSize | Out-String | Write-Host
        # What a remote Process object is made of: its properties' deserialized types.
        $process = Invoke-Command -Session $session { Get-Process -Id $PID }
        $kinds = $process.psobject.Properties | Group-Object { if ($null -eq $_.Value) { 'null' } else { $_.Value.GetType().Name } } |
            Sort-Object Count -Descending | ForEach-Object { '{0} {1}' -f $_.Count, $_.Name }
        Write-Host "Get-Process over remoting: $(@($process.psobject.Properties).Count) properties; value types: $($kinds -join ', ')"
        Write-Host "  Modules: $(if ($null -ne $process.Modules) { $process.Modules.GetType().Name + ' of ' + @($process.Modules).Count + ', first ' + @($process.Modules)[0] })"
        Write-Host "  Threads: $(if ($null -ne $process.Threads) { $process.Threads.GetType().Name + ' of ' + @($process.Threads).Count + ', first ' + @($process.Threads)[0] })"
    }

    if ('Patterns' -in $Section) {
        Write-Host '== Patterns'
        $options = Get-TestSshOption -Sshd $sshd
        $common = @{ Port = $sshd.Port; UserName = 'root'; KeyFilePath = $sshd.KeyFilePath; Options = $options }
        foreach ($case in @(
                @{ N = 'Invoke-Command -HostName a,b -ThrottleLimit 2'; S = { Invoke-Command -HostName a, b @common -ThrottleLimit 2 { $PID } } },
                @{ N = 'New-PSSession -HostName a,b -ThrottleLimit 2'; S = { New-PSSession -HostName a, b @common -ThrottleLimit 2 } },
                @{ N = 'Invoke-Command -HostName a,b (no throttle: all at once)'; S = { Invoke-Command -HostName a, b @common { $PID } } },
                @{ N = 'Invoke-Command -HostName a,b -AsJob'; S = { Invoke-Command -HostName a, b @common { $PID } -AsJob | Receive-Job -Wait -AutoRemoveJob } },
                @{ N = 'Invoke-Command -Session (New-PSSession -HostName a,b) -ThrottleLimit 2'; S = { $s = New-PSSession -HostName a, b @common; try { Invoke-Command -Session $s -ThrottleLimit 2 { $PID } } finally { Remove-PSSession $s } } },
                @{ N = "'a','b' | ForEach-Object -Parallel { Invoke-Command -HostName `$_ } -ThrottleLimit 2"; S = { 'a', 'b' | ForEach-Object -ThrottleLimit 2 -Parallel { $c = $using:common; Invoke-Command -HostName $_ @c { $PID } } } },
                @{ N = 'Invoke-Command -SSHConnection @{..Options..} (Options dropped)'; S = { Invoke-Command -SSHConnection @(Get-TestSshConnection -Sshd $sshd -HostName a) { $PID } -ErrorAction Stop } })) {
            $result = try { $out = @(& $case.S); "works: $(@($out | ForEach-Object { if ($_.PSComputerName) { $_.PSComputerName } elseif ($_.ComputerName) { $_.ComputerName } }) -join ',')"; $out | Where-Object { $_ -is [Management.Automation.Runspaces.PSSession] } | Remove-PSSession }
            catch { "refused: $($_.FullyQualifiedErrorId)" }
            Write-Host ('{0,-80} {1}' -f $case.N, $result)
        }
    }
}
finally {
    Stop-TestSshd $sshd
    # Get-UnprivilegedRoot's copy of pwsh for the sshd; under Pester the runner removes it, here we do.
    if (-not $env:PROCMAP_PESTER_RUNNER_PID) { Remove-Item -Recurse -Force "/tmp/procmap-nobody-$PID" -ErrorAction Ignore }
}

if ('Threads' -in $Section) {
    Write-Host '== Threads'
    $info = [Diagnostics.ProcessStartInfo]::new('sleep')
    $info.ArgumentList.Add('600')
    $info.Environment['PROCMAP_PARALLEL'] = 'yes'
    $subject = [Diagnostics.Process]::Start($info)
    Wait-Until -What 'sleep to exec' { (Get-Content "/proc/$($subject.Id)/comm") -eq 'sleep' }
    try {
        # Everything each runspace does, with answers a serial run fixes first: the subject's maps, its
        # pages, its argv and environment, its user, the user-name cache (-User), and every completer.
        $work = {
            param($module, $id)
            Import-Module (Join-Path $module 'ProcMap.psd1')
            $complete = { param($line) @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
            [pscustomobject]@{
                Maps       = (Get-VmMap -Id $id | ForEach-Object { '{0:x}-{1:x} {2}' -f $_.Start, $_.End, $_.Permissions }) -join ';'
                Detailed   = @(Get-VmMap -Id $id -Detailed | Where-Object { $null -ne $_.Rss }).Count
                Pages      = @(Get-PhysicalRegion -Id $id | Where-Object State -EQ Present).Count -gt 0
                Arguments  = (Get-ProcessArgs -Id $id -Environment | ForEach-Object { $_.CommandLine + ' ' + $_.Environment['PROCMAP_PARALLEL'] })
                User       = (Get-KvmProcess -Id $id).UserName
                RootOnly   = @(Get-KvmProcess -User root | Where-Object UserName -NE 'root').Count -eq 0
                Listed     = @(Get-KvmProcess | Where-Object ProcessId -EQ $id).Count
                UserNames  = @(Get-KvmProcess -Id 1, $id | ForEach-Object UserName) -join ','
                CompleteUser = (& $complete 'Get-KvmProcess -User roo') -join ','
                CompleteName = (& $complete 'Get-KvmProcess -Name slee') -contains 'sleep'
                CompleteId   = (& $complete "Get-VmMap -Id $id") -contains "$id"
                CompleteTty  = @(& $complete 'Get-KvmProcess -Tty ').Count
            }
        }
        $expected = & $work $ModulePath $subject.Id
        Write-Host "serial answer: $($expected | Select-Object * -ExcludeProperty Maps | ConvertTo-Json -Compress), Maps: $(($expected.Maps -split ";").Count) mappings"
        $runs = @(
            @{ N = 'ForEach-Object -Parallel, 256 items, -ThrottleLimit 64'; S = {
                    $w = $work.ToString(); $m = $ModulePath; $i = $subject.Id
                    1..256 | ForEach-Object -ThrottleLimit 64 -Parallel { & ([scriptblock]::Create($using:w)) $using:m $using:i } } },
            @{ N = 'Start-ThreadJob x 64, -ThrottleLimit 64'; S = {
                    $jobs = 1..64 | ForEach-Object { Start-ThreadJob -ThrottleLimit 64 -ScriptBlock $work -ArgumentList $ModulePath, $subject.Id }
                    $jobs | Receive-Job -Wait -AutoRemoveJob } })
        foreach ($run in $runs) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $errors = @()
            $answers = @(& $run.S 2>&1 | ForEach-Object { if ($_ -is [Management.Automation.ErrorRecord]) { $errors += $_ } else { $_ } })
            $watch.Stop()
            $wrong = @($answers | Where-Object { ($_ | Select-Object * -ExcludeProperty PS*, RunspaceId | ConvertTo-Json -Compress) -ne ($expected | ConvertTo-Json -Compress) })
            Write-Host ('{0,-60} {1} answers, {2} differ from the serial one, {3} errors, {4:N0} ms' -f $run.N, $answers.Count, $wrong.Count, $errors.Count, $watch.Elapsed.TotalMilliseconds)
            $wrong | Select-Object -First 3 | ForEach-Object { Write-Host "  differs: $($_ | ConvertTo-Json -Compress)" }
            $errors | Select-Object -First 3 | ForEach-Object { Write-Host "  error: $($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
        }
    }
    finally { Stop-Subject $subject }
}
