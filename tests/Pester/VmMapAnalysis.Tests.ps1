# Measure-VmMap and Compare-VmMap on subjects started here (tests/helpers/memory_subject.c): totals against
# the regions they were given and the kernel's own rollup; the changes the test makes through the
# subject's standard input (map, unmap, grow the heap, mprotect), and nothing else, in live and core
# snapshots; and the bad-input records.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:subject = Start-HelperSubject -Name memory_subject
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) "procmap-analysis-$PID"
    $null = New-Item -ItemType Directory -Force $dir

    function Send-SubjectCommand($Subject, [string] $Command) {
        $Subject.Process.StandardInput.WriteLine($Command)
        $Subject.Process.StandardInput.Flush()
        $Subject.Process.StandardOutput.ReadLine() | Should -Be 'ok' -Because "the subject ran '$Command'"
    }

    # A fresh subject, a snapshot, the four changes, a second snapshot. With -Cores, also a gcore before and after.
    function New-ChangedSubject([switch] $Detailed, [switch] $Cores) {
        $changed = Start-HelperSubject -Name memory_subject
        $before = @(Get-VmMap -Id $changed.Id -Detailed:$Detailed)
        $coreBefore = $coreAfter = $null
        if ($Cores) {
            $null = & gcore -o (Join-Path $dir 'before') $changed.Id 2>&1
            $coreBefore = Join-Path $dir "before.$($changed.Id)"
        }
        foreach ($command in 'map', 'unmap', 'grow', 'protect') { Send-SubjectCommand $changed $command }
        $after = @(Get-VmMap -Id $changed.Id -Detailed:$Detailed)
        if ($Cores) {
            $null = & gcore -o (Join-Path $dir 'after') $changed.Id 2>&1
            $coreAfter = Join-Path $dir "after.$($changed.Id)"
        }
        $heap = $before | Where-Object Kind -EQ 'Heap'
        [pscustomobject]@{ Subject = $changed; Before = $before; After = $after; Heap = $heap; CoreBefore = $coreBefore; CoreAfter = $coreAfter }
    }

    # The four changes the subject made, as the test expects them.
    function Assert-FourChanges($Changes, $Changed, [switch] $FromCores) {
        $areas = $Changed.Subject.Areas
        $Changes.Count | Should -Be 4 -Because ($Changes | Out-String)
        $added = $Changes | Where-Object Change -EQ 'Added'
        $added.Start | Should -Be $areas.added.Start
        $added.End | Should -Be $areas.added.End
        $added.SizeDelta | Should -Be 1MB
        $added.Before | Should -BeNullOrEmpty
        $added.After.Start | Should -Be $areas.added.Start
        $removed = $Changes | Where-Object Change -EQ 'Removed'
        $removed.Start | Should -Be $areas.gone.Start
        $removed.SizeDelta | Should -Be (-1MB)
        $removed.After | Should -BeNullOrEmpty
        $grown = $Changes | Where-Object Change -EQ 'Grown'
        $grown.Start | Should -Be $Changed.Heap.Start
        $grown.SizeDelta | Should -Be 256KB
        if (-not $FromCores) { $grown.Mapping | Should -Be '[heap]' }
        $mprotected = $Changes | Where-Object Change -EQ 'Changed'
        $mprotected.Start | Should -Be $areas.guarded.Start
        $mprotected.SizeDelta | Should -Be 0
        $mprotected.ChangedProperties | Should -Be @('Permissions')
        # A core records no sharing: its regions read rw-? where the live map says rw-p.
        $mprotected.Before.Permissions | Should -BeLike 'rw-[p?]'
        $mprotected.After.Permissions | Should -BeLike 'r--[p?]'
    }
}

AfterAll {
    Stop-Subject $subject.Process
    Remove-Item -Recurse -Force $dir -ErrorAction Ignore
}

