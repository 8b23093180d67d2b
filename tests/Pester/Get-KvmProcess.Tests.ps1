BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:Cmdlet = 'ProcMap.PowerShell.GetKvmProcessCommand'
    function script:Ids { param($Objects) @($Objects | ForEach-Object ProcessId) }

    # A new session and process group: sh as leader with three sleeping children, each asleep where it
    # stays (the sleeps in nanosleep, sh in its wait), so what ProcMap and ps read of them holds still.
    $script:group = Start-PipedSubject -FilePath setsid -ArgumentList 'sh', '-c', 'sleep 600 & sleep 600 & sleep 600 & wait'
    $script:sid = $group.Id
    Wait-Until -What 'three sleepers in the new session' {
        @(Get-ProcTable | Where-Object { $_.Sid -eq $sid -and $_.Comm -eq 'sleep' }).Count -eq 3
    }
    $script:sessionIds = @(Get-ProcTable | Where-Object Sid -EQ $sid | ForEach-Object Pid | Sort-Object)
    foreach ($member in $sessionIds) {
        if ($member -eq $sid) { Wait-Asleep -Id $member -Name sh } else { Wait-Asleep -Id $member -Name sleep -WaitChannel '*nanosleep*' }
    }

    # Effective uid differs from real uid, both ways, and both are nobody's.
    $script:euidNobody = Start-Subject -FilePath setpriv -ArgumentList '--euid', '65534', '--', 'sleep', '600' -Name sleep
    $script:ruidNobody = Start-Subject -FilePath setpriv -ArgumentList '--ruid', '65534', '--', 'sleep', '600' -Name sleep
    $script:bothNobody = Start-Subject -FilePath setpriv -ArgumentList '--reuid', '65534', '--', 'sleep', '600' -Name sleep
    $script:userSubjects = @($euidNobody.Id, $ruidNobody.Id, $bothNobody.Id | Sort-Object)

    # 40 threads, each named, every one asleep in pause().
    $script:threads = Start-PipedSubject -FilePath (Get-TestHelper -Name threads -CompilerArguments '-pthread') -ArgumentList 40 -WaitForReady
    Wait-Asleep -Id $threads.Id -Name threads -WaitChannel '*pause*'

    # A process on a pseudo-terminal of its own: tests/helpers/pty.c runs sleep in a new session with a new
    # pts as its controlling terminal. A machine whose kernel gives no pty (a container without devpts)
    # skips the -Tty tests with the kernel's reason; any other failure fails those tests, not the file.
    $script:noPty = $null
    $script:ptyFailure = $null
    try {
        $script:ptyHolder = Start-PipedSubject -FilePath (Get-TestHelper -Name pty) -WaitForReady
        $ptyChildId, $script:ptyName = $ptyHolder.OutputLines[0].Split(' ')
        Wait-Asleep -Id $ptyChildId -Name sleep -WaitChannel '*nanosleep*'
        $script:ptyChild = Get-ProcTable -Id $ptyChildId
    }
    catch {
        if ($_.Exception.Message -match 'no-pty: (.*)') { $script:noPty = "this machine gives no pseudo-terminal: $($Matches[1])" }
        else { $script:ptyFailure = $_.Exception.Message }
    }
    function script:Assert-Pty {
        if ($ptyFailure) { throw "The pty subject did not start: $ptyFailure" }
        if ($noPty) { Set-ItResult -Skipped -Because $noPty }
    }

    # An executable whose name holds a space and a ')', 15 bytes (all of comm), and ends in a tag of this run,
    # so another run of this suite on the machine never has a process of that name.
    $script:oddDir = Join-Path ([IO.Path]::GetTempPath()) ("procmap-kvm-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $oddDir
    $script:oddTag = [guid]::NewGuid().ToString('N').Substring(0, 7)
    $script:oddName = "sl ee)p $oddTag"
    & cp /usr/bin/sleep (Join-Path $oddDir $oddName)
    $script:odd = Start-Subject -FilePath (Join-Path $oddDir $oddName) -ArgumentList 600

    # A zombie: the helper's child exited and is never reaped.
    $script:zombieParent = Start-PipedSubject -FilePath (Get-TestHelper -Name zombie) -WaitForReady
    $script:zombie = [int]$zombieParent.OutputLines[0]
    Wait-Until -What 'the zombie' { (Get-ProcTable -Id $zombie).State -eq 'Z' }

    # Every process this file started, and pid 1 and kthreadd: the only processes the tests may expect to
    # find. Anything else on the machine comes and goes as other work pleases.
    $script:kthreadd = (Get-Content /proc/2/stat -Raw) -like '2 (kthreadd)*'
    $script:ownIds = @(@(1, $PID, $euidNobody.Id, $ruidNobody.Id, $bothNobody.Id, $threads.Id, $odd.Id, $zombieParent.Id, $zombie) + $sessionIds +
        @(if ($kthreadd) { 2 }) + @(if ($ptyChild) { $ptyHolder.Id, $ptyChild.Pid }) | Sort-Object -Unique)
}

