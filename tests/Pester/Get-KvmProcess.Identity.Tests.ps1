# What a process is (issue 18): executable, directories, control group and unit, pid namespace, groups,
# scheduling, context switches, affinity, open files, each compared with /proc read by the test and ps.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest

    function script:StatusValues {
        param([int] $Id, [string] $Key)
        $line = @([IO.File]::ReadAllLines("/proc/$Id/status") | Where-Object { $_.StartsWith("${Key}:`t") })[0]
        @($line.Substring($Key.Length + 2).Split([char[]]"`t ", [StringSplitOptions]::RemoveEmptyEntries))
    }

    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("procmap-identity-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $dir

    # An executable deleted while it runs, started in $dir.
    $script:doomedPath = Join-Path $dir 'doomed-sleep'
    & cp /usr/bin/sleep $doomedPath
    $info = [Diagnostics.ProcessStartInfo]::new($doomedPath)
    $info.ArgumentList.Add('600')
    $info.WorkingDirectory = $dir
    $info.UseShellExecute = $false
    $script:doomed = [Diagnostics.Process]::Start($info)
    Wait-Until -What 'the copy of sleep to run' { (Get-Content "/proc/$($doomed.Id)/comm") -eq 'doomed-sleep' }
    Remove-Item $doomedPath

    # Real-time FIFO at priority 10 on CPU 0, with a saved gid and supplementary groups of its own.
    $script:tuned = Start-PipedSubject -FilePath setpriv -ArgumentList '--regid', '7', '--groups', '4,24,27', '--',
        'taskset', '-c', '0', 'chrt', '-f', '10', 'sleep', '600'
    Wait-Until -What 'setpriv, taskset and chrt to exec sleep' { (Get-Content "/proc/$($tuned.Id)/wchan") -eq 'hrtimer_nanosleep' }

    # A process in a new pid namespace, where it is pid 1, and in a cgroup under test-procmap.service.
    $script:contained = Start-PipedSubject -FilePath unshare -ArgumentList '-p', '-f', '--', 'sleep', '600'
    Wait-Until -What 'unshare to fork sleep' { @(Get-ProcTable | Where-Object Ppid -EQ $contained.Id).Count -eq 1 }
    $script:inner = (Get-ProcTable | Where-Object Ppid -EQ $contained.Id).Pid
    Wait-Until -What 'the namespaced sleep to exec' { (Get-Content "/proc/$inner/comm") -eq 'sleep' }
    $script:group = New-TestControlGroup -Name "member-$PID" -ProcessId $inner
    $script:expectedGroup = $group.Path
}

AfterAll {
    if ($inner) { & kill -KILL $inner 2>$null }
    foreach ($subject in @($doomed, $tuned, $contained)) { Stop-Subject $subject }
    Remove-TestControlGroup $group
    if ($dir) { Remove-Item -Recurse -Force $dir -ErrorAction Ignore }
}

Describe 'Get-KvmProcess reads from stat and status by default' {
    It 'gives the saved gid, supplementary groups, policy, real-time priority, affinity and context switches' {
        # The counters only grow: ProcMap's read lies between two reads of status by the test.
        $before = foreach ($key in 'voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches') { [uint64]@(StatusValues $tuned.Id $key)[0] }
        $p = Get-KvmProcess -Id $tuned.Id
        $after = foreach ($key in 'voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches') { [uint64]@(StatusValues $tuned.Id $key)[0] }
        $p.VoluntaryContextSwitches | Should -BeGreaterOrEqual $before[0]
        $p.VoluntaryContextSwitches | Should -BeLessOrEqual $after[0]
        $p.InvoluntaryContextSwitches | Should -BeGreaterOrEqual $before[1]
        $p.InvoluntaryContextSwitches | Should -BeLessOrEqual $after[1]
        $p.SavedGroupId | Should -Be 7
        $p.SavedGroupId | Should -Be ([uint32]@(StatusValues $tuned.Id Gid)[2])
        @($p.SupplementaryGroupIds) | Should -Be @(4, 24, 27)
        $p.SchedulingPolicy | Should -Be ([ProcMap.SchedulingPolicy]::Fifo)
        $p.RealtimePriority | Should -Be 10
        (ps -o cls=,rtprio= -p $tuned.Id).Trim() -replace '\s+', ' ' | Should -Be 'FF 10'
        @($p.Affinity) | Should -Be @(0)
    }

    It 'gives an ordinary process the default policy and every CPU' {
        $p = Get-KvmProcess -Id $doomed.Id
        $p.SchedulingPolicy | Should -Be ([ProcMap.SchedulingPolicy]::Other)
        $p.RealtimePriority | Should -Be 0
        @($p.Affinity) | Should -Be @(0..([Environment]::ProcessorCount - 1))
        $p.NamespacePid | Should -Be $doomed.Id
    }

    It 'gives the pid inside a new pid namespace' {
        $p = Get-KvmProcess -Id $inner
        $p.NamespacePid | Should -Be 1
        [int]@(StatusValues $inner NSpid)[-1] | Should -Be 1
        (Get-KvmProcess -Id $contained.Id).NamespacePid | Should -Be $contained.Id
    }

    It 'leaves what costs more than stat and status null unless asked' {
        $p = Get-KvmProcess -Id $doomed.Id
        foreach ($name in 'Executable', 'ExecutableDeleted', 'CurrentDirectory', 'RootDirectory', 'ControlGroup', 'Unit', 'OpenFileCount') {
            $p.$name | Should -BeNullOrEmpty -Because $name
        }
    }
}

