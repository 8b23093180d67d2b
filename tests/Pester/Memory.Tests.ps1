# Get-KvmProcess -IncludeMemory against three witnesses on subjects started here with known private, shared,
# locked and swapped memory (tests/helpers/memory_subject.c, and its forked child): the kernel's own
# /proc/PID/smaps_rollup, psutil's memory_full_info() and smem. Only the subjects are compared, never the
# machine's other processes.
#
# How changes between the reads are bounded: the subjects are idle (blocked in read(2) and pause(2)) and
# their anonymous and shared memory is theirs alone, so Uss, Swap, SwapPss, Locked, Pss_Anon and Pss_Shmem
# cannot move. Pss, Pss_File and Pss_Dirty can: each file page shared with another process (libc, ld.so) is
# divided by its map count, which changes whenever any process on the machine that maps it starts or ends.
# So every comparison is bracketed: the raw smaps_rollup of each subject is read before and after ProcMap
# and the witness, and the measurement counts only when both reads are byte for byte the same (nothing the
# rollup shows changed meanwhile). A change that comes and goes between the two reads can still slip
# through, so the measurement is repeated (at most 50 times) until a bracketed one agrees; a wrong figure
# never agrees. psutil and smem are Python programs, and Python maps libc too: while a witness runs, the
# subjects' shared libc pages have one more mapper, so the witness sees a Pss lower by up to the part of Pss
# that file pages make (PssFile). So Uss and Swap (whole private pages) must agree exactly; psutil's pss
# must equal the rollup as its own process read it just before and after (the same bracket, in Python);
# and ProcMap's Pss may exceed a witness's by at most PssFile. smem reads smaps, not the rollup, and rounds
# each mapping's Pss down to whole kilobytes, so its PSS may be lower by less than 1 KiB per mapping more.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:subject = Start-HelperSubject -Name memory_subject
    $script:child = [int]$subject.Areas.child.Start
    $script:ids = @($subject.Id, $child)
    $script:python = '/usr/bin/python3'  # Debian's, which python3-psutil installs into (.ci/run)

    # The rollup as bytes per key ("Pss_Anon: 12 kB" -> Pss_Anon = 12288).
    function Read-Rollup([int] $ProcessId) {
        $values = @{}
        foreach ($line in [IO.File]::ReadAllLines("/proc/$ProcessId/smaps_rollup") | Select-Object -Skip 1) {
            $key, $rest = $line.Split(':', 2)
            $values[$key] = [uint64]($rest.Trim() -replace ' kB$', '') * 1024
        }
        $values
    }

    function Read-RollupText { ($ids | ForEach-Object { [IO.File]::ReadAllText("/proc/$_/smaps_rollup") }) -join "`n" }

    # Runs $Measure between two identical reads of every subject's rollup, until $Agrees says the reading
    # agrees (at most 50 times); returns the last bracketed reading (what $Measure returned, and the rollups),
    # which the test then asserts on, so a reading that never agreed fails with its differences.
    function Invoke-Bracketed([scriptblock] $Measure, [scriptblock] $Agrees = { $true }) {
        $last = $null
        for ($attempt = 0; $attempt -lt 50; $attempt++) {
            $before = Read-RollupText
            $result = & $Measure
            if ((Read-RollupText) -ne $before) { continue }
            $rollups = @{}
            foreach ($id in $ids) { $rollups[$id] = Read-Rollup $id }
            $last = [pscustomobject]@{ Result = $result; Rollup = $rollups }
            if (& $Agrees $last) { return $last }
        }
        if ($null -eq $last) { throw 'The subjects'' smaps_rollup kept changing between two reads.' }
        $last
    }

    # True when every figure of $Row equals the rollup's (the test asserts the same with Assert-MatchesRollup).
    function Test-MatchesRollup($Row, $Rollup) {
        $Row.Pss -eq $Rollup['Pss'] -and $Row.PssAnonymous -eq $Rollup['Pss_Anon'] -and $Row.PssFile -eq $Rollup['Pss_File'] -and
        $Row.PssShmem -eq $Rollup['Pss_Shmem'] -and $Row.PssDirty -eq $Rollup['Pss_Dirty'] -and $Row.Swap -eq $Rollup['Swap'] -and
        $Row.SwapPss -eq $Rollup['SwapPss'] -and $Row.Locked -eq $Rollup['Locked'] -and
        $Row.Uss -eq ($Rollup['Private_Clean'] + $Rollup['Private_Dirty'] + $Rollup['Private_Hugetlb'])
    }

    # psutil's memory_full_info() per subject, with the Pss of the rollup that same Python process read just
    # before and after it (RollupPss; null when the two reads differed).
    function Get-Psutil {
        $script = @'
import json, sys, psutil
def rollup(p):
    with open("/proc/%s/smaps_rollup" % p) as f:
        return f.read()
def pss(text):
    return int([l for l in text.splitlines() if l.startswith("Pss:")][0].split()[1]) * 1024
out = {}
for p in sys.argv[1:]:
    before = rollup(p)
    info = psutil.Process(int(p)).memory_full_info()._asdict()
    info["rollup_pss"] = pss(before) if rollup(p) == before else None
    out[p] = info
print(json.dumps(out))
'@
        $json = & $python -c $script @ids
        if ($LASTEXITCODE -ne 0) { throw "psutil failed: $json" }
        $json | ConvertFrom-Json -AsHashtable
    }

    # True when $Pss (ProcMap's) and a witness's pss differ only as the witness's own libc mappings allow.
    function Test-WitnessPss($Row, [uint64] $WitnessPss, [uint64] $Rounding = 0) {
        $WitnessPss -le $Row.Pss -and ($Row.Pss - $WitnessPss) -le ($Row.PssFile + $Rounding)
    }

    # smem's rows for the subjects, in bytes (smem prints KiB).
    function Get-Smem {
        $rows = @{}
        foreach ($line in & smem -c 'pid uss pss swap' -H -P memory_subject) {
            $fields = $line.Trim() -split '\s+'
            if ([int]$fields[0] -in $ids) {
                $rows[[int]$fields[0]] = @{ Uss = [uint64]$fields[1] * 1024; Pss = [uint64]$fields[2] * 1024; Swap = [uint64]$fields[3] * 1024 }
            }
        }
        $rows
    }

    function Assert-MatchesRollup($Row, $Rollup) {
        $Row.Pss | Should -Be $Rollup['Pss']
        $Row.PssAnonymous | Should -Be $Rollup['Pss_Anon']
        $Row.PssFile | Should -Be $Rollup['Pss_File']
        $Row.PssShmem | Should -Be $Rollup['Pss_Shmem']
        $Row.PssDirty | Should -Be $Rollup['Pss_Dirty']
        $Row.Uss | Should -Be ($Rollup['Private_Clean'] + $Rollup['Private_Dirty'] + $Rollup['Private_Hugetlb'])
        $Row.Swap | Should -Be $Rollup['Swap']
        $Row.SwapPss | Should -Be $Rollup['SwapPss']
        $Row.Locked | Should -Be $Rollup['Locked']
    }

    function Send-SubjectCommand($Subject, [string] $Command) {
        $Subject.Process.StandardInput.WriteLine($Command)
        $Subject.Process.StandardInput.Flush()
        $Subject.Process.StandardOutput.ReadLine() | Should -Be 'ok' -Because "the subject ran '$Command'"
    }
}