AfterAll {
    foreach ($subject in @($euidNobody, $ruidNobody, $bothNobody, $threads, $odd, $zombieParent, $ptyHolder)) { Stop-Subject $subject }
    if ($sid) { & kill -KILL -- "-$sid" 2>$null }
    if ($ptyChild) { & kill -KILL -- "-$($ptyChild.Sid)" 2>$null }
    if ($oddDir) { Remove-Item -Recurse -Force $oddDir -ErrorAction Ignore }

    # Leave this pwsh as quiet as found. After the allocations above the .NET GC hands memory back to the
    # kernel a step at each later collection, which changes /proc/$PID/maps under the next file's tests
    # (Get-VmMap compares this process's own maps across a Get-VmMap call). Collect everything now, then
    # repeat that same pattern until the maps hold still across it three times in a row.
    [GC]::Collect(2, [GCCollectionMode]::Aggressive, $true, $true)
    $still = 0
    for ($i = 0; $i -lt 200 -and $still -lt 3; $i++) {
        $before = [IO.File]::ReadAllText("/proc/$PID/maps")
        $null = Get-VmMap -Id $PID
        $after = [IO.File]::ReadAllText("/proc/$PID/maps")
        $still = if ($before -eq $after) { $still + 1 } else { 0 }
    }
}