Describe 'Measure-VmMap' {
    It 'sums exactly the regions it was given, per <GroupBy> and in total' -TestCases @(
        @{ GroupBy = 'Kind'; Key = { $_.Kind.ToString() } }
        @{ GroupBy = 'Path'; Key = { if ($null -ne $_.Path) { $_.Path } else { $_.Mapping } } }
        @{ GroupBy = 'Mapping'; Key = { $_.Mapping } }
        @{ GroupBy = 'Permissions'; Key = { $_.Permissions } }
    ) {
        $regions = @(Get-VmMap -Id $subject.Id -Detailed)
        $lines = @($regions | Measure-VmMap -GroupBy $GroupBy)
        $lines[0] | Should -BeOfType ([ProcMap.VmSummary])
        $lines[-1].Group | Should -Be 'Total'
        $groups = $regions | Group-Object -Property $Key
        $lines.Count | Should -Be ($groups.Count + 1)
        foreach ($group in @($groups) + @([pscustomobject]@{ Name = 'Total'; Group = $regions })) {
            $line = $lines | Where-Object Group -EQ $group.Name
            $line.ProcessId | Should -Be $subject.Id
            $line.Count | Should -Be $group.Group.Count
            $line.Size | Should -Be ($group.Group | Measure-Object Size -Sum).Sum
            $line.Rss | Should -Be ($group.Group | Measure-Object Rss -Sum).Sum
            $line.Pss | Should -Be ($group.Group | Measure-Object Pss -Sum).Sum
            $line.Private | Should -Be ($group.Group | ForEach-Object { $_.PrivateClean + $_.PrivateDirty + $_.PrivateHugetlb } | Measure-Object -Sum).Sum
            $line.Swap | Should -Be ($group.Group | Measure-Object Swap -Sum).Sum
            $line.Locked | Should -Be ($group.Group | Measure-Object Locked -Sum).Sum
        }
    }

    It 'reads the process itself with -Id: its Total is the kernel''s rollup' {
        for ($attempt = 0; $attempt -lt 50; $attempt++) {
            $before = [IO.File]::ReadAllText("/proc/$($subject.Id)/smaps_rollup")
            $total = Measure-VmMap -Id $subject.Id | Where-Object Group -EQ 'Total'
            if ([IO.File]::ReadAllText("/proc/$($subject.Id)/smaps_rollup") -eq $before) { break }
        }
        $rss = [uint64](($before.Split("`n") | Where-Object { $_ -like 'Rss:*' }) -replace '\D', '') * 1KB
        $total.Rss | Should -Be $rss -Because 'Rss is whole pages, so the sum of the mappings is the rollup''s'
        $total.Locked | Should -Be 1MB
        $total.Count | Should -Be ([IO.File]::ReadAllLines("/proc/$($subject.Id)/maps").Count)
        (Measure-VmMap $subject.Id | Select-Object -Last 1).Group | Should -Be 'Total' -Because 'a number binds -Id by position'
    }

    It 'leaves the smaps figures empty for a plain listing, and counts its sizes' {
        $regions = @(Get-VmMap -Id $subject.Id)
        $total = $regions | Measure-VmMap | Where-Object Group -EQ 'Total'
        $total.Size | Should -Be ($regions | Measure-Object Size -Sum).Sum
        $total.Rss, $total.Pss, $total.Private, $total.Swap, $total.Locked | ForEach-Object { $_ | Should -BeNullOrEmpty }
    }

    It 'sums a core file''s regions with -CorePath, as it sums them piped' {
        $null = & gcore -o (Join-Path $dir 'measure') $subject.Id 2>&1
        $core = Join-Path $dir "measure.$($subject.Id)"
        $direct = Measure-VmMap -CorePath $core
        $piped = Get-VmMap -CorePath $core | Measure-VmMap
        ($direct | ForEach-Object { '{0} {1} {2}' -f $_.Group, $_.Count, $_.Size }) | Should -Be ($piped | ForEach-Object { '{0} {1} {2}' -f $_.Group, $_.Count, $_.Size })
        ($direct | Select-Object -Last 1).Size | Should -Be (Get-VmMap -CorePath $core | Measure-Object Size -Sum).Sum
        ($direct | Select-Object -Last 1).Rss | Should -BeNullOrEmpty
        (Get-Item $core | Measure-VmMap | Select-Object -Last 1).Size | Should -Be ($direct | Select-Object -Last 1).Size
    }

    It 'writes a summary per process for regions of several processes' {
        $child = [int]$subject.Areas.child.Start
        $lines = @(Get-KvmProcess -Id $subject.Id, $child | Measure-VmMap)
        ($lines | Where-Object Group -EQ 'Total').ProcessId | Should -Be @($subject.Id, $child)
    }

    It 'sorts and filters on the numbers, and fits its table in 80 columns' {
        $lines = Get-VmMap -Id $subject.Id -Detailed | Measure-VmMap
        ($lines | Sort-Object Size -Descending | Select-Object -First 1).Group | Should -Be 'Total'
        ($lines | Where-Object Locked -GT 0 | Where-Object Group -NE 'Total').Group | Should -Be 'Anonymous'
        $text = $lines | Out-String -Width 80
        $text.Split("`n") | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
        $text | Should -Match 'Count\s+Kbytes\s+RSS\s+PSS\s+Private\s+Swap\s+Locked\s+Group'
    }
}