AfterAll {
    Stop-Subject $subject.Process
}

Describe 'Get-KvmProcess -IncludeMemory' {
    It 'gives every figure smaps_rollup gives, read at the same moment' {
        $reading = Invoke-Bracketed { Get-KvmProcess -Id $ids -IncludeMemory } { param($r) @($r.Result | Where-Object { -not (Test-MatchesRollup $_ $r.Rollup[$_.ProcessId]) }).Count -eq 0 }
        $reading.Result.Count | Should -Be 2
        foreach ($row in $reading.Result) {
            $row.Pss | Should -BeOfType ([uint64])
            Assert-MatchesRollup $row $reading.Rollup[$row.ProcessId]
        }
    }

    It 'charges each of the two processes that map one MAP_SHARED region half of it' {
        $shared = $subject.Areas.shared
        foreach ($id in $ids) {
            $region = Get-VmMap -Id $id -Detailed | Where-Object Start -EQ $shared.Start
            $region.Rss | Should -Be 2MB
            $region.Pss | Should -Be 1MB -Because 'two processes map each of its pages'
            $region.Kind | Should -Be 'SharedMemory'
        }
        foreach ($row in Get-KvmProcess -Id $ids -IncludeMemory) {
            $row.PssShmem | Should -BeGreaterOrEqual 1MB
        }
    }

    It 'counts the locked and private memory the subject made' {
        $row = Get-KvmProcess -Id $subject.Id -IncludeMemory
        $row.Locked | Should -Be 1MB -Because 'one private 1 MiB area is mlock()ed'
        # private 4 MiB, locked 1 MiB, swap area 2 MiB, gone and guarded 1 MiB each: all private and written.
        $row.Uss | Should -BeGreaterOrEqual 9MB
        $row.PssAnonymous | Should -BeGreaterOrEqual 9MB
    }

    It 'agrees with psutil''s memory_full_info() on uss, pss and swap, within its own libc mappings' {
        $agrees = { param($r) @($r.Result.Rows | Where-Object {
                    $w = $r.Result.Psutil["$($_.ProcessId)"]
                    -not (Test-MatchesRollup $_ $r.Rollup[$_.ProcessId]) -or $_.Uss -ne $w.uss -or $_.Swap -ne $w.swap -or
                    $w.pss -ne $w.rollup_pss -or -not (Test-WitnessPss $_ $w.pss) }).Count -eq 0 }
        $reading = Invoke-Bracketed { [pscustomobject]@{ Rows = @(Get-KvmProcess -Id $ids -IncludeMemory); Psutil = Get-Psutil } } $agrees
        foreach ($row in $reading.Result.Rows) {
            $witness = $reading.Result.Psutil["$($row.ProcessId)"]
            $row.Uss | Should -Be ([uint64]$witness.uss)
            $row.Swap | Should -Be ([uint64]$witness.swap)
            $witness.pss | Should -Be $witness.rollup_pss -Because 'psutil''s pss is the rollup''s Pss as its own process read it'
            Test-WitnessPss $row $witness.pss | Should -BeTrue -Because "Pss $($row.Pss) and psutil's $($witness.pss) differ by at most PssFile $($row.PssFile)"
            Assert-MatchesRollup $row $reading.Rollup[$row.ProcessId]
        }
    }

    It 'agrees with smem -c "pid uss pss swap", within smem''s rounding and its own libc mappings' {
        $agrees = { param($r) @($r.Result.Rows | Where-Object {
                    $w = $r.Result.Smem[$_.ProcessId]
                    $_.Uss -ne $w.Uss -or $_.Swap -ne $w.Swap -or -not (Test-WitnessPss $_ $w.Pss (@(Get-VmMap -Id $_.ProcessId).Count * 1KB)) }).Count -eq 0 }
        $reading = Invoke-Bracketed { [pscustomobject]@{ Rows = @(Get-KvmProcess -Id $ids -IncludeMemory); Smem = Get-Smem } } $agrees
        foreach ($row in $reading.Result.Rows) {
            $witness = $reading.Result.Smem[$row.ProcessId]
            $witness | Should -Not -BeNullOrEmpty -Because "smem lists process $($row.ProcessId)"
            $reading.Rollup[$row.ProcessId]['Private_Hugetlb'] | Should -Be 0 -Because 'smem''s USS leaves out Private_Hugetlb, and the subject has none'
            $row.Uss | Should -Be $witness.Uss
            $row.Swap | Should -Be $witness.Swap
            $mappings = @(Get-VmMap -Id $row.ProcessId).Count
            Test-WitnessPss $row $witness.Pss ($mappings * 1KB) | Should -BeTrue -Because "smem's PSS $($witness.Pss) is below Pss $($row.Pss) by at most PssFile $($row.PssFile) and 1 KiB for each of $mappings mappings"
        }
    }

    It 'shows smem''s columns by default, within 80 columns, and sorts by Pss as a number' {
        $text = Get-KvmProcess -Id $ids -IncludeMemory | Out-String -Width 80
        $lines = $text.Split("`n") | Where-Object { $_.Trim() }
        $lines[0] -split '\s+' | Where-Object { $_ } | Should -Be @('PID', 'USER', 'SWAP', 'USS', 'PSS', 'RSS', 'COMMAND')
        $lines | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
        $row = Get-KvmProcess -Id $subject.Id -IncludeMemory
        $lines | Where-Object { $_ -match "^\s*$($subject.Id)\s" } | Should -Match "\s$($row.Pss -shr 10)\s+$($row.ResidentSize -shr 10)\s+$([regex]::Escape($row.Name))\s*$"
        $sorted = Get-KvmProcess -Id $ids -IncludeMemory | Sort-Object Pss -Descending
        $sorted[0].Pss | Should -BeGreaterOrEqual $sorted[1].Pss
        $sorted[0].ProcessId | Should -Be $subject.Id -Because 'the parent holds its private memory and half the shared region'
    }

    It 'reads smaps_rollup only when asked' {
        $row = Get-KvmProcess -Id $subject.Id
        $row.Pss | Should -BeNullOrEmpty
        $row.Uss | Should -BeNullOrEmpty
        $row.PSObject.TypeNames[0] | Should -Be 'ProcMap.ProcessInfo'
    }

    It 'gives kernel threads and zombies no figures and no warning' {
        $zombieParent = Start-PipedSubject -FilePath (Get-TestHelper -Name zombie) -WaitForReady
        try {
            $zombie = [int]$zombieParent.OutputLines[0]
            Wait-Until -What 'the zombie' { (Get-Content -Raw "/proc/$zombie/stat") -match '\) Z ' }
            $rows = Get-KvmProcess -Id 2, $zombie -IncludeMemory -WarningVariable warnings -ErrorVariable errs
            $rows.Count | Should -Be 2
            $rows | ForEach-Object { $_.Pss | Should -BeNullOrEmpty; $_.Uss | Should -BeNullOrEmpty }
            $warnings | Should -BeNullOrEmpty
            $errs | Should -BeNullOrEmpty
        }
        finally { Stop-Subject $zombieParent }
    }

    It 'gives every thread row its process''s figures with -IncludeThreads' {
        $rows = @(Get-KvmProcess -Id $PID -IncludeMemory -IncludeThreads)
        $rows.Count | Should -BeGreaterThan 1
        $rows.Pss | Sort-Object -Unique | Should -HaveCount 1
        $rows[0].PSObject.TypeNames[0] | Should -Be 'ProcMap.ProcessInfo#Thread'
    }

    It 'sums smaps where the kernel has no smaps_rollup (the path of kernels before 4.14)' {
        $env:PROCMAP_DISABLE_SMAPS_ROLLUP = '1'
        try {
            for ($attempt = 0; $attempt -lt 50; $attempt++) {
                $before = [IO.File]::ReadAllText("/proc/$($subject.Id)/smaps")
                $row = Get-KvmProcess -Id $subject.Id -IncludeMemory
                if ([IO.File]::ReadAllText("/proc/$($subject.Id)/smaps") -eq $before) { break }
            }
        }
        finally { Remove-Item Env:PROCMAP_DISABLE_SMAPS_ROLLUP }
        $sums = @{}
        foreach ($line in $before.Split("`n")) {
            if ($line -match '^(\w+):\s+(\d+) kB$') { $sums[$Matches[1]] += [uint64]$Matches[2] * 1024 }
        }
        $row.Pss | Should -Be $sums['Pss']
        $row.Uss | Should -Be ($sums['Private_Clean'] + $sums['Private_Dirty'] + $sums['Private_Hugetlb'])
        $row.Swap | Should -Be $sums['Swap']
        $row.SwapPss | Should -Be $sums['SwapPss']
        $row.Locked | Should -Be $sums['Locked']
        $row.PssDirty | Should -Be $sums['Pss_Dirty']
        $row.PssAnonymous | Should -BeNullOrEmpty -Because 'Pss_Anon is a rollup-only key'
        $row.Locked | Should -Be 1MB
    }
}

