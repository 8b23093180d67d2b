BeforeDiscovery {
    $script:thpEnabled = (Get-Content /sys/kernel/mm/transparent_hugepage/enabled -ErrorAction Ignore) -match '\[(always|madvise)\]'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:file = Join-Path ([IO.Path]::GetTempPath()) "procmap-physical-$PID.bin"
    $script:subject = Start-HelperSubject -Name physical_pages -ArgumentList $file
    $script:id = $subject.Id
    $script:areas = $subject.Areas

    # Runs of both read paths: PAGEMAP_SCAN (the default on this kernel) and page by page (forced).
    function Get-Runs {
        param([string] $Path, [uint64] $Start = 0, [uint64] $End = [uint64]::MaxValue, [switch] $PageFlags)
        if ($Path -eq 'PageByPage') { $env:PROCMAP_DISABLE_PAGEMAP_SCAN = '1' }
        try { Get-PhysicalRegion -Id $script:id -StartAddress $Start -EndAddress $End -PageFlags:$PageFlags }
        finally { Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN -ErrorAction Ignore }
    }

    function Get-AreaRuns {
        param([string] $Name, [string] $Path = 'Scan', [switch] $PageFlags)
        $area = $script:areas[$Name]
        Get-Runs -Path $Path -Start $area.Start -End $area.End -PageFlags:$PageFlags
    }
}

AfterAll {
    Stop-Subject $script:subject.Process
    Remove-Item $script:file -ErrorAction Ignore
}