Describe 'Get-KvmProcess selectors' {
    It 'lists every process in id order, like /proc' {
        # A process this test ended (and the runtime reaped) before the call: never listed.
        $ended = Start-Subject -FilePath sleep -ArgumentList 600
        Stop-Subject $ended
        $all = @(Get-KvmProcess)
        $ids = Ids $all
        # Order and uniqueness hold for the whole listing, whatever else runs.
        ($ids -join ',') | Should -Be (($ids | Sort-Object) -join ',')
        @($ids | Sort-Object -Unique).Count | Should -Be $ids.Count
        $ids | Should -Not -Contain $ended.Id
        # Every process of this test is there, as /proc and ps show it; others come and go and are not compared.
        @($ids | Where-Object { $_ -in $ownIds }) | Should -Be $ownIds
        @(ps -o pid= -p ($ownIds -join ',') | ForEach-Object { [int]$_.Trim() } | Sort-Object) | Should -Be $ownIds
        $listed = @{}
        foreach ($row in $all) { if ($row.ProcessId -in $ownIds) { $listed[$row.ProcessId] = $row } }
        foreach ($kernel in Get-ProcTable -Id $ownIds) {
            $row = $listed[$kernel.Pid]
            $row.Name | Should -BeExactly $kernel.Comm -Because "process $($kernel.Pid)"
            $row.ParentProcessId | Should -Be $kernel.Ppid -Because "process $($kernel.Pid)"
            $row.ProcessGroupId | Should -Be $kernel.Pgid -Because "process $($kernel.Pid)"
            $row.SessionId | Should -Be $kernel.Sid -Because "process $($kernel.Pid)"
            $row.UserId | Should -Be $kernel.Euid -Because "process $($kernel.Pid)"
            $row.RealUserId | Should -Be $kernel.Ruid -Because "process $($kernel.Pid)"
        }
    }

    It 'lists kernel threads and zombies as ps -e does' {
        $all = @(Get-KvmProcess)
        $psAll = @(ps -e -o pid= | ForEach-Object { [int]$_.Trim() })
        # kthreadd, the one kernel thread every Linux has at pid 2; which others run is the kernel's business.
        $kthreadd = $all | Where-Object ProcessId -EQ 2
        $kthreadd.Name | Should -Be 'kthreadd'
        $kthreadd.ParentProcessId | Should -Be 0
        $kthreadd.ProcessGroupId | Should -Be 0
        $kthreadd.VirtualSize | Should -Be 0
        $kthreadd.ResidentSize | Should -Be 0
        $psAll | Should -Contain 2
        (ps -o comm= -p 2).Trim() | Should -Be 'kthreadd'
        $dead = $all | Where-Object ProcessId -EQ $zombie
        $dead.State | Should -Be 'Zombie'
        $dead.ParentProcessId | Should -Be $zombieParent.Id
        $dead.Stat | Should -Be 'Z'
        $psAll | Should -Contain $zombie
        (ps -o stat= -p $zombie).Trim() | Should -Be $dead.Stat
    }

    It 'selects kernel threads with -ProcessGroupId 0, as /proc and ps show them' {
        $rows = @(Get-KvmProcess -ProcessGroupId 0)
        @($rows | Where-Object ProcessGroupId -NE 0) | Should -BeNullOrEmpty
        $ids = Ids $rows
        # Of the processes this test knows (its own, init and kthreadd), exactly those /proc and ps put in group
        # 0: kthreadd, and init too where it never made a group of its own.
        $expected = @(Get-ProcTable -Id $ownIds | Where-Object Pgid -EQ 0 | ForEach-Object Pid)
        $expected | Should -Contain 2
        @($ids | Where-Object { $_ -in $ownIds }) | Should -Be $expected
        $ps = @(ps -o pid=,pgid= -p ($ownIds -join ',') | ForEach-Object { , ($_.Trim() -split '\s+') } | Where-Object { $_[1] -eq '0' } | ForEach-Object { [int]$_[0] } | Sort-Object)
        $ps | Should -Be $expected
    }

    It 'selects the new session with -SessionId and its group with -ProcessGroupId' {
        $sessionIds.Count | Should -Be 4
        Ids (Get-KvmProcess -SessionId $sid) | Should -Be $sessionIds
        Ids (Get-KvmProcess -ProcessGroupId $sid) | Should -Be $sessionIds
        @(ps -o pid= --sid $sid | ForEach-Object { [int]$_.Trim() } | Sort-Object) | Should -Be $sessionIds
    }

    It 'selects the same set with -Id, and ANDs selectors together' {
        Ids (Get-KvmProcess -Id ($sessionIds | Sort-Object -Descending)) | Should -Be $sessionIds
        $sleepers = @($sessionIds | Where-Object { $_ -ne $sid })
        Ids (Get-KvmProcess -SessionId $sid -Name sleep) | Should -Be $sleepers
        Ids (Get-KvmProcess -SessionId $sid -Name sh) | Should -Be @($sid)
        Ids (Get-KvmProcess -ProcessGroupId $sid -SessionId 1) | Should -BeNullOrEmpty
        Ids (Get-KvmProcess -ProcessGroupId $sid, 0 -SessionId $sid) | Should -Be $sessionIds
    }

    It 'agrees with ps on every column of the session leader' {
        $p = Get-KvmProcess -Id $sid
        $ps = (ps -o pid=,ppid=,pgid=,sid=,tty=,user=,ruser=,stat=,ni=,rss=,vsz=,nlwp= -p $sid).Trim() -split '\s+'
        $p.ProcessId | Should -Be ([int]$ps[0])
        $p.ParentProcessId | Should -Be ([int]$ps[1])
        $p.ProcessGroupId | Should -Be ([int]$ps[2])
        $p.SessionId | Should -Be ([int]$ps[3])
        $ps[4] | Should -Be '?'
        $p.TtyName | Should -BeNullOrEmpty
        $p.UserName | Should -Be $ps[5]
        $p.RealUserName | Should -Be $ps[6]
        $p.Stat | Should -Be $ps[7]
        $p.Nice | Should -Be ([int]$ps[8])
        $p.ResidentSize / 1KB | Should -Be ([uint64]$ps[9])
        $p.VirtualSize / 1KB | Should -Be ([uint64]$ps[10])
        $p.ThreadCount | Should -Be ([int]$ps[11])
        $lstart = ((ps -o lstart= -p $sid).Trim() -replace '\s+', ' ')
        $p.StartTime.ToString('ddd MMM d HH:mm:ss yyyy', [cultureinfo]::InvariantCulture) | Should -Be $lstart
        $p.Name | Should -Be 'sh'
        $p.State | Should -Be 'Sleeping'
    }

    # Other users run processes as nobody at any moment: a selection is checked row by row (every row
    # meets it) and on this test's three subjects (each in or out as its ids say, and as /proc and ps say).
    It 'selects by effective user with -User and -UserId, as /proc and ps -u do' {
        $rows = @(Get-KvmProcess -User nobody)
        @($rows | Where-Object UserId -NE 65534) | Should -BeNullOrEmpty
        $ids = Ids $rows
        $expected = @($euidNobody.Id, $bothNobody.Id | Sort-Object)
        @($ids | Where-Object { $_ -in $userSubjects }) | Should -Be $expected
        $ids | Should -Not -Contain $PID
        @(Get-ProcTable -Id $userSubjects | Where-Object Euid -EQ 65534 | ForEach-Object Pid) | Should -Be $expected
        @(ps -o pid= -u 65534 | ForEach-Object { [int]$_.Trim() } | Where-Object { $_ -in $userSubjects } | Sort-Object) | Should -Be $expected
        Ids (Get-KvmProcess -UserId 65534 -Id $userSubjects) | Should -Be $expected
        Ids (Get-KvmProcess -User 65534 -Id $userSubjects) | Should -Be $expected
    }

    It 'selects by real user with -RealUser and -RealUserId, as /proc and ps -U do' {
        $rows = @(Get-KvmProcess -RealUser nobody)
        @($rows | Where-Object RealUserId -NE 65534) | Should -BeNullOrEmpty
        $ids = Ids $rows
        $expected = @($ruidNobody.Id, $bothNobody.Id | Sort-Object)
        @($ids | Where-Object { $_ -in $userSubjects }) | Should -Be $expected
        $ids | Should -Not -Contain $PID
        @(Get-ProcTable -Id $userSubjects | Where-Object Ruid -EQ 65534 | ForEach-Object Pid) | Should -Be $expected
        @(ps -o pid= -U 65534 | ForEach-Object { [int]$_.Trim() } | Where-Object { $_ -in $userSubjects } | Sort-Object) | Should -Be $expected
        Ids (Get-KvmProcess -RealUserId 65534 -Id $userSubjects) | Should -Be $expected
    }

    It 'ANDs effective and real users' {
        $rows = @(Get-KvmProcess -User nobody -RealUser root)
        @($rows | Where-Object { $_.UserId -ne 65534 -or $_.RealUserId -ne 0 }) | Should -BeNullOrEmpty
        @(Ids $rows | Where-Object { $_ -in $userSubjects }) | Should -Be @($euidNobody.Id)
        @(Get-ProcTable -Id $userSubjects | Where-Object { $_.Euid -eq 65534 -and $_.Ruid -eq 0 } | ForEach-Object Pid) | Should -Be @($euidNobody.Id)
        $mixed = @(Ids (Get-KvmProcess -User root -RealUserId 65534 -Name sleep))
        $mixed | Should -Contain $ruidNobody.Id
        @($mixed | Where-Object { $_ -in $euidNobody.Id, $bothNobody.Id }) | Should -BeNullOrEmpty
    }

    It 'reports real, effective and saved ids and both user names' {
        $a = Get-KvmProcess -Id $euidNobody.Id
        $a.UserId | Should -Be 65534
        $a.RealUserId | Should -Be 0
        $a.SavedUserId | Should -Be 65534
        $a.UserName | Should -Be 'nobody'
        $a.RealUserName | Should -Be 'root'
        $b = Get-KvmProcess -Id $ruidNobody.Id
        $b.UserId | Should -Be 0
        $b.RealUserId | Should -Be 65534
        $b.UserName | Should -Be 'root'
        $b.RealUserName | Should -Be 'nobody'
        $c = Get-KvmProcess -Id $bothNobody.Id
        $c.UserId | Should -Be 65534
        $c.RealUserId | Should -Be 65534
        $c.UserName | Should -Be 'nobody'
        $c.RealUserName | Should -Be 'nobody'
    }

    It 'selects the process on a pseudo-terminal with -Tty <Form>' -TestCases @(
        @{ Form = 'pts/N' }, @{ Form = '/dev/pts/N' }, @{ Form = 'device number' }) {
        Assert-Pty
        $expected = @(Get-ProcTable | Where-Object TtyNr -EQ $ptyChild.TtyNr | ForEach-Object Pid | Sort-Object)
        $expected | Should -Contain $ptyChild.Pid
        $tty = switch ($Form) { 'pts/N' { $ptyName } '/dev/pts/N' { "/dev/$ptyName" } default { [string]$ptyChild.TtyNr } }
        $found = @(Get-KvmProcess -Tty $tty)
        Ids $found | Should -Be $expected
        @(ps -o pid= -t $ptyName | ForEach-Object { [int]$_.Trim() } | Sort-Object) | Should -Be $expected
        $found[0].TtyName | Should -Be $ptyName
        $found[0].TtyDevice | Should -Be $ptyChild.TtyNr
        (ps -o tty= -p $ptyChild.Pid).Trim() | Should -Be $ptyName
        $found[0].Stat | Should -Be ((ps -o stat= -p $ptyChild.Pid).Trim())
    }

    It 'selects a command name with a space and a parenthesis, literally or with wildcards' {
        Ids (Get-KvmProcess -Name $oddName) | Should -Be @($odd.Id)
        Ids (Get-KvmProcess -Name "sl ee)*$oddTag") | Should -Be @($odd.Id)
        Ids (Get-KvmProcess -Name $oddName.ToUpperInvariant()) | Should -Be @($odd.Id)
        (Get-KvmProcess -Id $odd.Id).Name | Should -Be $oddName
        (ps -o comm= -p $odd.Id).Trim() | Should -Be $oddName
    }
}