Describe 'Compare-VmMap' {
    It 'lists exactly the mapping, the unmapping, the heap growth and the mprotect the subject made' {
        $changed = New-ChangedSubject
        try {
            Assert-FourChanges @(Compare-VmMap $changed.Before $changed.After) $changed
            $changes = @(Compare-VmMap $changed.Before $changed.After)
            $changes | ForEach-Object { $_.RssDelta | Should -BeNullOrEmpty -Because 'plain snapshots have no smaps figures' }
            ($changes | Measure-Object SizeDelta -Sum).Sum | Should -Be (($changed.After | Measure-Object Size -Sum).Sum - ($changed.Before | Measure-Object Size -Sum).Sum)
            @($changed.After | Compare-VmMap -ReferenceObject $changed.Before).Count | Should -Be 4 -Because 'the difference binds from the pipeline'
            $equal = @(Compare-VmMap $changed.Before $changed.After -IncludeEqual)
            @($equal | Where-Object Change -EQ 'Equal').Count | Should -Be ($changed.After.Count - 3)
            ($equal | Where-Object Change -NE 'Removed').After.Start | Should -Be $changed.After.Start
        }
        finally { Stop-Subject $changed.Subject.Process }
    }

    It 'gives the resident changes of detailed snapshots, and -MinimumDelta keeps page-sized noise out' {
        $changed = New-ChangedSubject -Detailed
        try {
            # Running the commands faults in more of libc's code, 64 KiB at a time (the kernel maps file pages
            # around a fault in fault_around_bytes, 64 KiB by default), and a page or two of stack: resident-only
            # changes of a few times 64 KiB that -MinimumDelta 512KB leaves out. The four changes are
            # structural (or, for the mprotect, a protection change) and are reported whatever their size.
            $changes = @(Compare-VmMap $changed.Before $changed.After -MinimumDelta 512KB)
            Assert-FourChanges $changes $changed
            ($changes | Where-Object Change -EQ 'Added').RssDelta | Should -Be 1MB
            ($changes | Where-Object Change -EQ 'Removed').RssDelta | Should -Be (-1MB)
            ($changes | Where-Object Change -EQ 'Grown').RssDelta | Should -BeGreaterOrEqual 256KB
            ($changes | Where-Object Change -EQ 'Changed').RssDelta | Should -Be 0
            ($changes | Where-Object Change -EQ 'Changed').SwapDelta | Should -Be 0
            @(Compare-VmMap $changed.Before $changed.After -MinimumDelta 512KB -IncludeEqual | Where-Object Change -EQ 'Equal').Count | Should -Be ($changed.After.Count - 3)
        }
        finally { Stop-Subject $changed.Subject.Process }
    }

    It 'finds the same four changes between two core files of the process, and none between a core and the live process' {
        $changed = New-ChangedSubject -Cores
        try {
            $coreBefore = @(Get-VmMap -CorePath $changed.CoreBefore)
            $coreAfter = @(Get-VmMap -CorePath $changed.CoreAfter)
            Assert-FourChanges @(Compare-VmMap $coreBefore $coreAfter) $changed -FromCores
            # Every mapping the core and the live map both hold is the same, but for one thing gdb's gcore
            # writes: it sets PF_R on every PT_LOAD, so PROT_NONE guards (---p) and [vsyscall] (--xp) read
            # r--?/r-x? in its core. (gcore leaves out [vvar], which it cannot read: those are Removed.)
            $drift = @(Compare-VmMap $changed.After $coreAfter | Where-Object Change -NE 'Removed' | Where-Object {
                    -not ($_.Change -eq 'Changed' -and $_.ChangedProperties -join ',' -eq 'Permissions' -and
                        $_.Before.Permissions[0] -eq '-' -and $_.After.Permissions.Substring(1, 2) -eq $_.Before.Permissions.Substring(1, 2)) })
            $drift | Should -BeNullOrEmpty -Because ($drift | Out-String)
            $againstLive = @(Compare-VmMap $changed.Before $coreAfter | Where-Object { $_.Change -ne 'Removed' -and $_.Before.Permissions -notlike '-*' })
            $againstLive.Count | Should -Be 3 -Because 'live against core sees the added area, the grown heap and the mprotect (the unmapping is among the Removed)'
        }
        finally { Stop-Subject $changed.Subject.Process }
    }

    It 'reads like a diff within 80 columns' {
        $changed = New-ChangedSubject
        try {
            $text = Compare-VmMap $changed.Before $changed.After | Out-String -Width 80
            $text.Split("`n") | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
            $text | Should -Match 'Change\s+Start\s+Kbytes\s+Delta\s+RssDelta\s+Mode\s+Mapping'
            $text | Should -Match ('Changed\s+{0:x16}\s+1024\s+rw-p>r--p' -f $changed.Subject.Areas.guarded.Start)
            $text | Should -Match ('Added\s+{0:x16}\s+1024\s+\+1024' -f $changed.Subject.Areas.added.Start)
            $text | Should -Match ('Removed\s+{0:x16}\s+1024\s+-1024' -f $changed.Subject.Areas.gone.Start)
        }
        finally { Stop-Subject $changed.Subject.Process }
    }

    It 'refuses regions of two different processes with one InvalidArgument error' {
        $child = [int]$subject.Areas.child.Start
        $out = Compare-VmMap (Get-VmMap -Id $subject.Id) (Get-VmMap -Id $child) -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'RegionsOfDifferentProcesses,ProcMap.PowerShell.CompareVmMapCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].Exception.Message | Should -BeLike "*process $($subject.Id) *process $child*-IgnoreProcessId*"
    }

    It 'compares two processes by address with -IgnoreProcessId' {
        $child = [int]$subject.Areas.child.Start
        $changes = @(Compare-VmMap (Get-VmMap -Id $subject.Id) (Get-VmMap -Id $child) -IgnoreProcessId -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        ($changes | Where-Object Change -EQ 'Removed').Start | Should -Contain $subject.Areas.private.Start -Because 'the child never mapped the private area'
        $changes | Where-Object Start -EQ $subject.Areas.shared.Start | Should -BeNullOrEmpty -Because 'both map the shared region alike'
    }

    It 'writes one error per object that is not a region, and compares the rest' {
        $regions = @(Get-VmMap -Id $subject.Id)
        $changes = @(Compare-VmMap $regions (@($regions) + @(42, 'text', (Get-KvmProcess -Id $subject.Id))) -ErrorVariable errs -ErrorAction SilentlyContinue)
        $changes | Should -BeNullOrEmpty
        $errs.Count | Should -Be 3
        $errs | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -Be 'NotAVmRegion,ProcMap.PowerShell.CompareVmMapCommand'
            $_.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        $errs[0].TargetObject | Should -Be 42
        $errs[2].Exception.Message | Should -BeLike '*ProcMap.ProcessInfo is not a VM region*'
    }
}