Describe 'Get-PhysicalRegion on a helper with known pages (<Path>)' -ForEach @(@{ Path = 'Scan' }, @{ Path = 'PageByPage' }) {
    It 'tiles every area with runs in address order' {
        foreach ($name in $areas.Keys) {
            $runs = @(Get-AreaRuns $name $Path)
            $runs[0].VirtualStart | Should -Be $areas[$name].Start -Because $name
            $runs[-1].VirtualEnd | Should -Be $areas[$name].End -Because $name
            for ($i = 1; $i -lt $runs.Count; $i++) { $runs[$i].VirtualStart | Should -Be $runs[$i - 1].VirtualEnd }
            $runs | ForEach-Object { $_.Size | Should -Be ([uint64]$_.PageCount * 4096) }
            $runs.ProcessId | Sort-Object -Unique | Should -Be $id
        }
    }

    It 'finds exactly the written anonymous pages and the untouched ones' {
        $runs = Get-AreaRuns anon $Path
        ($runs | Where-Object State -EQ Present | Measure-Object PageCount -Sum).Sum | Should -Be 32
        $holes = @($runs | Where-Object State -EQ NotPresent)
        $holes.Count | Should -Be 2
        $holes[0].VirtualStart | Should -Be ($areas.anon.Start + 16 * 4096)
        $holes[0].PageCount | Should -Be 16
        $holes[1].VirtualStart | Should -Be ($areas.anon.Start + 48 * 4096)
        $runs | Where-Object State -EQ Present | ForEach-Object {
            $_.Exclusive | Should -BeTrue
            $_.FileOrSharedAnon | Should -BeFalse
            $_.PhysicalStart | Should -Not -BeNullOrEmpty
            $_.Kind | Should -Be 'Anonymous'
        }
        $untouched = @(Get-AreaRuns untouched $Path)
        $untouched.Count | Should -Be 1
        $untouched[0].State | Should -Be 'NotPresent'
        $untouched[0].PageCount | Should -Be 32
        $untouched[0].PhysicalStart | Should -BeNullOrEmpty
    }

    It 'marks file and shared memory pages as file or shared' {
        $file = @(Get-AreaRuns file $Path)
        $file[0].Kind | Should -Be 'File'
        $file[0].Path | Should -Be $script:file
        $file[0].Shared | Should -BeTrue
        $file[0].Inode | Should -Be ([uint64](& stat -c %i -- $script:file))
        $file | Where-Object State -EQ Present | ForEach-Object { $_.FileOrSharedAnon | Should -BeTrue }
        ($file | Where-Object State -EQ Present | Measure-Object PageCount -Sum).Sum | Should -BeGreaterOrEqual 8
        $shared = @(Get-AreaRuns shared $Path)
        ($shared | Measure-Object PageCount -Sum).Sum | Should -Be 16
        $shared | ForEach-Object { $_.State | Should -Be Present; $_.FileOrSharedAnon | Should -BeTrue; $_.Kind | Should -Be 'SharedMemory' }
    }

    It 'gives every present page the frame a second, independent pagemap read gives' {
        # Plain comparisons collected into one list: a Should per page would make this test take seconds.
        $mismatches = [Collections.Generic.List[string]]::new()
        $checked = @{}
        foreach ($name in $areas.Keys) {
            $area = $areas[$name]
            $entries = Read-PagemapEntries -ProcessId $id -Start $area.Start -Count (($area.End - $area.Start) / 4096)
            $checked[$name] = 0
            foreach ($run in Get-AreaRuns $name $Path) {
                $first = ($run.VirtualStart - $area.Start) / 4096
                for ($k = 0; $k -lt $run.PageCount; $k++) {
                    $entry = $entries[$first + $k]
                    $present = [int]($run.State -eq 'Present')
                    if (($entry -shr 63) -ne $present -or (($entry -shr 56) -band 1) -ne [int]$run.Exclusive -or
                        (($entry -shr 61) -band 1) -ne [int]$run.FileOrSharedAnon -or
                        ($present -and ($entry -band 0x7fffffffffffff) * 4096 -ne $run.PhysicalStart + $k * 4096)) {
                        $mismatches.Add(('{0} page {1}: pagemap {2:x16}, run {3}' -f $name, ($first + $k), $entry, $run))
                    }
                    $checked[$name] += $present
                }
            }
        }
        $mismatches | Should -BeNullOrEmpty
        foreach ($name in $areas.Keys) { if ($name -ne 'untouched') { $checked[$name] | Should -BeGreaterThan 0 -Because $name } }
        $checked.anon | Should -Be 32
    }

    It 'counts as many present bytes as smaps Rss for each area' {
        foreach ($name in $areas.Keys) {
            $present = (Get-AreaRuns $name $Path | Where-Object State -EQ Present | Measure-Object Size -Sum).Sum
            [uint64]$present | Should -Be (Get-SmapsRss -ProcessId $id -Start $areas[$name].Start) -Because $name
        }
    }

    It 'reports the mlocked pages as present, and mlocked and unevictable with -PageFlags' {
        $runs = Get-AreaRuns mlocked $Path -PageFlags
        ($runs | Measure-Object PageCount -Sum).Sum | Should -Be 16
        $runs | ForEach-Object {
            $_.State | Should -Be Present
            $_.PageFlags.HasFlag([ProcMap.PageFlags]::Mlocked) | Should -BeTrue
            $_.PageFlags.HasFlag([ProcMap.PageFlags]::Unevictable) | Should -BeTrue
            $_.PageFlags.HasFlag([ProcMap.PageFlags]::Anon) | Should -BeTrue
            $_.MapCount | Should -Be 1
            $_.PSObject.TypeNames[0] | Should -Be 'ProcMap.PhysicalRegion#PageFlags'
        }
    }

    It 'backs the MADV_HUGEPAGE range with one 2 MiB run of consecutive frames' -Skip:(-not $thpEnabled) {
        $runs = @(Get-AreaRuns thp $Path)
        $runs.Count | Should -Be 1
        $runs[0].State | Should -Be Present
        $runs[0].PageCount | Should -Be 512
        $runs[0].PhysicalStart % 2MB | Should -Be 0
        $flagged = @(Get-AreaRuns thp $Path -PageFlags)
        $flagged | ForEach-Object { $_.PageFlags.HasFlag([ProcMap.PageFlags]::Thp) | Should -BeTrue }
        ($flagged | Measure-Object PageCount -Sum).Sum | Should -Be 512
        # The head page and its tails differ in kpageflags (COMPOUND_HEAD / COMPOUND_TAIL), so they are two runs.
        $flagged[0].PageFlags.HasFlag([ProcMap.PageFlags]::CompoundHead) | Should -BeTrue
    }
}

Describe 'Get-PhysicalRegion read paths' {
    It 'gives the same runs for the whole helper with and without PAGEMAP_SCAN' {
        $scan = Get-Runs -Path Scan | ForEach-Object { '{0:x}-{1:x} {2} {3} {4} {5}{6}{7}' -f $_.VirtualStart, $_.VirtualEnd, $_.State, $_.PhysicalStart, $_.Mapping, [int]$_.SoftDirty, [int]$_.Exclusive, [int]$_.FileOrSharedAnon }
        $plain = Get-Runs -Path PageByPage | ForEach-Object { '{0:x}-{1:x} {2} {3} {4} {5}{6}{7}' -f $_.VirtualStart, $_.VirtualEnd, $_.State, $_.PhysicalStart, $_.Mapping, [int]$_.SoftDirty, [int]$_.Exclusive, [int]$_.FileOrSharedAnon }
        $scan.Count | Should -BeGreaterThan 20
        $plain | Should -Be $scan
    }

    It 'says in -Verbose which path it took' {
        $scanned = Get-PhysicalRegion -Id $id -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $scanned.Message | Should -Match 'PAGEMAP_SCAN ioctl finds populated pages'
        $env:PROCMAP_DISABLE_PAGEMAP_SCAN = '1'
        try { $plain = Get-PhysicalRegion -Id $id -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] } }
        finally { Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN }
        $plain.Message | Should -Match 'page by page: PAGEMAP_SCAN is disabled by PROCMAP_DISABLE_PAGEMAP_SCAN=1'
    }
}

