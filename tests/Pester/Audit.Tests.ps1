# The defects an outside audit found, each pinned by the test that failed before its fix: kernel threads
# and zombies in Get-PhysicalRegion, ps's STAT L, the signal masks of live rows, a negative address typed
# as an argument, and the selectors whose values name nothing. The matching core-file and FreeBSD cases
# live in the xunit suite (SyntheticCoreTests, FreeBsdLiveSourceTests); bad-input records in BadInput.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:zombieParent = Start-PipedSubject -FilePath (Get-TestHelper -Name zombie) -WaitForReady
    $script:zombie = [int]$zombieParent.OutputLines[0]
    Wait-Until -What 'the zombie' { (Get-Content -Raw "/proc/$zombie/stat") -match '\) Z ' }
    $script:state = Start-HelperSubject -Name task_state
}

AfterAll {
    Stop-Subject $zombieParent
    Stop-Subject $state.Process
}

Describe 'Processes without an address space' {
    It 'Get-PhysicalRegion gives nothing and no error for <Name>, as Get-VmMap does' -TestCases @(
        @{ Name = 'kthreadd (a kernel thread)'; Subject = { 2 } }
        @{ Name = 'a zombie'; Subject = { $zombie } }
    ) {
        $id = & $Subject
        @(Get-VmMap -Id $id -ErrorVariable vmErrors) | Should -BeNullOrEmpty
        $vmErrors | Should -BeNullOrEmpty
        @(Get-PhysicalRegion -Id $id -ErrorVariable errs) | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
        Get-PhysicalRegion -Id $id -Address 0x400000 -ErrorVariable errs | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
        @(Get-KvmProcess -Id $id | Get-PhysicalRegion -ErrorVariable errs) | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
    }

    It 'Get-ProcessArgs gives no arguments and an empty environment for <Name>, without an error' -TestCases @(
        @{ Name = 'kthreadd'; Subject = { 2 } }, @{ Name = 'a zombie'; Subject = { $zombie } }
    ) {
        $id = & $Subject
        $arguments = Get-ProcessArgs -Id $id -Environment -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $arguments.Arguments | Should -BeNullOrEmpty
        $arguments.Environment.Count | Should -Be 0
    }

    It 'still says ProcessNotFound once the process is gone' {
        $gone = Start-PipedSubject -FilePath (Get-TestHelper -Name zombie) -WaitForReady
        $id = $gone.Id
        Stop-Subject $gone
        $null = Get-PhysicalRegion -Id $id -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ProcessNotFound,ProcMap.PowerShell.GetPhysicalRegionCommand'
    }
}

Describe 'Task state of live rows' {
    It 'shows ps''s L for a process with locked pages, as ps does' {
        $row = Get-KvmProcess -Id $state.Id
        $row.Stat | Should -BeLike '*L*'
        $row.Stat | Should -BeExactly ((ps -o stat= -p $state.Id).Trim())
        (Get-KvmProcess -Id $zombieParent.Id).Stat | Should -Not -BeLike '*L*'
    }

    It 'fills the signal masks the kernel gives in status' {
        $row = Get-KvmProcess -Id $state.Id
        $status = @{}
        foreach ($line in [IO.File]::ReadAllLines("/proc/$($state.Id)/status")) {
            $key, $value = $line.Split(":`t", 2)
            $status[$key] = $value
        }
        $mask = { param($Name) [Convert]::ToUInt64($status[$Name].Trim(), 16) }
        $bit = { param([int] $Signal) [uint64]1 -shl ($Signal - 1) }
        $row.BlockedSignals | Should -Be (& $bit 10) -Because 'SIGUSR1 (10) is blocked'
        $row.PendingSignals | Should -Be (& $bit 10) -Because 'the raised SIGUSR1 waits'
        ($row.IgnoredSignals -band (& $bit 12)) | Should -Not -Be 0 -Because 'SIGUSR2 (12) is ignored'
        ($row.CaughtSignals -band (& $bit 1)) | Should -Not -Be 0 -Because 'SIGHUP (1) has a handler'
        $row.BlockedSignals | Should -Be (& $mask 'SigBlk')
        $row.PendingSignals | Should -Be ((& $mask 'SigPnd') -bor (& $mask 'ShdPnd'))
        $row.IgnoredSignals | Should -Be (& $mask 'SigIgn')
        $row.CaughtSignals | Should -Be (& $mask 'SigCgt')
        $row.CurrentSignal | Should -BeNullOrEmpty -Because 'procfs does not show a current signal; only cores record one'
        $threads = @(Get-KvmProcess -Id $state.Id -IncludeThreads)
        $threads[0].BlockedSignals | Should -Be (& $bit 10)
    }
}

Describe 'A negative address typed as an argument' {
    It 'reads <Typed> as <Parenthesized> does' -TestCases @(
        @{ Typed = '-StartAddress -1'; Parenthesized = '-StartAddress (-1)'; Range = '0xffffffff-0x5' }
        @{ Typed = '-StartAddress -0x10'; Parenthesized = '-StartAddress (-0x10)'; Range = '0xfffffff0-0x5' }
        @{ Typed = '-StartAddress -5000000000'; Parenthesized = '-StartAddress (-5000000000)'; Range = '0xfffffffed5fa0e00-0x5' }
    ) {
        # Typed unquoted, -1 reaches the cmdlet as the string "-1"; in parentheses as the Int32 -1. The empty
        # range's error shows the address each form became.
        foreach ($form in $Typed, $Parenthesized) {
            $null = Invoke-Expression "Get-PhysicalRegion -Id $($state.Id) $form -EndAddress 5 -ErrorVariable script:errs -ErrorAction SilentlyContinue"
            $errs.Count | Should -Be 1 -Because $form
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidAddressRange,ProcMap.PowerShell.GetPhysicalRegionCommand'
            $errs[0].Exception.Message | Should -BeLike "*$Range is empty*"
        }
    }

    It 'walks from a typed negative start to the top of the address space' {
        $runs = @(Get-PhysicalRegion -Id $state.Id -StartAddress -1 -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $runs.Count | Should -BeGreaterThan 0
        @($runs | Where-Object { $_.VirtualStart -lt 0xffffffffL }) | Should -BeNullOrEmpty
    }
}
