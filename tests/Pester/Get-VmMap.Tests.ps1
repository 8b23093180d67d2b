BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:sleeper = Start-Subject -FilePath sleep -ArgumentList 600
}

AfterAll {
    Stop-Subject $script:sleeper
}

Describe 'Get-VmMap on a live process' {
    It 'agrees with /proc/PID/maps line for line for the pwsh process itself' {
        # pwsh maps memory as it runs (GC heaps, JIT): take a listing bracketed by two identical raw reads.
        for ($attempt = 0; $attempt -lt 50; $attempt++) {
            $before = [IO.File]::ReadAllText("/proc/$PID/maps")
            $regions = Get-VmMap -Id $PID
            $after = [IO.File]::ReadAllText("/proc/$PID/maps")
            if ($before -eq $after) { break }
        }
        $rendered = $regions | ForEach-Object { ConvertTo-RenderedRegion $_ }
        $lines = $before.TrimEnd("`n").Split("`n") | ForEach-Object { ConvertTo-CanonicalMapsLine $_ }
        if ($before -eq $after) {
            $rendered | Should -Be $lines
        }
        else {
            # A busy machine kept the GC moving: every mapping that was there before and after, the same line
            # in both reads (its range alone is not enough: the GC remaps a range at another offset), must match.
            $afterLines = $after.TrimEnd("`n").Split("`n") | ForEach-Object { ConvertTo-CanonicalMapsLine $_ }
            $stable = $lines | Where-Object { $_ -in $afterLines }
            $stable.Count | Should -BeGreaterThan 50
            $stable | Where-Object { $_ -notin $rendered } | Should -BeNullOrEmpty
        }
    }

    It 'agrees with /proc/PID/maps of a started subject' {
        $lines = [IO.File]::ReadAllText("/proc/$($sleeper.Id)/maps").TrimEnd("`n").Split("`n")
        $regions = Get-VmMap -Id $sleeper.Id
        $regions.Count | Should -Be $lines.Count
        ($regions | ForEach-Object { ConvertTo-RenderedRegion $_ }) | Should -Be ($lines | ForEach-Object { ConvertTo-CanonicalMapsLine $_ })
        $regions[0] | Should -BeOfType ([ProcMap.VmRegion])
        $regions.ProcessId | Sort-Object -Unique | Should -Be $sleeper.Id
    }

    It 'shows the real name of a mapped file with a space and a newline in it' {
        $path = Join-Path $TestDrive "spaced name`nwith newline.bin"
        [IO.File]::WriteAllBytes($path, [byte[]]::new(16384))
        $file = [IO.MemoryMappedFiles.MemoryMappedFile]::CreateFromFile($path, [IO.FileMode]::Open)
        $view = $file.CreateViewAccessor()
        try {
            $region = Get-VmMap -Id $PID | Where-Object Path -EQ $path
            $region | Should -Not -BeNullOrEmpty
            $region[0].Kind | Should -Be 'File'
            $region[0].Deleted | Should -BeFalse
            $region[0].Inode | Should -Be ([uint64](& stat -c %i -- $path))
        }
        finally {
            $view.Dispose(); $file.Dispose()
        }
    }

    It 'marks a mapped file that was then deleted' {
        $path = Join-Path $TestDrive 'deleted-after-map.bin'
        [IO.File]::WriteAllBytes($path, [byte[]]::new(8192))
        $file = [IO.MemoryMappedFiles.MemoryMappedFile]::CreateFromFile($path, [IO.FileMode]::Open)
        $view = $file.CreateViewAccessor()
        try {
            Remove-Item -LiteralPath $path
            $region = @(Get-VmMap -Id $PID | Where-Object Path -EQ $path)
            $region.Count | Should -BeGreaterThan 0
            $region[0].Deleted | Should -BeTrue
            $region[0].Mapping | Should -Be "$path (deleted)"
        }
        finally {
            $view.Dispose(); $file.Dispose()
        }
    }

    It 'finds the heap, the stack and the executable of a subject' {
        $regions = Get-VmMap -Id $sleeper.Id
        ($regions | Where-Object Kind -EQ 'Stack').Count | Should -Be 1
        ($regions | Where-Object Kind -EQ 'File' | Where-Object Path -Like '*/sleep').Count | Should -BeGreaterThan 0
        ($regions | Where-Object { $_.Permissions -eq 'r-xp' -and $_.Path -like '*libc.so*' }).Count | Should -Be 1
    }

    It 'binds Get-Process objects by value' {
        $regions = Get-Process -Id $sleeper.Id | Get-VmMap
        $regions.Count | Should -BeGreaterThan 5
        $regions.ProcessId | Sort-Object -Unique | Should -Be $sleeper.Id
    }

    It 'binds <Name> by property name' -TestCases @(@{ Name = 'Id' }, @{ Name = 'ProcessId' }, @{ Name = 'PID' }) {
        $regions = [pscustomobject]@{ $Name = $sleeper.Id } | Get-VmMap
        $regions.ProcessId | Sort-Object -Unique | Should -Be $sleeper.Id
    }

    It 'gives kernel threads no mappings and no error' {
        $out = Get-VmMap -Id 2 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
    }

    It 'stops reading when the pipeline stops, without an error' {
        $first = Get-VmMap -Id $PID -ErrorVariable errs | Select-Object -First 1
        @($first).Count | Should -Be 1
        $errs | Should -BeNullOrEmpty
    }
}

