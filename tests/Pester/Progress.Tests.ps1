# Progress of long reads as a user sees it in the progress stream: the percent of the work rises to 100,
# and the status names the process and the mapping being read. The workloads are sized from this
# machine's own speed, and the tests wait for the call's end, never for a guessed time.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:modulePath = (Get-Module ProcMap).Path

    # Runs $Command to its end in a runspace of its own with progress shown, as at a prompt; page by page
    # when -PageByPage, so a walk costs one pagemap entry per page whatever PAGEMAP_SCAN would skip.
    function Invoke-ProgressCall([string] $Command, [switch] $PageByPage) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("`$ProgressPreference = 'Continue'; Import-Module '$modulePath'; $Command")
        if ($PageByPage) { $env:PROCMAP_DISABLE_PAGEMAP_SCAN = '1' }
        try {
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = $output; Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
        }
        finally {
            Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN -ErrorAction Ignore
            $ps.Dispose()
        }
    }

    # The percents of one read only rise: a fall is allowed only after a read ended (100).
    function Assert-Rising([int[]] $Percent) {
        for ($i = 1; $i -lt $Percent.Count; $i++) {
            if ($Percent[$i - 1] -ne 100) { $Percent[$i] | Should -BeGreaterOrEqual $Percent[$i - 1] -Because ($Percent -join ', ') }
        }
    }

    $script:file = Join-Path ([IO.Path]::GetTempPath()) "procmap-progress-$PID.bin"
    $script:big = Start-HelperSubject -Name physical_pages -ArgumentList $file, 1024
    $script:reserved = $big.Areas.reserved
    $script:reservedLabel = (Get-VmMap -Id $big.Id | Where-Object Start -EQ $reserved.Start).Mapping

    # This machine's pace page by page over 4 GiB of the untouched reservation, and from it a range
    # that takes about two seconds: several progress records at four a second.
    $env:PROCMAP_DISABLE_PAGEMAP_SCAN = '1'
    try {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = Get-PhysicalRegion -Id $big.Id -StartAddress $reserved.Start -EndAddress ($reserved.Start + 4GB)
        $watch.Stop()
    }
    finally { Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN }
    $perGiB = [math]::Max($watch.Elapsed.TotalSeconds / 4, 0.0001)
    $gib = [math]::Min(1024, [math]::Ceiling(2 / $perGiB))
    $script:rangeEnd = $reserved.Start + [uint64]$gib * 1GB
}

AfterAll {
    Stop-Subject $big.Process
    Remove-Item $file -ErrorAction Ignore
}

Describe 'Get-PhysicalRegion progress' {
    It 'rises to 100 percent of the range and names the process and the mapping' {
        $run = Invoke-ProgressCall ('Get-PhysicalRegion -Id {0} -StartAddress 0x{1:x} -EndAddress 0x{2:x}' -f $big.Id, $reserved.Start, $rangeEnd) -PageByPage
        $run.Errors | Should -BeNullOrEmpty
        $records = @($run.Progress | Where-Object RecordType -EQ Processing)
        $records.Count | Should -BeGreaterOrEqual 2
        $records.Activity | Sort-Object -Unique | Should -Be 'Get-PhysicalRegion'
        $records.PercentComplete | ForEach-Object { $_ | Should -BeIn (0..100) }
        Assert-Rising $records.PercentComplete
        $records[-1].PercentComplete | Should -Be 100
        $records.StatusDescription | Sort-Object -Unique | Should -Be "Process $($big.Id): $reservedLabel"
        $records[0].CurrentOperation | Should -Match '^at 0x[0-9a-f]+ in mapping \d+, [\d.]+ (B|[KMGTPE]iB) of [\d.]+ [KMGTPE]iB$'
        $run.Progress[-1].RecordType | Should -Be Completed
    }

    # Stopping a long walk promptly: tests/Pester/Get-PhysicalRegion.Tests.ps1.
}

Describe 'Get-VmMap -Detailed progress' {
    BeforeAll {
        $script:many = Start-PipedSubject -FilePath (Get-TestHelper -Name mappings) -ArgumentList 20000, '/etc/passwd' -WaitForReady
        $script:labels = @(Get-VmMap -Id $many.Id | ForEach-Object Mapping | Sort-Object -Unique)
        # Reads of the same process in one call, enough of them to take about two seconds here.
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = Get-VmMap -Id $many.Id -Detailed
        $watch.Stop()
        $script:reads = [math]::Max(2, [math]::Min(60, [math]::Ceiling(2000 / [math]::Max(1, $watch.ElapsedMilliseconds))))
    }

    AfterAll {
        Stop-Subject $many
    }

    It 'gives each read a percent of the mapped bytes that rises to 100, naming the mapping' {
        $ids = @($many.Id) * $reads -join ','
        $run = Invoke-ProgressCall "Get-VmMap -Detailed -Id $ids | Measure-Object | ForEach-Object Count"
        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0] | Should -Be (@(Get-VmMap -Id $many.Id).Count * $reads)
        $records = @($run.Progress | Where-Object RecordType -EQ Processing)
        $records.Count | Should -BeGreaterOrEqual 2
        $records.Activity | Sort-Object -Unique | Should -Be 'Get-VmMap'
        $records.PercentComplete | ForEach-Object { $_ | Should -BeIn (0..100) }
        Assert-Rising $records.PercentComplete
        $records.PercentComplete | Should -Contain 100
        foreach ($record in $records) {
            $record.StatusDescription | Should -BeLike "Process $($many.Id): *"
            $record.StatusDescription.Substring("Process $($many.Id): ".Length) | Should -BeIn $labels
            $record.CurrentOperation | Should -Match '^at 0x[0-9a-f]+ in mapping [\d,]+, [\d.]+ (B|[KMGTPE]iB) of [\d.]+ [KMGTPE]iB$'
        }
        $run.Progress[-1].RecordType | Should -Be Completed
    }
}