Describe 'Get-KvmProcess -IncludeMemory, unprivileged' -Tag 'Unprivileged' {
    It 'keeps the rows of processes it may not read, empty, with one warning that says how many and why' {
        $run = Invoke-AsNobody -Script @"
`$own = [Diagnostics.Process]::Start('/bin/sleep', '600')
Wait-Asleep -Id `$own.Id -Name sleep -WaitChannel '*nanosleep*'
try { Get-KvmProcess -Id $($subject.Id), $child, `$own.Id -IncludeMemory | Select-Object ProcessId, Pss, Uss, UserName } finally { `$own.Kill() }
"@
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 3
        $run.Output | Where-Object ProcessId -In $ids | ForEach-Object { $_.Pss | Should -BeNullOrEmpty; $_.Uss | Should -BeNullOrEmpty }
        $own = $run.Output | Where-Object ProcessId -NotIn $ids
        $own.Pss | Should -BeGreaterThan 0
        $own.Uss | Should -BeGreaterThan 0
        $run.Warnings.Count | Should -Be 1
        $run.Warnings[0] | Should -BeLike '*of 2 processes are empty*'
        $run.Warnings[0] | Should -BeLike '*PTRACE_MODE_READ*'
    }
}

Describe 'Swapped memory' {
    BeforeAll {
        # A swap file of this test's own, enabled only while the test runs; where the kernel will not enable
        # one (a container without CAP_SYS_ADMIN in the initial namespace, a file system without swap
        # support) the tests skip with its reason.
        $script:swapFile = "/var/tmp/procmap-swap-$PID"
        $script:noSwap = $null
        $output = & { fallocate -l 64M $swapFile; chmod 600 $swapFile; mkswap $swapFile; swapon $swapFile } 2>&1
        if ($LASTEXITCODE -ne 0) { $script:noSwap = "swap cannot be enabled here: $($output | Select-Object -Last 1)" }
        else {
            $script:swapper = Start-HelperSubject -Name memory_subject
            Send-SubjectCommand $swapper 'pageout'
            $script:ids = @($swapper.Id, [int]$swapper.Areas.child.Start)
        }
    }

    AfterAll {
        if ($swapper) { Stop-Subject $swapper.Process }
        if (-not $noSwap) { & swapoff $swapFile 2>&1 | Out-Null }
        Remove-Item -Force $swapFile -ErrorAction Ignore
        $script:ids = @($subject.Id, $child)
    }

    It 'counts the paged-out memory as Swap, as smaps_rollup, psutil and smem do' {
        if ($noSwap) { Set-ItResult -Skipped -Because $noSwap; return }
        $agrees = { param($r) @($r.Result.Rows | Where-Object { -not (Test-MatchesRollup $_ $r.Rollup[$_.ProcessId]) }).Count -eq 0 }
        $reading = Invoke-Bracketed { [pscustomobject]@{ Rows = @(Get-KvmProcess -Id $ids -IncludeMemory); Psutil = Get-Psutil; Smem = Get-Smem } } $agrees
        $row = $reading.Result.Rows | Where-Object ProcessId -EQ $swapper.Id
        $row.Swap | Should -BeGreaterThan 0 -Because 'MADV_PAGEOUT wrote the swap area out'
        $row.Swap | Should -BeLessOrEqual 2MB
        Assert-MatchesRollup $row $reading.Rollup[$swapper.Id]
        $row.Swap | Should -Be ([uint64]$reading.Result.Psutil["$($swapper.Id)"].swap)
        $row.Swap | Should -Be $reading.Result.Smem[$swapper.Id].Swap
        $region = Get-VmMap -Id $swapper.Id -Detailed | Where-Object Start -EQ $swapper.Areas.swap.Start
        $region.Swap | Should -Be $row.Swap -Because 'only the swap area was paged out'
        $region.Rss + $region.Swap | Should -Be 2MB
    }
}