Describe 'Get-VmMap errors' {
    It 'writes ProcessNotFound for a missing pid and goes on with the next id' {
        $regions = Get-VmMap -Id 2147483647, $sleeper.Id -ErrorVariable errs -ErrorAction SilentlyContinue
        $regions.Count | Should -BeGreaterThan 0
        $regions.ProcessId | Sort-Object -Unique | Should -Be $sleeper.Id
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ProcessNotFound,ProcMap.PowerShell.GetVmMapCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 2147483647
    }

    It 'turns the error into a throw with the same id under -ErrorAction Stop' {
        { Get-VmMap -Id 2147483647 -ErrorAction Stop } | Should -Throw -ErrorId 'ProcessNotFound,ProcMap.PowerShell.GetVmMapCommand'
    }

    It 'rejects process id <Id> as an invalid argument' -TestCases @(@{ Id = 0 }, @{ Id = -5 }) {
        $null = Get-VmMap -Id $Id -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidProcessId,ProcMap.PowerShell.GetVmMapCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Get-VmMap -Detailed' {
    It 'fills smaps figures whose Rss sums to smaps_rollup' {
        $regions = Get-VmMap -Id $sleeper.Id -Detailed
        $rollup = (Get-Content "/proc/$($sleeper.Id)/smaps_rollup" | Where-Object { $_ -like 'Rss:*' }) -replace '\D', ''
        ($regions | Measure-Object Rss -Sum).Sum | Should -Be ([uint64]$rollup * 1024)
        $regions | ForEach-Object { $_.VmFlags | Should -Not -BeNullOrEmpty }
        ($regions | Where-Object Kind -EQ 'Stack').PrivateDirty | Should -BeGreaterThan 0
    }

    It 'sorts by Rss as numbers' {
        $top = Get-VmMap -Id $sleeper.Id -Detailed | Sort-Object Rss -Descending | Select-Object -First 3
        $top[0].Rss | Should -BeOfType ([uint64])
        $top[0].Rss | Should -BeGreaterOrEqual $top[1].Rss
    }
}

Describe 'Get-VmMap views' {
    It 'shows hex addresses in the default table' {
        $regions = Get-VmMap -Id $sleeper.Id
        $text = $regions | Format-Table | Out-String -Width 80
        $text | Should -Match ('{0:x16}' -f $regions[0].Start)
        $text | Should -Match 'Kbytes'
        $text | Should -Match '\[stack\]'
    }

    It 'shows RSS and PSS columns for -Detailed output, Private, Dirty and Swap with -View Private' {
        $text = Get-VmMap -Id $sleeper.Id -Detailed | Out-String -Width 80
        $text | Should -Match 'RSS'
        $text | Should -Match 'PSS'
        $private = Get-VmMap -Id $sleeper.Id -Detailed | Format-Table -View Private | Out-String -Width 80
        $private | Should -Match 'Private\s+Dirty\s+Swap\s+Mode'
    }

    It 'keeps numbers as numbers for ConvertTo-Json' {
        $json = Get-VmMap -Id $sleeper.Id | Select-Object -First 1 | ConvertTo-Json | ConvertFrom-Json
        $json.Start | Should -BeOfType ([long])
        $json.Permissions | Should -Match '^[r-][w-][x-][ps]$'
    }
}

Describe 'Get-VmMap as an unprivileged user' -Tag 'Unprivileged' {
    It 'reads its own maps but gets AccessDenied for a root process' {
        $run = Invoke-AsNobody -Script "Get-VmMap -Id `$PID | Select-Object -First 1; Get-VmMap -Id $($sleeper.Id)"
        $run.Output.Count | Should -Be 1
        $run.Output[0].PSObject.TypeNames | Should -Contain 'Deserialized.ProcMap.VmRegion'
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'AccessDenied,ProcMap.PowerShell.GetVmMapCommand'
        $run.Errors[0].Category | Should -Be 'PermissionDenied'
        $run.Errors[0].TargetObject | Should -Be $sleeper.Id
    }
}