Describe 'Get-KvmProcess -IncludeWaitChannel' {
    It 'reads /proc/PID/wchan only when asked' {
        (Get-KvmProcess -Id $odd.Id).WaitChannel | Should -BeNullOrEmpty
        (Get-KvmProcess -Id $odd.Id -IncludeWaitChannel).WaitChannel | Should -Be (Get-Content "/proc/$($odd.Id)/wchan")
        (Get-KvmProcess -Id $odd.Id -IncludeWaitChannel).WaitChannel | Should -Be 'hrtimer_nanosleep'
        $rows = @(Get-KvmProcess -Id $threads.Id -IncludeThreads -IncludeWaitChannel)
        @($rows.WaitChannel | Sort-Object -Unique) | Should -Be @('__do_sys_pause')
    }
}

Describe 'Get-KvmProcess -IncludeThreads' {
    It 'gives one row per thread of a 40-thread process, matching /proc/PID/task' {
        $rows = @(Get-KvmProcess -Id $threads.Id -IncludeThreads)
        $tasks = @([IO.Directory]::GetDirectories("/proc/$($threads.Id)/task") | ForEach-Object { [int][IO.Path]::GetFileName($_) } | Sort-Object)
        $rows.Count | Should -Be 40
        @($rows.ThreadId) | Should -Be $tasks
        $rows | ForEach-Object {
            $_.ProcessId | Should -Be $threads.Id
            $_.ThreadCount | Should -Be 40
            $_.Name | Should -Be ((Get-Content "/proc/$($threads.Id)/task/$($_.ThreadId)/comm"))
            $_.PSObject.TypeNames[0] | Should -Be 'ProcMap.ProcessInfo#Thread'
        }
        @($rows.Name | Where-Object { $_ -like 'worker-*' }).Count | Should -Be 39
        @(ps -L -o lwp= -p $threads.Id | ForEach-Object { [int]$_.Trim() } | Sort-Object) | Should -Be $tasks
    }

    It 'keeps one row per process without the switch' {
        $row = @(Get-KvmProcess -Id $threads.Id)
        $row.Count | Should -Be 1
        $row[0].ThreadId | Should -BeNullOrEmpty
        $row[0].ThreadCount | Should -Be 40
        $row[0].Stat | Should -BeLike '*l*'
    }

    It 'combines with other selectors, which choose processes' {
        $rows = @(Get-KvmProcess -SessionId $sid -IncludeThreads)
        @($rows | ForEach-Object { "$($_.ProcessId)/$($_.ThreadId)" }) | Should -Be @($sessionIds | ForEach-Object { "$_/$_" })
        @(Get-KvmProcess -Name threads -User root -IncludeThreads | Where-Object ProcessId -EQ $threads.Id).Count | Should -Be 40
    }

    It 'does not take a thread id for a process id' {
        $tid = ([IO.Directory]::GetDirectories("/proc/$($threads.Id)/task") | ForEach-Object { [int][IO.Path]::GetFileName($_) } | Where-Object { $_ -ne $threads.Id })[0]
        $out = Get-KvmProcess -Id $tid -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be "ProcessNotFound,$Cmdlet"
    }
}

