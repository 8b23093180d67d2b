# Get-VmMap -Path, -Deleted and -Kind (issue 18): decided in ProcMap.Core on each maps line, they must keep
# exactly what Where-Object keeps from the whole listing, alone, together, with -Detailed and -CorePath.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest

    function script:Keys { param($Regions) @(@($Regions) | Where-Object { $null -ne $_ } | ForEach-Object { '{0:x}-{1:x} {2} {3}' -f $_.Start, $_.End, $_.Kind, $_.Path }) }

    # A subject whose maps hold a deleted file of its own (/tmp), a memfd, /dev/shm and SysV memory.
    $script:scratch = Start-PipedSubject -FilePath (Get-TestHelper -Name shm_maps) -WaitForReady
    $script:sleeper = Start-Subject -FilePath sleep -ArgumentList 600
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("procmap-filters-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $dir
    $null = & gcore -o (Join-Path $dir 'core') $sleeper.Id 2>&1
    $script:core = Join-Path $dir "core.$($sleeper.Id)"
}

AfterAll {
    Stop-Subject $scratch
    Stop-Subject $sleeper
    if ($dir) { Remove-Item -Recurse -Force $dir -ErrorAction Ignore }
}

Describe 'Get-VmMap filters' {
    It 'keeps what Where-Object keeps: <Filter>' -TestCases @(
        @{ Filter = "-Path '*/libc.so*'"; Where = { $_.Path -clike '*/libc.so*' } }
        @{ Filter = "-Path '*/LIBC.so*'"; Where = { $_.Path -clike '*/LIBC.so*' } }
        @{ Filter = "-Path '/usr/*', '*shm*'"; Where = { $_.Path -clike '/usr/*' -or $_.Path -clike '*shm*' } }
        @{ Filter = '-Deleted'; Where = { $_.Deleted } }
        @{ Filter = '-Kind File'; Where = { $_.Kind -eq 'File' } }
        @{ Filter = '-Kind Memfd, SharedMemory'; Where = { $_.Kind -in 'Memfd', 'SharedMemory' } }
        @{ Filter = '-Deleted -Kind File'; Where = { $_.Deleted -and $_.Kind -eq 'File' } }
        @{ Filter = "-Deleted -Path '/tmp/*'"; Where = { $_.Deleted -and $_.Path -clike '/tmp/*' } }
        @{ Filter = "-Path '*' -Kind Heap, Stack"; Where = { $_.Path -and $_.Kind -in 'Heap', 'Stack' } }
    ) {
        $id = $scratch.Id
        $all = @(Get-VmMap -Id $id)
        $kept = @(Invoke-Expression "Get-VmMap -Id $id $Filter")
        Keys $kept | Should -Be (Keys ($all | Where-Object $Where))
        $detailed = @(Invoke-Expression "Get-VmMap -Id $id -Detailed $Filter")
        Keys $detailed | Should -Be (Keys $kept)
        $detailed | ForEach-Object { $_ | Should -BeOfType ([ProcMap.DetailedVmRegion]); $_.Rss | Should -Not -BeNullOrEmpty }
    }

    It 'finds the subject''s unlinked mappings, as /proc/PID/maps marks them' {
        $deleted = @(Get-VmMap -Id $scratch.Id -Deleted)
        $lines = @([IO.File]::ReadAllLines("/proc/$($scratch.Id)/maps") | Where-Object { $_.EndsWith(' (deleted)') })
        $deleted.Count | Should -Be $lines.Count
        $deleted.Count | Should -Be 4
        (Get-VmMap -Id $scratch.Id -Deleted -Kind File).Path | Should -Be @("/tmp/procmap-scratch-$($scratch.Id)", "/dev/shm/procmap-shm-$($scratch.Id)")
        (Get-VmMap -Id $scratch.Id -Kind Memfd).Name | Should -Be 'procmap-memfd'
    }

    It 'gives the smaps figures of the regions it keeps' {
        $stack = Get-VmMap -Id $sleeper.Id -Detailed -Kind Stack
        $all = Get-VmMap -Id $sleeper.Id -Detailed | Where-Object Kind -EQ Stack
        $stack.Start | Should -Be $all.Start
        $stack.Size | Should -Be $all.Size
        $stack.Rss | Should -BeGreaterThan 0
    }

    It 'filters a core file''s mappings' {
        $all = @(Get-VmMap -CorePath $core)
        $all.Count | Should -BeGreaterThan 5
        Keys (Get-VmMap -CorePath $core -Path '*/libc.so*') | Should -Be (Keys ($all | Where-Object { $_.Path -clike '*/libc.so*' }))
        Keys (Get-VmMap -CorePath $core -Kind File) | Should -Be (Keys ($all | Where-Object Kind -EQ File))
        @(Get-VmMap -CorePath $core -Path '*/libc.so*').Count | Should -BeGreaterThan 0
    }

    It 'scans every process for a library, as Where-Object over every region does' {
        $ids = @($scratch.Id, $sleeper.Id, $PID)
        $fast = @(Get-KvmProcess -Id $ids | Get-VmMap -Path '*/libc.so*' | Group-Object ProcessId | ForEach-Object Name)
        $slow = @(Get-KvmProcess -Id $ids | Get-VmMap | Where-Object Path -CLike '*/libc.so*' | Group-Object ProcessId | ForEach-Object Name)
        $fast | Should -Be $slow
        $fast | Should -Be @($ids | Sort-Object | ForEach-Object { "$_" })
    }

    It 'keeps nothing for a -Path that is no pattern, with one error' {
        $errors = @()
        $kept = @(Get-VmMap -Id $sleeper.Id -Path '[x' -ErrorVariable errors -ErrorAction SilentlyContinue)
        $kept.Count | Should -Be 0
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidNamePattern,ProcMap.PowerShell.GetVmMapCommand'
    }
}