Describe 'Get-KvmProcess -IncludeExecutable, -IncludeDirectory, -IncludeOpenFileCount' {
    It 'names an executable deleted while it runs, and its directories' {
        $p = Get-KvmProcess -Id $doomed.Id -IncludeExecutable -IncludeDirectory
        $p.Executable | Should -Be $doomedPath
        $p.ExecutableDeleted | Should -BeTrue
        (& readlink "/proc/$($doomed.Id)/exe") | Should -Be "$doomedPath (deleted)"
        $p.CurrentDirectory | Should -Be $dir
        $p.RootDirectory | Should -Be '/'
    }

    It 'names an executable still in place' {
        $p = Get-KvmProcess -Id $tuned.Id -IncludeExecutable
        $p.Executable | Should -Be (& readlink -f /usr/bin/sleep)
        $p.ExecutableDeleted | Should -BeFalse
    }

    It 'counts the open descriptors' {
        $p = Get-KvmProcess -Id $tuned.Id -IncludeOpenFileCount
        $p.OpenFileCount | Should -BeGreaterOrEqual 3
        $p.OpenFileCount | Should -Be ([IO.Directory]::GetFileSystemEntries("/proc/$($tuned.Id)/fd").Count)
    }

    It 'reads each thread''s own links with -IncludeThreads' {
        $rows = @(Get-KvmProcess -Id $doomed.Id -IncludeThreads -IncludeExecutable -IncludeDirectory)
        $rows.Count | Should -BeGreaterThan 0
        $rows | ForEach-Object { $_.Executable | Should -Be $doomedPath; $_.CurrentDirectory | Should -Be $dir }
    }

    It 'leaves a kernel thread''s executable null' {
        $kthreadd = Get-KvmProcess -Id 2 -IncludeExecutable -IncludeOpenFileCount
        if ($kthreadd.Name -ne 'kthreadd') { Set-ItResult -Skipped -Because 'pid 2 is not kthreadd in this pid namespace' }
        $kthreadd.Executable | Should -BeNullOrEmpty
        $kthreadd.ExecutableDeleted | Should -BeNullOrEmpty
    }
}

Describe 'Get-KvmProcess -IncludeControlGroup' {
    It 'gives the control group the test made and its unit, as /proc and ps -o cgroup,unit say' {
        $p = Get-KvmProcess -Id $inner -IncludeControlGroup
        $p.ControlGroup | Should -Be $expectedGroup
        $p.Unit | Should -Be 'test-procmap.service'
        $pattern = if ($group.Root -eq '/sys/fs/cgroup/systemd') { "*:name=systemd:$expectedGroup" } else { "0::$expectedGroup" }
        @(Get-Content "/proc/$inner/cgroup" | Where-Object { $_ -like $pattern }).Count | Should -Be 1
        $ps = (ps -o unit= -p $inner).Trim()
        if ($ps -ne '-') { $ps | Should -Be 'test-procmap.service' }
        (ps -o cgroup= -p $inner) | Should -BeLike "*$expectedGroup*"
    }

    It 'selects the unit''s processes with Where-Object' {
        @(Get-KvmProcess -IncludeControlGroup | Where-Object ControlGroup -EQ $expectedGroup | ForEach-Object ProcessId) | Should -Be @($inner)
        (Get-KvmProcess -Id $doomed.Id -IncludeControlGroup).ControlGroup | Should -Not -Be $expectedGroup
    }
}