Describe 'Get-KvmProcess in the pipeline' {
    It 'binds Id into Stop-Process, which stops that process and no other of the same name' {
        $a = Start-Subject -FilePath sleep -ArgumentList 601
        $b = Start-Subject -FilePath sleep -ArgumentList 602
        try {
            Get-KvmProcess -Id $a.Id | Stop-Process
            # The timeout only guards against a hang: SIGKILL ends it at once.
            $a.WaitForExit(60000) | Should -BeTrue
            $b.HasExited | Should -BeFalse
        }
        finally { Stop-Subject $a; Stop-Subject $b }
    }

    It 'flows into Get-VmMap by ProcessId' {
        $regions = @(Get-KvmProcess -Id $odd.Id | Get-VmMap)
        $regions.Count | Should -BeGreaterThan 5
        @($regions.ProcessId | Sort-Object -Unique) | Should -Be @($odd.Id)
        @($regions | Where-Object Path -EQ (Join-Path $oddDir $oddName)).Count | Should -BeGreaterThan 0
    }

    It 'flows into Get-Process and Wait-Process through -Id { $_.Id }' {
        # Their default parameter set is Name, so a plain pipe would bind the Name property instead.
        @(Get-KvmProcess -Id $odd.Id | Get-Process -Id { $_.Id }).Id | Should -Be @($odd.Id)
        # cat ends when its input closes. Wait-Process takes the process when the row reaches it, and waits in
        # its end block: the input is closed between the two, so the process ends while Wait-Process waits for it,
        # whatever the machine's speed. The timeout only guards against a hang.
        $c = Start-PipedSubject -FilePath cat
        try {
            & { Get-KvmProcess -Id $c.Id; $c.StandardInput.Close() } | Wait-Process -Id { $_.Id } -Timeout 60
            $c.HasExited | Should -BeTrue
        }
        finally { Stop-Subject $c }
    }

    It 'takes ids from Get-Process objects and <Name> properties' -TestCases @(@{ Name = 'Id' }, @{ Name = 'ProcessId' }, @{ Name = 'PID' }) {
        Ids ([pscustomobject]@{ $Name = $odd.Id } | Get-KvmProcess) | Should -Be @($odd.Id)
        Ids (Get-Process -Id $odd.Id | Get-KvmProcess) | Should -Be @($odd.Id)
    }

    It 'sorts and filters on numbers' {
        $top = @(Get-KvmProcess -Id $ownIds | Where-Object ResidentSize -GT 0 | Sort-Object ResidentSize -Descending | Select-Object -First 2)
        $top[0].ResidentSize | Should -BeOfType ([uint64])
        $top[0].ResidentSize | Should -BeGreaterOrEqual $top[1].ResidentSize
        $top[0].StartTime | Should -BeOfType ([datetime])
        $top[0].UserCpuTime | Should -BeOfType ([timespan])
        (Get-Command Get-KvmProcess).OutputType.Name | Should -Be 'ProcMap.ProcessInfo'
    }

    It 'stops reading when the pipeline stops, without an error' {
        $first = Get-KvmProcess -ErrorVariable errs | Select-Object -First 1
        @($first).Count | Should -Be 1
        $errs | Should -BeNullOrEmpty
    }
}