Describe 'Get-PhysicalRegion addresses and binding' {
    It 'takes 0x strings, numbers and rounds the range out to pages' {
        $start = $areas.anon.Start
        $fromString = @(Get-PhysicalRegion -Id $id -StartAddress ('0x{0:x}' -f ($start + 0x123)) -EndAddress ('0x{0:x}' -f ($start + 0x1001)))
        ($fromString | Measure-Object PageCount -Sum).Sum | Should -Be 2
        $fromString[0].VirtualStart | Should -Be $start
        $fromString[-1].VirtualEnd | Should -Be ($start + 0x2000)
        $fromNumber = @(Get-PhysicalRegion -Id $id -StartAddress ([long]$start) -EndAddress ([decimal]($start + 0x2000)))
        $fromNumber[0].VirtualStart | Should -Be $start
        $fromNumber[0].PhysicalStart | Should -Be $fromString[0].PhysicalStart
    }

    It 'reads a signed hex literal as its unsigned bits' {
        $vsyscall = Get-VmMap -Id $id | Where-Object Kind -EQ Vsyscall
        $runs = @(Get-PhysicalRegion -Id $id -StartAddress 0xffffffffff600000 -EndAddress 0xffffffffffffffff)
        $runs.Count | Should -Be @($vsyscall).Count
        if ($vsyscall) {
            $runs[0].VirtualStart | Should -Be ([uint64]'0xffffffffff600000')
            $runs[0].State | Should -Be NotPresent
            $runs[0].Kind | Should -Be Vsyscall
        }
    }

    It 'gives the whole run that holds -Address' {
        $middle = $areas.untouched.Start + 5 * 4096 + 17
        $run = @(Get-PhysicalRegion -Id $id -Address ('0x{0:x}' -f $middle))
        $run.Count | Should -Be 1
        $run[0].VirtualStart | Should -Be $areas.untouched.Start
        $run[0].VirtualEnd | Should -Be $areas.untouched.End
    }

    It 'gives one AddressNotMapped error naming the mappings around an address in no mapping, and goes on' {
        # Each area is followed by an unmapped page: the one after anon is a gap between two mappings.
        $gap = $areas.anon.End
        $maps = @(Get-VmMap -Id $id)
        $above = $maps | Where-Object Start -GT $gap | Select-Object -First 1
        $out = @(Get-PhysicalRegion -Id $id, $id -Address $gap -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -Be 'AddressNotMapped,ProcMap.PowerShell.GetPhysicalRegionCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $gap
        $errs[0].Exception.Message | Should -BeLike ('Address 0x{0:x} is in no mapping of process {1}: it lies between 0x{2:x}-0x{0:x} rw-p `[ anon `] below and 0x{3:x}-0x{4:x} * above.' -f $gap, $id, $areas.anon.Start, $above.Start, $above.End)
        $errs[0].ErrorDetails.RecommendedAction | Should -Match "Get-VmMap -Id $id"

        $low = @(Get-PhysicalRegion -Id $id -Address 0x10 -ErrorVariable lowErrs -ErrorAction SilentlyContinue)
        $low | Should -BeNullOrEmpty
        $lowErrs.Count | Should -Be 1
        $lowErrs[0].Exception.Message | Should -BeLike ('Address 0x10 is in no mapping of process {0}: the nearest mapping lies above it (0x{1:x}-0x{2:x} * {3}); none lies below.' -f $id, $maps[0].Start, $maps[0].End, $maps[0].Mapping)
    }

    It 'binds ProcessId, Start and End of piped Get-VmMap objects' {
        $heap = Get-VmMap -Id $id | Where-Object Kind -EQ Heap
        $runs = @(Get-VmMap -Id $id | Where-Object Kind -EQ Heap | Get-PhysicalRegion)
        $runs[0].VirtualStart | Should -Be $heap.Start
        $runs[-1].VirtualEnd | Should -Be $heap.End
        $runs.Kind | Sort-Object -Unique | Should -Be Heap
        $two = @(Get-VmMap -Id $id | Where-Object { $_.Start -eq $areas.untouched.Start -or $_.Start -eq $areas.shared.Start } | Get-PhysicalRegion)
        ($two | Measure-Object PageCount -Sum).Sum | Should -Be (32 + 16)
        @($two | Where-Object Kind -EQ Anonymous).Count | Should -Be 1
    }

    It 'stops reading when the pipeline stops, without an error' {
        $first = Get-PhysicalRegion -Id $id -ErrorVariable errs | Select-Object -First 1
        @($first).Count | Should -Be 1
        $errs | Should -BeNullOrEmpty
    }
}

Describe 'Get-PhysicalRegion errors' {
    It 'writes ProcessNotFound for a missing pid and goes on with the next id' {
        $runs = Get-PhysicalRegion -Id 2147483647, $id -StartAddress $areas.shared.Start -EndAddress $areas.shared.End -ErrorVariable errs -ErrorAction SilentlyContinue
        ($runs | Measure-Object PageCount -Sum).Sum | Should -Be 16
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ProcessNotFound,ProcMap.PowerShell.GetPhysicalRegionCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'rejects a start at or above the end as InvalidAddressRange' -TestCases @(@{ S = '0x2000'; E = '0x2000' }, @{ S = '0x3000'; E = '0x2000' }) {
        $null = Get-PhysicalRegion -Id $id -StartAddress $S -EndAddress $E -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidAddressRange,ProcMap.PowerShell.GetPhysicalRegionCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].Exception.Message | Should -Match 'start address must be below the end address'
    }

    It 'rejects <Value> with a message that says what an address is' -TestCases @(@{ Value = '0xZZ' }, @{ Value = '12ab' }, @{ Value = '0x10000000000000000' }, @{ Value = 'heap' }) {
        $thrown = { Get-PhysicalRegion -Id $id -StartAddress $Value } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,ProcMap.PowerShell.GetPhysicalRegionCommand' -PassThru
        $thrown.Exception.Message | Should -Match 'is not an address: give a 0x-prefixed hex number'
    }

    It 'rejects -Address together with -StartAddress' {
        $null = Get-PhysicalRegion -Id $id -Address 0x1000 -StartAddress 0x1000 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidAddressRange,ProcMap.PowerShell.GetPhysicalRegionCommand'
        $errs[0].Exception.Message | Should -Match 'cannot be combined'
    }

    It 'rejects process id 0 as an invalid argument' {
        $null = Get-PhysicalRegion -Id 0 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidProcessId,ProcMap.PowerShell.GetPhysicalRegionCommand'
    }
}

Describe 'Get-PhysicalRegion views' {
    It 'shows hex addresses and the state in the default table, the pagemap bits with -View Bits' {
        $runs = Get-AreaRuns shared
        $text = $runs | Out-String -Width 80
        $text | Should -Match 'PhysicalStart'
        $text | Should -Match ('{0:x16}' -f $runs[0].VirtualStart)
        $text | Should -Match ('{0:x12}' -f $runs[0].PhysicalStart)
        $text | Should -Match '/dev/zero \(deleted\)'
        $bits = $runs | Format-Table -View Bits | Out-String -Width 80
        $bits | Should -Match ('{0:x16}' -f $runs[0].VirtualEnd)
        $bits | Should -Match '\s[s-]x--f\s|\s-{4}f\s'
    }

    It 'shows map counts and page-types letters with -PageFlags' {
        $text = Get-AreaRuns mlocked -PageFlags | Out-String -Width 80
        $text | Should -Match 'PageFlags'
        $text | Should -Match '\s1\s+\S*a\S*m\S*\s'
    }

    It 'keeps numbers as numbers for ConvertTo-Json' {
        $json = Get-AreaRuns shared | Select-Object -First 1 | ConvertTo-Json | ConvertFrom-Json
        $json.VirtualStart | Should -BeOfType ([long])
        $json.PhysicalStart | Should -BeOfType ([long])
        $json.State | Should -Be 0
    }
}

Describe 'Get-PhysicalRegion on a long read' {
    BeforeAll {
        $script:big = Start-HelperSubject -Name physical_pages -ArgumentList "$file.big", 256
    }

    AfterAll {
        Stop-Subject $script:big.Process
        Remove-Item "$file.big" -ErrorAction Ignore
    }

    It 'shows progress and stops promptly when stopped' {
        # The workload is sized from this machine's own speed: one page-by-page read of the subject (256 GiB of
        # untouched reservation, 64 million pagemap entries) is timed here, then the call reads the subject
        # that many times over that it runs for ten seconds or more. Its first progress record comes after
        # 250 ms (the cmdlet's throttle), so it is stopped in the middle of the walk, however fast the machine.
        $env:PROCMAP_DISABLE_PAGEMAP_SCAN = '1'
        try {
            $null = Get-PhysicalRegion -Id $big.Id
            $unit = (Measure-Command { $null = Get-PhysicalRegion -Id $big.Id }).TotalMilliseconds
            $repeat = [int][Math]::Max(2, [Math]::Ceiling(10000 / [Math]::Max($unit, 1)))
            $stop = Invoke-Stopped -WaitFor Progress -Script "`$ProgressPreference = 'Continue'; Import-Module '$((Get-Module ProcMap).Path)'; Get-PhysicalRegion -Id (@($($big.Id)) * $repeat)"
        }
        finally {
            Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN
        }
        if ($stop.Finished) {
            throw ("The workload finished before it was stopped, so this run shows nothing about stopping: {0} page-by-page reads of process {1}, one measured at {2:n0} ms here, wrote {3} progress records and ended {4}." -f $repeat, $big.Id, $unit, [int]($null -ne $stop.Progress), $stop.State)
        }
        $stop.Errors | Should -Be 0 -Because $stop.ErrorText
        $stop.State | Should -Be 'Stopped'
        # Ctrl+C is felt at once: well within a second, where the call had seconds of work left.
        $stop.StopMilliseconds | Should -BeLessThan 1000
        $stop.Progress.Activity | Should -Be 'Get-PhysicalRegion'
        # The status names the process and the mapping being walked; tests/Pester/Progress.Tests.ps1 follows
        # the percent to 100.
        $stop.Progress.StatusDescription | Should -BeLike "Process $($big.Id): *"
    }

    It 'reads the 256 GiB reservation as one run when PAGEMAP_SCAN finds nothing in it' {
        # Work, not time: page by page this range is 512 MiB of pagemap entries, read in 64 KiB chunks;
        # PAGEMAP_SCAN finds no page in it, so not one chunk of pagemap is read (what is read is maps).
        $reserved = $big.Areas.reserved
        $before = Get-ReadBytes
        $runs = @(Get-PhysicalRegion -Id $big.Id -StartAddress $reserved.Start -EndAddress $reserved.End)
        $bytes = (Get-ReadBytes) - $before
        $runs.Count | Should -Be 1
        $runs[0].PageCount | Should -Be (256GB / 4096)
        $runs[0].State | Should -Be NotPresent
        $bytes | Should -BeLessThan 64KB -Because 'PAGEMAP_SCAN reads no pagemap entry of an empty reservation (page by page would read 512 MiB)'
    }
}

Describe 'Get-PhysicalRegion as an unprivileged user' -Tag 'Unprivileged' {
    It 'reads its own pages with frames hidden and says why once, and gets AccessDenied for a root process' {
        $run = Invoke-AsNobody -Script "Get-PhysicalRegion -Id `$PID, $id, `$PID"
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'AccessDenied,ProcMap.PowerShell.GetPhysicalRegionCommand'
        $run.Errors[0].Category | Should -Be 'PermissionDenied'
        $run.Errors[0].TargetObject | Should -Be $id
        # A deserialized enum arrives as its number.
        $present = @($run.Output | Where-Object { [ProcMap.PageState][int]$_.State -eq 'Present' })
        $present.Count | Should -BeGreaterThan 0
        @($run.Output | Where-Object { $null -ne $_.PhysicalStart }) | Should -BeNullOrEmpty
        $run.Output[0].PSObject.TypeNames | Should -Contain 'Deserialized.ProcMap.PhysicalRegion'
        @($run.Warnings).Count | Should -Be 1
        $run.Warnings[0] | Should -Match 'CAP_SYS_ADMIN'
    }

    It 'warns, not fails, when -PageFlags cannot read kpageflags' {
        $run = Invoke-AsNobody -Script 'Get-PhysicalRegion -Id $PID -PageFlags | Select-Object -First 50'
        $run.Errors | Should -BeNullOrEmpty
        @($run.Output).Count | Should -Be 50
        @($run.Output | Where-Object { $null -ne $_.PageFlags }) | Should -BeNullOrEmpty
        @($run.Warnings).Count | Should -Be 2
        ($run.Warnings -join "`n") | Should -Match 'kpageflags cannot be read'
        ($run.Warnings -join "`n") | Should -Match 'CAP_SYS_ADMIN'
    }
}
