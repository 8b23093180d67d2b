# ProcMap over PowerShell remoting, against a real sshd this file starts itself (Remoting.psm1): every
# cmdlet through Invoke-Command -Session on three sessions at once, compared with the same call made
# locally on every property its serialization set carries; the views of what arrives at 80 columns with
# PowerShell's PSComputerName column; remote errors with their ErrorId, category and host; a host that is
# not there; a remote user without privileges; a client that has only the format-only module. The
# "hosts" are names for the one sshd on 127.0.0.1 (ssh's HostName option does the connecting), so
# PSComputerName tells them apart as it would on a fleet.

BeforeDiscovery {
    # Every shape the cmdlets write, as a script block the hosts run: $id is a root subject with pages in
    # every state, $core a kernel core of the fixtures, $threads a subject with three named threads, and
    # $from-$to the subject's own areas (its memory, its file), whose smaps figures and page flags no other
    # process changes: a shared library's Pss and map counts move whenever a process starts or ends, and
    # one that starts and ends between the local reads would show in the remote read alone.
    $shapes = @(
        @{ Shape = 'Get-VmMap'; Key = 'Start'; Command = { param($id, $core, $threads, $from, $to) Get-VmMap -Id $id } }
        @{ Shape = 'Get-VmMap -Detailed'; Key = 'Start'; Command = { param($id, $core, $threads, $from, $to) Get-VmMap -Id $id -Detailed | Where-Object { $_.Start -ge $from -and $_.End -le $to } } }
        @{ Shape = 'Get-VmMap -CorePath'; Key = 'Start'; Command = { param($id, $core, $threads, $from, $to) Get-VmMap -CorePath $core } }
        @{ Shape = 'Get-PhysicalRegion'; Key = 'VirtualStart'; Command = { param($id, $core, $threads, $from, $to) Get-PhysicalRegion -Id $id -StartAddress $from -EndAddress $to } }
        @{ Shape = 'Get-PhysicalRegion -PageFlags'; Key = 'VirtualStart'; Command = { param($id, $core, $threads, $from, $to) Get-PhysicalRegion -Id $id -StartAddress $from -EndAddress $to -PageFlags } }
        @{ Shape = 'Get-KvmProcess'; Key = 'ProcessId'; Command = { param($id, $core, $threads, $from, $to) Get-KvmProcess -Id $id, $threads } }
        @{ Shape = 'Get-KvmProcess -IncludeThreads'; Key = 'ThreadId'; Command = { param($id, $core, $threads, $from, $to) Get-KvmProcess -Id $threads -IncludeThreads } }
        @{ Shape = 'Get-KvmProcess -CorePath'; Key = 'ThreadId'; Command = { param($id, $core, $threads, $from, $to) Get-KvmProcess -CorePath $core } }
        @{ Shape = 'Get-ProcessArgs'; Key = 'ProcessId'; Command = { param($id, $core, $threads, $from, $to) Get-ProcessArgs -Id $id, $threads } }
        @{ Shape = 'Get-ProcessArgs -Environment'; Key = 'ProcessId'; Command = { param($id, $core, $threads, $from, $to) Get-ProcessArgs -Id $id -Environment } }
    )
    # Tables only (their figures move with other processes: Pss divides shared pages among their mappers).
    $tables = @($shapes | Where-Object { $_.Shape -notlike 'Get-ProcessArgs*' }) + @(
        @{ Shape = 'Get-KvmProcess -IncludeMemory'; Command = { param($id, $core, $threads, $from, $to) Get-KvmProcess -Id $id, $threads -IncludeMemory } }
        @{ Shape = 'Measure-VmMap'; Command = { param($id, $core, $threads, $from, $to) Get-VmMap -Id $id -Detailed | Measure-VmMap } }
        @{ Shape = 'Compare-VmMap'; Command = { param($id, $core, $threads, $from, $to) $regions = Get-VmMap -Id $id; Compare-VmMap $regions $regions -IncludeEqual | Select-Object -First 8 } }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Wire.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Remoting.psm1') -Force
    Import-ProcMapUnderTest
    # A root process with pages in every state (anonymous, file, shared, locked): the subject of the
    # comparisons, and the process the unprivileged remote user may list but not read.
    $script:file = Join-Path ([IO.Path]::GetTempPath()) "procmap-remoting-$PID.bin"
    $script:subject = Start-HelperSubject -Name physical_pages -ArgumentList $file
    $script:threads = Start-PipedSubject -FilePath (Get-TestHelper -Name threads) -ArgumentList 3 -WaitForReady
    $script:sshd = Start-TestSshd -UnprivilegedUser
    # The hosts read the core as root, from a path every one of them sees (they share this machine).
    $script:core = Join-Path $sshd.Directory 'kernel.core'
    $null = Expand-FixtureCore -Name x86_64/kernel -Destination $core
    $script:arguments = @($subject.Id, $core, $threads.Id, $subject.Areas['mlocked'].Start, $subject.Areas['anon'].End)
    $script:hosts = @('web1', 'web2', 'web3')
    $script:sessions = New-TestSession -Sshd $sshd -HostName $hosts
    # New-PSSession returns the sessions in the order they opened.
    $script:web1 = $sessions | Where-Object ComputerName -EQ 'web1'
}

AfterAll {
    if ($script:sshd) { Stop-TestSshd $script:sshd }
    Stop-Subject $script:subject.Process
    Stop-Subject $script:threads
    Remove-Item $script:file -ErrorAction Ignore
}

Describe 'The remote side' -Tag 'Remoting' {
    It 'finds the module under test by name, in a pwsh of its own on each host' {
        $remote = @(Invoke-Command -Session $sessions { [pscustomobject]@{ Base = (Get-Command Get-VmMap).Module.ModuleBase; Pid = $PID } })
        @($remote.PSComputerName | Sort-Object) | Should -Be $hosts
        $remote.Base | Sort-Object -Unique | Should -BeExactly $sshd.ModulePath
        $remote.Pid | Sort-Object -Unique | Should -HaveCount 3
        $remote.Pid | Should -Not -Contain $PID
    }
}

Describe 'Every cmdlet through Invoke-Command -Session on three sessions at once' -Tag 'Remoting' {
    It '<Shape> gives each host its serialization set, every value equal to the local call''s' -ForEach $shapes {
        $command = $Command
        $set = Get-SerializationSet @(& $command @arguments)[0]
        $result = Compare-RemoteResult -Key $Key -Property $set -Exact -Local { & $command @arguments } -Remote { Invoke-Command -Session $sessions -ScriptBlock $command -ArgumentList $arguments }
        $result.ComputerNames | Should -Be $hosts
        $result.Keys.Count | Should -BeGreaterThan 0
        $result.Compared | Should -Be (3 * $result.Stable)
        $result.Differences | Should -BeNullOrEmpty
        Write-Host "    $($result.Keys.Count) objects of $($set.Count) properties; $($result.Stable) of $($result.Total) values held still and were compared on each host"
    }

    It 'keeps numbers, dates and time spans as their types, enums as names and flags as numbers -band works on' {
        $regions = @(Invoke-Command -Session $web1 { param($id) Get-VmMap -Id $id -Detailed } -ArgumentList $subject.Id)
        $local = @(Get-VmMap -Id $subject.Id)
        $regions[0].Start | Should -BeOfType [uint64]
        $regions[0].Rss | Should -BeOfType [uint64]
        $regions[0].ProcessId | Should -BeOfType [int]
        $regions[0].Kind | Should -BeOfType [string]
        $regions[0].ProtectionValue | Should -BeOfType [int]
        @($regions | Where-Object Kind -EQ 'File').Count | Should -Be @($local | Where-Object Kind -EQ File).Count
        @($regions | Where-Object { $_.ProtectionValue -band 4 }).Count | Should -Be @($local | Where-Object { $_.Protection.HasFlag([ProcMap.MemoryProtection]::Execute) }).Count
        @($regions | Where-Object Protection -Like '*Execute*').Count | Should -Be @($local | Where-Object { $_.Protection.HasFlag([ProcMap.MemoryProtection]::Execute) }).Count
        $process = Invoke-Command -Session $web1 { param($id) Get-KvmProcess -Id $id } -ArgumentList $subject.Id
        $process.StartTime | Should -BeOfType [datetime]
        $process.StartTime | Should -Be (Get-KvmProcess -Id $subject.Id).StartTime
        $process.UserCpuTime | Should -BeOfType [timespan]
        $process.State | Should -BeExactly 'Sleeping'
    }

    It 'sends what the set leaves out when the remote side selects it' {
        $process = Invoke-Command -Session $web1 { param($id) Get-KvmProcess -Id $id | Select-Object ProcessId, BlockedSignals, CaughtSignals } -ArgumentList $subject.Id
        $local = Get-KvmProcess -Id $subject.Id
        $process.BlockedSignals | Should -Be $local.BlockedSignals
        $process.CaughtSignals | Should -BeOfType [uint64]
        (Invoke-Command -Session $web1 { param($id) Get-KvmProcess -Id $id } -ArgumentList $subject.Id).psobject.Properties['BlockedSignals'] | Should -BeNullOrEmpty
    }
}

Describe 'Views of what arrives, at 80 columns' -Tag 'Remoting' {
    BeforeAll {
        $script:views = @(Get-ProcMapView)
        # The lines of a rendering, and the header lines among them (the labels and PSComputerName, in order).
        function Get-Rendering([object[]] $InputObject, [string[]] $Labels) {
            $lines = @(($InputObject | Out-String -Width 80) -split "`r?`n" | ForEach-Object TrimEnd)
            $header = ($Labels + 'PSComputerName') -join ' '
            [pscustomobject]@{
                Lines   = $lines
                Headers = @($lines | Where-Object { (($_ -split ' +' | Where-Object { $_ }) -join ' ') -ceq $header })
            }
        }
    }

    It '<Shape> prints its table with PowerShell''s PSComputerName last, nothing cut, grouped by process and host' -ForEach $tables {
        $objects = @(Invoke-Command -Session $sessions -ScriptBlock $Command -ArgumentList $arguments)
        $view = @($views | Where-Object { @($_.ViewSelectedBy.TypeName) -contains $objects[0].psobject.TypeNames[0] })
        $view | Should -HaveCount 1
        $labels = @(Get-ViewColumn $view[0] | ForEach-Object Label)
        $rendering = Get-Rendering $objects $labels
        $rendering.Headers.Count | Should -BeGreaterThan 0
        $rendering.Lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        # The formatter marks a value it cuts with an ellipsis; every column here wraps instead.
        $rendering.Lines | Where-Object { $_.Contains([char]0x2026) } | Should -BeNullOrEmpty
        foreach ($name in $hosts) { $rendering.Lines | Where-Object { $_ -match " $name$" } | Should -Not -BeNullOrEmpty -Because "rows of $name end with it" }
        if ($view[0].GroupBy) {
            $groups = @($rendering.Lines | Where-Object { $_ -match '^\s+ProcessId: ' })
            $groups | Where-Object { $_ -notmatch '^\s+ProcessId: \d+ on web[123]$' } | Should -BeNullOrEmpty
            @($groups | ForEach-Object { ($_ -split ' ')[-1] } | Sort-Object -Unique) | Should -Be $hosts
        }
    }

    It 'leaves the column out with -HideComputerName, and Mapping takes its room' {
        $objects = @(Invoke-Command -Session $web1 { param($id) Get-VmMap -Id $id } -ArgumentList $subject.Id -HideComputerName)
        $text = $objects | Out-String -Width 80
        $text | Should -Not -Match 'PSComputerName'
        $text | Should -Match '(?m)^\s+ProcessId: \d+ on web1$'
        # The subject's file, about 35 characters, on one line: Mapping has the width the column had.
        $text | Should -Match ('(?m) ' + [regex]::Escape($file) + '$')
    }

    It 'lists Get-ProcessArgs and Format-List of any shape with PSComputerName as the last line' {
        $text = Invoke-Command -Session $sessions { param($id) Get-ProcessArgs -Id $id } -ArgumentList $subject.Id | Out-String -Width 80
        ([regex]::Matches($text, '(?m)^PSComputerName\s+: web[123]$')).Count | Should -Be 3
        ([regex]::Matches($text, '(?m)^CommandLine\s+: ')).Count | Should -Be 3
        $list = Invoke-Command -Session $web1 { param($id) Get-KvmProcess -Id $id } -ArgumentList $subject.Id | Format-List | Out-String -Width 80
        ($list.Trim() -split "`r?`n")[-1] | Should -Match '^PSComputerName\s+: web1$'
        $list | Should -Match '(?m)^User\s+: root \(0\)$'
    }
}

Describe 'Remote errors' -Tag 'Remoting' {
    It '<Cmdlet> keeps ProcessNotFound, its category and target, and says which host wrote it' -ForEach @(
        @{ Cmdlet = 'Get-VmMap'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        @{ Cmdlet = 'Get-PhysicalRegion'; Type = 'ProcMap.PowerShell.GetPhysicalRegionCommand' }
        @{ Cmdlet = 'Get-KvmProcess'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        @{ Cmdlet = 'Get-ProcessArgs'; Type = 'ProcMap.PowerShell.GetProcessArgsCommand' }
    ) {
        # Above pid_max: no process can have it.
        $output = Invoke-Command -Session $sessions { param($cmdlet) & $cmdlet -Id 2147483647 } -ArgumentList $Cmdlet -ErrorVariable errs -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $errs | Should -HaveCount 3
        @($errs | ForEach-Object { $_.OriginInfo.PSComputerName } | Sort-Object) | Should -Be $hosts
        foreach ($err in $errs) {
            $err.FullyQualifiedErrorId | Should -BeExactly "ProcessNotFound,$Type"
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.TargetObject | Should -Be 2147483647
            $err.Exception.Message | Should -Match '2147483647'
        }
    }

    It 'writes each host''s objects and errors of one call, the pipeline going on past the error' {
        $output = @(Invoke-Command -Session $sessions { param($id) Get-KvmProcess -Id 2147483647, $id } -ArgumentList $subject.Id -ErrorVariable errs -ErrorAction SilentlyContinue)
        @($output.PSComputerName | Sort-Object) | Should -Be $hosts
        $output.ProcessId | Sort-Object -Unique | Should -Be $subject.Id
        @($errs | ForEach-Object { $_.OriginInfo.PSComputerName } | Sort-Object) | Should -Be $hosts
        $errs.FullyQualifiedErrorId | Sort-Object -Unique | Should -BeExactly 'ProcessNotFound,ProcMap.PowerShell.GetKvmProcessCommand'
    }

    It 'keeps ProcessNameNotFound for a -Name no process has, once per host' {
        $name = "procmap-no-such-$PID"
        $null = Invoke-Command -Session $sessions { param($name) Get-VmMap -Name $name } -ArgumentList $name -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -HaveCount 3
        $errs.FullyQualifiedErrorId | Sort-Object -Unique | Should -BeExactly 'ProcessNameNotFound,ProcMap.PowerShell.GetVmMapCommand'
        $errs.CategoryInfo.Category | Sort-Object -Unique | Should -Be 'ObjectNotFound'
        $errs.TargetObject | Sort-Object -Unique | Should -BeExactly $name
        @($errs | ForEach-Object { $_.OriginInfo.PSComputerName } | Sort-Object) | Should -Be $hosts
    }

    It 'opens the sessions that can open; a closed port ends in one error naming its host, and the others answer' {
        # Bound and never listening: the kernel refuses connections to it at once, and no other process
        # can take the port while the test holds it.
        $closed = New-ClosedPort
        try {
            $connections = @(
                (Get-TestSshConnection -Sshd $sshd -HostName web4),
                (Get-TestSshConnection -Sshd $sshd -HostName gone -Port $closed.Port),
                (Get-TestSshConnection -Sshd $sshd -HostName web5))
            $opened = @(New-PSSession -SSHConnection $connections -ErrorVariable openErrors -ErrorAction SilentlyContinue)
            foreach ($session in $opened) { $sshd.Sessions.Add($session) }
            @($opened.ComputerName | Sort-Object) | Should -Be @('web4', 'web5')
            $openErrors | Should -HaveCount 1
            $openErrors[0].FullyQualifiedErrorId | Should -BeExactly 'PSSessionOpenFailed'
            $openErrors[0].CategoryInfo.Category | Should -Be 'OpenError'
            # The message does not name the host (ssh's own "Connection refused" goes to the console);
            # the runspace that failed does.
            $openErrors[0].TargetObject.ConnectionInfo.ComputerName | Should -BeExactly 'gone'
            $openErrors[0].TargetObject.ConnectionInfo.Port | Should -Be $closed.Port

            $results = @(Invoke-Command -Session $opened { param($id) Get-KvmProcess -Id $id } -ArgumentList $subject.Id)
            @($results.PSComputerName | Sort-Object) | Should -Be @('web4', 'web5')
            $results.ProcessId | Sort-Object -Unique | Should -Be $subject.Id
        }
        finally { $closed.Socket.Dispose() }
    }
}

Describe 'An unprivileged remote user' -Tag 'Remoting', 'Unprivileged' {
    BeforeAll {
        $script:limited = New-TestSession -Sshd $sshd -HostName db1 -UserName $sshd.UnprivilegedUser
        $script:rootId = $subject.Id
    }

    It 'runs as that user, not as root' {
        $who = Invoke-Command -Session $limited { [pscustomobject]@{ Name = [Environment]::UserName; Uid = [int](Get-Content /proc/self/status | Select-String '^Uid:').Line.Split("`t")[1] } }
        $who.Name | Should -BeExactly $sshd.UnprivilegedUser
        $who.Uid | Should -Be $sshd.UnprivilegedUserId
    }

    It 'gets AccessDenied for a root process'' maps and pages, with its category and host, and may still list it' {
        foreach ($case in @(@{ Cmdlet = 'Get-VmMap'; Type = 'GetVmMapCommand' }, @{ Cmdlet = 'Get-PhysicalRegion'; Type = 'GetPhysicalRegionCommand' })) {
            $output = Invoke-Command -Session $limited { param($cmdlet, $id) & $cmdlet -Id $id } -ArgumentList $case.Cmdlet, $rootId -ErrorVariable errs -ErrorAction SilentlyContinue
            $output | Should -BeNullOrEmpty
            $errs | Should -HaveCount 1
            $errs[0].FullyQualifiedErrorId | Should -BeExactly "AccessDenied,ProcMap.PowerShell.$($case.Type)"
            $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $errs[0].OriginInfo.PSComputerName | Should -BeExactly 'db1'
            $errs[0].TargetObject | Should -Be $rootId
        }

        $listed = Invoke-Command -Session $limited { param($id) Get-KvmProcess -Id $id } -ArgumentList $rootId
        $listed.ProcessId | Should -Be $rootId
        $listed.UserName | Should -BeExactly 'root'
    }

    It 'gets a root process'' arguments, then AccessDenied for its environment' {
        $arguments = Invoke-Command -Session $limited { param($id) Get-ProcessArgs -Id $id -Environment } -ArgumentList $rootId -ErrorVariable errs -ErrorAction SilentlyContinue
        @($arguments.Arguments) | Should -Be @((Get-ProcessArgs -Id $rootId).Arguments)
        $arguments.Environment | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'AccessDenied,ProcMap.PowerShell.GetProcessArgsCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $errs[0].OriginInfo.PSComputerName | Should -BeExactly 'db1'
    }

    It 'reads its own pages without frames or page flags, and -AsJob keeps the warnings that say so with the host' {
        # Invoke-Command writes a remote warning as a WarningRecord that names no host (7.6.9); a job keeps
        # each host's warnings in the child job for that host.
        $job = Invoke-Command -Session $limited { Get-PhysicalRegion -Id $PID -PageFlags } -AsJob
        $null = $job | Wait-Job
        $regions = @($job | Receive-Job -WarningAction SilentlyContinue)
        $regions.Count | Should -BeGreaterThan 0
        $regions | Where-Object { $null -ne $_.PhysicalStart -or $null -ne $_.PageFlagsValue } | Should -BeNullOrEmpty
        $job.ChildJobs | Should -HaveCount 1
        $job.ChildJobs[0].Location | Should -BeExactly 'db1'
        $warnings = @($job.ChildJobs[0].Warning)
        $warnings | Should -HaveCount 2
        ($warnings.Message -join ' ') | Should -Match 'kpageflags'
        ($warnings.Message -join ' ') | Should -Match 'CAP_SYS_ADMIN'
        $job | Remove-Job
    }
}

Describe 'A client without ProcMap, with only the format-only module ProcMap.Views' -Tag 'Remoting' {
    BeforeAll {
        $script:viewsPath = Join-Path (Split-Path (Get-Module ProcMap).ModuleBase) 'ProcMap.Views'
        # A pwsh of its own that never loads ProcMap: it imports ProcMap.Views (unless -WithoutViews) and
        # the sshd harness, opens two sessions, and for each shape saves what arrived (Export-Clixml) and
        # how it printed at 80 columns, and the facts about itself.
        $script:client = Join-Path $sshd.Directory 'client.ps1'
        Set-Content -Path $client -Value @'
param([string] $ViewsPath, [string] $Harness, [string] $SshdPath, [string] $OutDir, [int] $SubjectId, [int] $ThreadsId, [switch] $WithoutViews)
$ErrorActionPreference = 'Stop'
if (-not $WithoutViews) { Import-Module $ViewsPath }
Import-Module $Harness
$sshd = Get-Content -Raw $SshdPath | ConvertFrom-Json
$arguments = @($SubjectId, $ThreadsId)
$sessions = New-PSSession -SSHConnection @('web1', 'web2' | ForEach-Object { Get-TestSshConnection -Sshd $sshd -HostName $_ })
try {
    $commands = [ordered]@{
        'vmmap' = 'param($id) Get-VmMap -Id $id'; 'detailed' = 'param($id) Get-VmMap -Id $id -Detailed'
        'physical' = 'param($id) Get-PhysicalRegion -Id $id'; 'pageflags' = 'param($id) Get-PhysicalRegion -Id $id -PageFlags'
        'process' = 'param($id, $threads) Get-KvmProcess -Id $id, $threads'; 'threads' = 'param($id, $threads) Get-KvmProcess -Id $threads -IncludeThreads'
        'args' = 'param($id, $threads) Get-ProcessArgs -Id $id, $threads'
    }
    foreach ($name in $commands.Keys) {
        $objects = @(Invoke-Command -Session $sessions -ScriptBlock ([scriptblock]::Create($commands[$name])) -ArgumentList $arguments)
        $objects | Export-Clixml (Join-Path $OutDir "$name.xml")
        [IO.File]::WriteAllText((Join-Path $OutDir "$name.txt"), ($objects | Out-String -Width 80))
    }
    $regions = @(Import-Clixml (Join-Path $OutDir 'vmmap.xml'))
    [pscustomobject]@{
        Modules    = @(Get-Module | ForEach-Object Name)
        Assemblies = @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -like 'ProcMap*' })
        Executable = @($regions | Where-Object { $_.ProtectionValue -band 4 }).Count
        Files      = @($regions | Where-Object Kind -EQ 'File').Count
    } | ConvertTo-Json | Set-Content (Join-Path $OutDir 'facts.json')
}
finally { Remove-PSSession $sessions }
'@
        ConvertTo-Json @{ Port = $sshd.Port; KeyFilePath = $sshd.KeyFilePath; KnownHostsPath = $sshd.KnownHostsPath } | Set-Content (Join-Path $sshd.Directory 'sshd.json')

        function Invoke-Client([switch] $WithoutViews) {
            $dir = Join-Path $sshd.Directory ('client-' + $(if ($WithoutViews) { 'bare' } else { 'views' }))
            $null = New-Item -ItemType Directory -Force $dir
            $pwsh = @([Environment]::ProcessPath)
            if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += Join-Path $PSHOME 'pwsh.dll' }
            $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $client -ViewsPath $viewsPath `
                -Harness (Join-Path $PSScriptRoot 'Remoting.psm1') -SshdPath (Join-Path $sshd.Directory 'sshd.json') -OutDir $dir `
                -SubjectId $subject.Id -ThreadsId $threads.Id -WithoutViews:$WithoutViews 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The client pwsh failed ($LASTEXITCODE): $output" }
            $dir
        }
        $script:withViews = Invoke-Client
        $script:bare = Invoke-Client -WithoutViews
        $script:facts = Get-Content -Raw (Join-Path $withViews 'facts.json') | ConvertFrom-Json
    }

    It 'never loaded ProcMap or its assemblies' {
        $facts.Modules | Should -Contain 'ProcMap.Views'
        $facts.Modules | Should -Not -Contain 'ProcMap'
        $facts.Assemblies | Should -BeNullOrEmpty
    }

    It 'prints <Name> exactly as a client with ProcMap prints the same objects' -ForEach @(
        @{ Name = 'vmmap' }, @{ Name = 'detailed' }, @{ Name = 'physical' }, @{ Name = 'pageflags' }, @{ Name = 'process' }, @{ Name = 'threads' }, @{ Name = 'args' }
    ) {
        $printed = [IO.File]::ReadAllText((Join-Path $withViews "$Name.txt"))
        $objects = @(Import-Clixml (Join-Path $withViews "$Name.xml"))
        $objects.Count | Should -BeGreaterThan 0
        $objects[0].psobject.TypeNames[0] | Should -BeLike 'Deserialized.ProcMap.*'
        $printed | Should -BeExactly ($objects | Out-String -Width 80)
        $printed | Should -Match 'PSComputerName'
    }

    It 'prints tables where a client with neither prints a list of every property' {
        $table = [IO.File]::ReadAllText((Join-Path $withViews 'process.txt'))
        $list = [IO.File]::ReadAllText((Join-Path $bare 'process.txt'))
        $table | Should -Match '(?m)^\s+PID USER\s'
        $list | Should -Not -Match '(?m)^\s+PID USER\s'
        ([regex]::Matches($list, '(?m)^ProcessId\s+: ')).Count | Should -Be 4
        ($list -split "`n").Count | Should -BeGreaterThan (4 * 20)
    }

    It 'filters on flag numbers and enum names without ProcMap''s types' {
        $local = @(Get-VmMap -Id $subject.Id)
        $facts.Executable | Should -Be (2 * @($local | Where-Object { $_.Protection.HasFlag([ProcMap.MemoryProtection]::Execute) }).Count)
        $facts.Files | Should -Be (2 * @($local | Where-Object Kind -EQ File).Count)
    }
}