Describe 'Get-KvmProcess errors' {
    It 'writes ProcessNotFound for a missing id and goes on with the next' {
        $out = Get-KvmProcess -Id 2147483647, $odd.Id -ErrorVariable errs -ErrorAction SilentlyContinue
        Ids $out | Should -Be @($odd.Id)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "ProcessNotFound,$Cmdlet"
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 2147483647
    }

    It 'rejects process id <Id> as an invalid argument' -TestCases @(@{ Id = 0 }, @{ Id = -3 }) {
        $null = Get-KvmProcess -Id $Id -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "InvalidProcessId,$Cmdlet"
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'writes one <ErrorId> for <Parameter> <Value> and still selects by the good value beside it' -TestCases @(
        @{ Parameter = 'User'; Value = 'no-such-user-procmap'; ErrorId = 'UnknownUser' }
        @{ Parameter = 'RealUser'; Value = 'no-such-user-procmap'; ErrorId = 'UnknownUser' }
        @{ Parameter = 'Tty'; Value = '/dev/null'; ErrorId = 'UnknownTty' }
        @{ Parameter = 'Tty'; Value = 'pts/999999'; ErrorId = 'UnknownTty' }
        @{ Parameter = 'Tty'; Value = '/etc/passwd'; ErrorId = 'UnknownTty' }) {
        # Get-Process's rule for names that match nothing: one non-terminating error per unknown value,
        # the known values still select, and -ErrorAction decides what the error does.
        if ($Parameter -eq 'Tty') { Assert-Pty }
        $good = if ($Parameter -eq 'Tty') { $ptyName } else { 'nobody' }
        $subject = if ($Parameter -eq 'Tty') { $ptyChild.Pid } elseif ($Parameter -eq 'User') { $euidNobody.Id } else { $ruidNobody.Id }
        $arguments = @{ $Parameter = @($Value, $good) }
        $out = @(Get-KvmProcess @arguments -ErrorVariable errs -ErrorAction SilentlyContinue)
        Ids $out | Should -Contain $subject
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,$Cmdlet"
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be $Value
        $errs[0].Exception.Message | Should -BeLike "*$Value*"
        { Get-KvmProcess @arguments -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,$Cmdlet"
    }

    It 'selects nothing, never everything, when every <Parameter> value is unknown' -TestCases @(
        @{ Parameter = 'User'; Values = 'no-such-user-procmap', 'no-such-user-procmap2' }
        @{ Parameter = 'RealUser'; Values = , 'no-such-user-procmap' }
        @{ Parameter = 'Tty'; Values = 'pts/999999', '/dev/null' }) {
        $arguments = @{ $Parameter = $Values }
        $out = @(Get-KvmProcess @arguments -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be $Values.Count
        @(Get-KvmProcess @arguments -IncludeThreads -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'writes ProcessNameNotFound for a literal name that matches nothing, and nothing for a wildcard' {
        $out = Get-KvmProcess -Name 'no-such-proc-x', $oddName, 'no-such-*', 'NO-SUCH-PROC-X' -ErrorVariable errs -ErrorAction SilentlyContinue
        Ids $out | Should -Be @($odd.Id)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "ProcessNameNotFound,$Cmdlet"
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'no-such-proc-x'
    }

    It 'refuses an empty or null <Parameter> rather than listing everything' -TestCases @(
        @{ Parameter = 'Id' }, @{ Parameter = 'ProcessGroupId' }, @{ Parameter = 'SessionId' }, @{ Parameter = 'Name' },
        @{ Parameter = 'Tty' }, @{ Parameter = 'User' }, @{ Parameter = 'UserId' }, @{ Parameter = 'RealUser' }, @{ Parameter = 'RealUserId' }) {
        # "Get-KvmProcess -Id $unset | Stop-Process" must never mean every process.
        $empty = @{ $Parameter = $null }
        { Get-KvmProcess @empty } | Should -Throw -ErrorId "ParameterArgumentValidationError*,$Cmdlet"
        $none = @{ $Parameter = @() }
        { Get-KvmProcess @none } | Should -Throw -ErrorId "ParameterArgumentValidationError*,$Cmdlet"
    }

    It 'validates negative group and session ids' {
        { Get-KvmProcess -ProcessGroupId -1 } | Should -Throw -ErrorId "ParameterArgumentValidationError,$Cmdlet"
        { Get-KvmProcess -SessionId -1 } | Should -Throw -ErrorId "ParameterArgumentValidationError,$Cmdlet"
    }
}

Describe 'Get-KvmProcess views' {
    It 'shows a ps-like table that fits 80 columns with whole 15-byte names' {
        # This test's processes (nobody's, a 15-byte name, a zombie, kernel and init among them), not whatever else runs.
        $lines = @((Get-KvmProcess -Id $ownIds | Out-String -Width 80).Split("`n") | Where-Object { $_.Trim() })
        ($lines | Measure-Object Length -Maximum).Maximum | Should -BeLessOrEqual 80
        $lines[0].Trim() -split '\s+' | Should -Be @('PID', 'PPID', 'USER', 'TTY', 'STAT', 'RSS', 'TIME', 'COMMAND')
        $row = (Get-KvmProcess -Id $odd.Id | Out-String -Width 80)
        $row | Should -Match ([regex]::Escape($oddName))
        $row | Should -Match '\d\d:\d\d:\d\d'
        $long = Get-KvmProcess -Id $threads.Id | Out-String -Width 80
        $long | Should -Match '\bthreads\b'
    }

    It 'shows the terminal name in the TTY column' {
        Assert-Pty
        $row = @((Get-KvmProcess -Id $ptyChild.Pid | Out-String -Width 80).Split("`n") | Where-Object { $_.Trim() })[-1]
        ($row.Trim() -split '\s+')[3] | Should -Be $ptyName
        $jobs = @((Get-KvmProcess -Id $ptyChild.Pid | Format-Table -View Jobs | Out-String -Width 80).Split("`n") | Where-Object { $_.Trim() })[-1]
        ($jobs.Trim() -split '\s+')[4] | Should -Be $ptyName
    }

    It 'shows the thread view with thread ids for -IncludeThreads' {
        $text = Get-KvmProcess -Id $threads.Id -IncludeThreads | Out-String -Width 80
        $lines = @($text.Split("`n") | Where-Object { $_.Trim() })
        $lines[0].Trim() -split '\s+' | Should -Be @('PID', 'TID', 'USER', 'STAT', 'NI', 'PRI', 'PSR', 'TIME', 'COMMAND')
        $text | Should -Match 'worker-39'
        ($lines | Measure-Object Length -Maximum).Maximum | Should -BeLessOrEqual 80
    }
}

Describe 'Get-KvmProcess tab completion' {
    BeforeAll {
        function script:Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
    }

    It 'completes -Name with running command names, quoted when needed' {
        (Complete 'Get-KvmProcess -Name threa').CompletionText | Should -Contain 'threads'
        (Complete "Get-KvmProcess -Name 'sl ee").CompletionText | Should -Contain "'$oddName'"
        (Complete 'Get-KvmProcess sl').CompletionText | Should -Contain "'$oddName'"
    }

    It 'completes -Id with process ids, the names as tooltips' {
        $results = Complete "Get-KvmProcess -Id $($odd.Id)"
        $match = $results | Where-Object CompletionText -EQ ([string]$odd.Id)
        $match.ToolTip | Should -Be $oddName
        $match.ListItemText | Should -Be "$($odd.Id) $oddName"
        (Complete 'Get-KvmProcess -Id threa').CompletionText | Should -Contain ([string]$threads.Id)
    }

    It 'completes -User with effective and -RealUser with real user names' {
        (Complete 'Get-KvmProcess -User nob').CompletionText | Should -Contain 'nobody'
        (Complete 'Get-KvmProcess -RealUser nob').CompletionText | Should -Contain 'nobody'
        # Each name once, however many processes it runs, and only names that start with the word.
        $root = @((Complete 'Get-KvmProcess -User ro').CompletionText)
        $root | Should -Contain 'root'
        @($root | Where-Object { $_ -notlike 'ro*' }) | Should -BeNullOrEmpty
        @($root | Sort-Object -Unique).Count | Should -Be $root.Count
    }

    It 'completes -Tty with terminals in use' {
        Assert-Pty
        (Complete 'Get-KvmProcess -Tty pts/').CompletionText | Should -Contain $ptyName
        (Complete 'Get-KvmProcess -Tty /dev/pt').CompletionText | Should -Contain "/dev/$ptyName"
    }

    It 'never throws on odd words: <Line>' -TestCases @(
        @{ Line = "Get-KvmProcess -Name '[" }, @{ Line = 'Get-KvmProcess -Id "' }, @{ Line = "Get-KvmProcess -Tty '" },
        @{ Line = 'Get-KvmProcess -User `' }, @{ Line = 'Get-KvmProcess -Id 99999999999999999999' }) {
        { Complete $Line } | Should -Not -Throw
    }
}

Describe 'Get-KvmProcess as an unprivileged user' -Tag 'Unprivileged' {
    It 'lists root processes too: stat and status are world-readable' {
        $run = Invoke-AsNobody -Script "Get-KvmProcess -Id 1, $sid, $($euidNobody.Id); (Get-KvmProcess).ProcessId -join ','"
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 4
        $run.Output[0].PSObject.TypeNames | Should -Contain 'Deserialized.ProcMap.ProcessInfo'
        @($run.Output[0..2].ProcessId) | Should -Be @(1, $sid, $euidNobody.Id | Sort-Object)
        ($run.Output | Where-Object ProcessId -EQ $sid).UserName | Should -Be 'root'
        ($run.Output | Where-Object ProcessId -EQ $sid).Name | Should -Be 'sh'
        ($run.Output | Where-Object ProcessId -EQ $euidNobody.Id).UserName | Should -Be 'nobody'
        # The whole listing, as nobody, holds root's processes (init, the session) and this test's others.
        $listed = @($run.Output[3] -split ',' | ForEach-Object { [int]$_ })
        @($ownIds | Where-Object { $_ -notin $listed }) | Should -BeNullOrEmpty
    }

    It 'leaves out what hidepid=<Hidepid> hides, and reports <ErrorId> for -Id of it' -TestCases @(
        @{ Hidepid = 'noaccess'; ErrorId = 'AccessDenied'; Category = 'PermissionDenied' }
        @{ Hidepid = 'invisible'; ErrorId = 'ProcessNotFound'; Category = 'ObjectNotFound' }) {
        $run = Invoke-AsNobody -Hidepid $Hidepid -Script "`$PID; (Get-KvmProcess).ProcessId -join ','; Get-KvmProcess -Id $sid"
        $listed = @($run.Output[1] -split ',' | ForEach-Object { [int]$_ })
        $listed | Should -Contain $run.Output[0]
        $listed | Should -Not -Contain $sid
        $listed | Should -Not -Contain 1
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be "$ErrorId,$Cmdlet"
        $run.Errors[0].Category | Should -Be $Category
        $run.Errors[0].TargetObject | Should -Be $sid
    }
}
