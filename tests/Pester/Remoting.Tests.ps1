# ProcMap over PowerShell remoting, against a real sshd this file starts itself (Remoting.psm1): every
# cmdlet through Invoke-Command -Session on two sessions at once, compared with the same call made
# locally; remote errors with their ErrorId, category and host; a host that is not there; a remote user
# without privileges. The "hosts" are names for the one sshd on 127.0.0.1 (ssh's HostName option does
# the connecting), so PSComputerName tells them apart as it would on a fleet.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Remoting.psm1') -Force
    Import-ProcMapUnderTest
    # A root process with pages in every state (anonymous, file, shared, locked): the subject of the
    # comparisons, and the process the unprivileged remote user may list but not read.
    $script:file = Join-Path ([IO.Path]::GetTempPath()) "procmap-remoting-$PID.bin"
    $script:subject = Start-HelperSubject -Name physical_pages -ArgumentList $file
    $script:sshd = Start-TestSshd -UnprivilegedUser
    $script:sessions = New-TestSession -Sshd $sshd -HostName web1, web2
}

AfterAll {
    if ($script:sshd) { Stop-TestSshd $script:sshd }
    Stop-Subject $script:subject.Process
    Remove-Item $script:file -ErrorAction Ignore
}

Describe 'The remote side' -Tag 'Remoting' {
    It 'finds the module under test by name, in a pwsh of its own on each host' {
        $remote = @(Invoke-Command -Session $sessions { [pscustomobject]@{ Base = (Get-Command Get-VmMap).Module.ModuleBase; Pid = $PID } })
        @($remote.PSComputerName | Sort-Object) | Should -Be @('web1', 'web2')
        $remote.Base | Sort-Object -Unique | Should -BeExactly $sshd.ModulePath
        $remote.Pid | Sort-Object -Unique | Should -HaveCount 2
        $remote.Pid | Should -Not -Contain $PID
    }
}

Describe 'Every cmdlet through Invoke-Command -Session on two sessions at once' -Tag 'Remoting' {
    It '<Name> gives each host the objects the local call gives, property by property' -ForEach @(
        @{ Name = 'Get-VmMap'; Key = 'Start'; Command = { param($id) Get-VmMap -Id $id } }
        @{ Name = 'Get-VmMap -Detailed'; Key = 'Start'; Command = { param($id) Get-VmMap -Id $id -Detailed } }
        @{ Name = 'Get-PhysicalRegion'; Key = 'VirtualStart'; Command = { param($id) Get-PhysicalRegion -Id $id } }
        @{ Name = 'Get-PhysicalRegion -PageFlags'; Key = 'VirtualStart'; Command = { param($id) Get-PhysicalRegion -Id $id -PageFlags } }
        @{ Name = 'Get-KvmProcess'; Key = 'ProcessId'; Command = { param($id) Get-KvmProcess -Id $id } }
        @{ Name = 'Get-ProcessArgs -Environment'; Key = 'ProcessId'; Command = { param($id) Get-ProcessArgs -Id $id -Environment } }
    ) {
        $id = $subject.Id
        $command = $Command
        $result = Compare-RemoteResult -Key $Key -Local { & $command $id } -Remote { Invoke-Command -Session $sessions -ScriptBlock $command -ArgumentList $id }
        $result.ComputerNames | Should -Be @('web1', 'web2')
        $result.Keys.Count | Should -BeGreaterThan 0
        $result.Compared | Should -Be (2 * $result.Stable)
        $result.Differences | Should -BeNullOrEmpty
        Write-Host "    $($result.Keys.Count) objects; $($result.Stable) of $($result.Total) values held still and were compared on both hosts"
    }

    It 'keeps numbers, dates and time spans as their types, and gives enums and flags as their names' {
        $region = Invoke-Command -Session $sessions[0] { param($id) Get-VmMap -Id $id -Detailed | Where-Object Permissions -EQ 'r-xp' | Select-Object -First 1 } -ArgumentList $subject.Id
        $region.Start | Should -BeOfType [uint64]
        $region.Rss | Should -BeOfType [uint64]
        $region.ProcessId | Should -BeOfType [int]
        # Enums arrive as strings: Where-Object Kind -eq File still works, -band on Protection does not.
        $region.Kind | Should -BeOfType [string]
        $region.Protection | Should -BeExactly 'Read, Execute'
        $process = Invoke-Command -Session $sessions[0] { param($id) Get-KvmProcess -Id $id } -ArgumentList $subject.Id
        $process.StartTime | Should -BeOfType [datetime]
        $process.StartTime | Should -Be (Get-KvmProcess -Id $subject.Id).StartTime
        $process.UserCpuTime | Should -BeOfType [timespan]
        $arguments = Invoke-Command -Session $sessions[0] { param($id) Get-ProcessArgs -Id $id } -ArgumentList $subject.Id
        @($arguments.Arguments) | Should -Be @((Get-ProcessArgs -Id $subject.Id).Arguments)
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
        $errs | Should -HaveCount 2
        @($errs | ForEach-Object { $_.OriginInfo.PSComputerName } | Sort-Object) | Should -Be @('web1', 'web2')
        foreach ($err in $errs) {
            $err.FullyQualifiedErrorId | Should -BeExactly "ProcessNotFound,$Type"
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.TargetObject | Should -Be 2147483647
            $err.Exception.Message | Should -Match '2147483647'
        }
    }

    It 'opens the sessions that can open; a closed port ends in one error naming its host, and the others answer' {
        # Bound and never listening: the kernel refuses connections to it at once, and no other process
        # can take the port while the test holds it.
        $closed = New-ClosedPort
        try {
            $connections = @(
                (Get-TestSshConnection -Sshd $sshd -HostName web3),
                (Get-TestSshConnection -Sshd $sshd -HostName gone -Port $closed.Port),
                (Get-TestSshConnection -Sshd $sshd -HostName web4))
            $opened = @(New-PSSession -SSHConnection $connections -ErrorVariable openErrors -ErrorAction SilentlyContinue)
            foreach ($session in $opened) { $sshd.Sessions.Add($session) }
            @($opened.ComputerName | Sort-Object) | Should -Be @('web3', 'web4')
            $openErrors | Should -HaveCount 1
            $openErrors[0].FullyQualifiedErrorId | Should -BeExactly 'PSSessionOpenFailed'
            $openErrors[0].CategoryInfo.Category | Should -Be 'OpenError'
            # The message does not name the host (ssh's own "Connection refused" goes to the console);
            # the runspace that failed does.
            $openErrors[0].TargetObject.ConnectionInfo.ComputerName | Should -BeExactly 'gone'
            $openErrors[0].TargetObject.ConnectionInfo.Port | Should -Be $closed.Port

            $results = @(Invoke-Command -Session $opened { param($id) Get-KvmProcess -Id $id } -ArgumentList $subject.Id)
            @($results.PSComputerName | Sort-Object) | Should -Be @('web3', 'web4')
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

    It 'gets AccessDenied for a root process'' maps, with its category and host, and may still list it' {
        $maps = Invoke-Command -Session $limited { param($id) Get-VmMap -Id $id } -ArgumentList $rootId -ErrorVariable errs -ErrorAction SilentlyContinue
        $maps | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'AccessDenied,ProcMap.PowerShell.GetVmMapCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $errs[0].OriginInfo.PSComputerName | Should -BeExactly 'db1'
        $errs[0].TargetObject | Should -Be $rootId

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
}
