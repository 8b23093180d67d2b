# Reliability: ProcMap under process churn, pipelines that stop early or are stopped, the
# kernel's limits (mappings, threads, argument bytes, the top of the address space) and thousands of calls
# in one session. Tagged Stress; ./build.ps1 -Task Test runs it (about a minute here) and
# -ExcludeTag Stress leaves it out. Each part prints its figures as "[figure] ..." lines (docs/RELIABILITY.md).
# Sizes as docs/RELIABILITY.md states them; PROCMAP_STRESS_ROUNDS and PROCMAP_STRESS_CALLS scale the two longest parts.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest

    function script:Write-Figure([string] $Text) { Write-Host "    [figure] $Text" }

    # The medians of $Count runs of $Script (after one unmeasured run): Milliseconds, a figure only, and Bytes
    # read by this process meanwhile (/proc/self/io rchar), the work done, which no machine's speed changes.
    function script:Measure-Work([scriptblock] $Script, [int] $Count = 3) {
        $null = & $Script
        $runs = foreach ($i in 1..$Count) {
            $before = Get-ReadBytes
            $milliseconds = (Measure-Command { $null = & $Script }).TotalMilliseconds
            [pscustomobject]@{ Milliseconds = $milliseconds; Bytes = (Get-ReadBytes) - $before }
        }
        $middle = [int][math]::Floor($Count / 2)
        [pscustomobject]@{ Milliseconds = @($runs.Milliseconds | Sort-Object)[$middle]; Bytes = @($runs.Bytes | Sort-Object)[$middle] }
    }

    # How many of $Objects, in process id order as a listing pipeline writes them, belong to process $Id
    # (a binary search: rounds write hundreds of thousands of objects).
    function script:Measure-Of([object[]] $Objects, [int] $Id) {
        $low = 0
        $high = $Objects.Count
        while ($low -lt $high) {
            $middle = [int][math]::Floor(($low + $high) / 2)
            if ($Objects[$middle].ProcessId -lt $Id) { $low = $middle + 1 } else { $high = $middle }
        }
        $count = 0
        while ($low + $count -lt $Objects.Count -and $Objects[$low + $count].ProcessId -eq $Id) { $count++ }
        $count
    }

    $script:rounds = if ($env:PROCMAP_STRESS_ROUNDS) { [int]$env:PROCMAP_STRESS_ROUNDS } else { 200 }
    $script:calls = if ($env:PROCMAP_STRESS_CALLS) { [int]$env:PROCMAP_STRESS_CALLS } else { 10000 }
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("procmap-stress-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $dir
    $script:subjects = [Collections.Generic.List[Diagnostics.Process]]::new()
    function script:Start-Mappings([int] $Count) {
        $subject = Start-PipedSubject -FilePath (Get-TestHelper -Name mappings) -ArgumentList $Count, '/etc/passwd' -WaitForReady
        $subjects.Add($subject)
        [pscustomobject]@{ Id = $subject.Id; Lines = [int]($subject.OutputLines[0] -replace '^mappings ') }
    }
}

AfterAll {
    foreach ($subject in $subjects) { Stop-Subject $subject }
    Remove-Item -Recurse -Force $dir -ErrorAction Ignore
}

Describe 'Under process churn' -Tag Stress {
    BeforeAll {
        # 500 processes a second, for at most 10 minutes; the helper stops when its standard input closes.
        $script:rate = 500
        $script:churn = Start-PipedSubject -FilePath (Get-TestHelper -Name churn -CompilerArguments '-pthread') -ArgumentList $rate, 600 -WaitForReady
        $subjects.Add($churn)
    }

    It 'runs the three listing pipelines round after round with no record but ProcessNotFound and AccessDenied' {
        $records = @{}
        $listErrors = [Collections.Generic.List[object]]::new()
        $unexpected = [Collections.Generic.List[object]]::new()
        $objects = @{ VmRegion = 0L; ProcessArguments = 0L; Thread = 0L }
        # The churn helper itself is this test's witness: every round must read it whole in all three
        # pipelines, however many other processes the machine runs (those are only counted, as figures).
        $witness = $churn.Id
        $witnessMaps = [IO.File]::ReadAllLines("/proc/$witness/maps").Count
        $witnessMissed = [Collections.Generic.List[string]]::new()
        $churnSeen = 0
        $clock = [Diagnostics.Stopwatch]::StartNew()
        # The rounds asked for, and on until the listings have met the churn (a fast machine may not in the
        # first rounds); 10 times as many at most, which only guards against a hang.
        for ($round = 0; ($round -lt $rounds -or $churnSeen -eq 0) -and $round -lt 10 * $rounds; $round++) {
            $errs = $null; $kvm1 = $null; $kvm2 = $null; $kvm3 = $null
            try {
                $regions = @(Get-KvmProcess -ErrorVariable kvm1 | Get-VmMap -ErrorAction SilentlyContinue -ErrorVariable errs)
                $objects.VmRegion += $regions.Count
                foreach ($e in @($errs)) { $records[$e.FullyQualifiedErrorId] += 1; if ($e.Exception -isnot [ProcMap.ProcMapException]) { $unexpected.Add($e) } }

                $errs = $null
                $arguments = @(Get-KvmProcess -ErrorVariable kvm2 | Get-ProcessArgs -Environment -ErrorAction SilentlyContinue -ErrorVariable errs)
                $objects.ProcessArguments += $arguments.Count
                foreach ($e in @($errs)) { $records[$e.FullyQualifiedErrorId] += 1; if ($e.Exception -isnot [ProcMap.ProcMapException]) { $unexpected.Add($e) } }

                $threads = @(Get-KvmProcess -IncludeThreads -ErrorVariable kvm3)
                $objects.Thread += $threads.Count
                $churnSeen += @($threads | Where-Object ParentProcessId -EQ $churn.Id).Count
                if (@($threads | Where-Object { $null -eq $_.ThreadId }).Count) { throw 'a thread row without ThreadId' }

                $seen = '{0} regions, {1} argument objects, {2} thread rows' -f (Measure-Of $regions $witness), (Measure-Of $arguments $witness), (Measure-Of $threads $witness)
                if ($seen -ne "$witnessMaps regions, 1 argument objects, 1 thread rows") { $witnessMissed.Add("round ${round}: $seen") }
            }
            catch { $unexpected.Add($_) }
            foreach ($e in @($kvm1) + @($kvm2) + @($kvm3)) { if ($e) { $listErrors.Add($e) } }
        }
        $clock.Stop()
        $churn.StandardInput.Close()
        $summary = $churn.StandardOutput.ReadLineAsync()
        # The timeout only guards against a hang: the helper ends within a tick of its input closing.
        $summary.Wait(60000) | Should -BeTrue -Because 'the churn helper ends when its input closes'
        $churned = [long]($summary.Result -replace '^churned (\d+) failed (\d+) seconds ([\d.]+)$', '$1')
        $churnSeconds = [double]($summary.Result -replace '^churned (\d+) failed (\d+) seconds ([\d.]+)$', '$3')

        $text = ($records.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name.Split(',')[0]) $($_.Value) ($($_.Name.Split(',')[1].Split('.')[-1]))" }) -join ', '
        Write-Figure ("churn: {0} rounds in {1:n1} s; {2:n0} processes started and ended in {3:n1} s ({4:n0}/s); {5} churned processes seen in thread listings" -f $round, $clock.Elapsed.TotalSeconds, $churned, $churnSeconds, ($churned / $churnSeconds), $churnSeen)
        Write-Figure ("churn: {0:n0} regions, {1:n0} argument objects, {2:n0} thread rows; records: {3}" -f $objects.VmRegion, $objects.ProcessArguments, $objects.Thread, $(if ($text) { $text } else { 'none' }))

        $unexpected | ForEach-Object { "$_" } | Should -BeNullOrEmpty
        $listErrors | ForEach-Object { $_.FullyQualifiedErrorId } | Should -BeNullOrEmpty -Because 'a listing leaves out processes that vanish, as ps does'
        $records.Keys | ForEach-Object { $_.Split(',')[0] } | Where-Object { $_ -notin 'ProcessNotFound', 'AccessDenied' } | Should -BeNullOrEmpty
        $churnSeen | Should -BeGreaterThan 0 -Because 'the listings must have met the churn for the test to mean anything'
        $witnessMissed | Should -BeNullOrEmpty -Because "every round reads the churn helper ($witnessMaps mappings, one process, one thread) in all three pipelines"
        $round | Should -BeGreaterOrEqual $rounds
    }
}

Describe 'Stopping early' -Tag Stress {
    BeforeAll {
        $script:many = Start-Mappings 60000
        $script:reserved = Start-HelperSubject -Name physical_pages -ArgumentList (Join-Path $dir 'pages'), 128
        $subjects.Add($reserved.Process)
        $script:module = (Get-Module ProcMap).Path
    }

    It 'has the 60,000 mappings it was asked for' {
        $many.Lines | Should -Be ([IO.File]::ReadAllLines("/proc/$($many.Id)/maps").Count)
        $many.Lines | Should -BeGreaterOrEqual 60000
    }

    # Work, not time: an early stop must read a small part of what the whole call reads (bytes from
    # /proc/self/io). The times are printed as figures only.
    It '<Name> | Select-Object -First 1 reads under a tenth of what the whole call reads' -TestCases @(
        @{ Name = 'Get-VmMap'; Call = { Get-VmMap -Id $many.Id } }
        @{ Name = 'Get-VmMap -Detailed'; Call = { Get-VmMap -Id $many.Id -Detailed } }
        @{ Name = 'Get-PhysicalRegion (whole address space)'; Call = { Get-PhysicalRegion -Id $many.Id } }
    ) {
        $full = Measure-Work $Call
        $first = Measure-Work { & $Call | Select-Object -First 1 }
        Write-Figure ('early stop: {0}: whole call {1:n1} ms, {2:n0} bytes read; -First 1 {3:n2} ms ({4:p1}), {5:n0} bytes read ({6:p1})' -f $Name, $full.Milliseconds, $full.Bytes, $first.Milliseconds, ($first.Milliseconds / $full.Milliseconds), $first.Bytes, ($first.Bytes / $full.Bytes))
        @(& $Call | Select-Object -First 1).Count | Should -Be 1
        $full.Bytes | Should -BeGreaterThan ($many.Lines * 50) -Because 'the whole call reads all of the maps text, some 70 bytes a mapping'
        $first.Bytes | Should -BeLessThan ($full.Bytes / 10)
    }

    # The workload is sized from this machine's speed: one whole call is timed, then the stopped call reads
    # the subject so many times over that it would run ten seconds or more. It is stopped once it has written
    # an object (and, for Get-PhysicalRegion, its first progress record, 250 ms in), mid-read on any machine;
    # Ctrl+C must end it within a second, the user-visible promise.
    It 'stops <Name> at Ctrl+C within a second, with seconds of work left, without an error' -TestCases @(
        @{ Name = 'Get-VmMap -Detailed (60,000 mappings)'; Command = 'Get-VmMap -Id {0} -Detailed'; Subject = 'many'; WaitFor = @('Output') }
        @{ Name = 'Get-PhysicalRegion (60,000 mappings)'; Command = 'Get-PhysicalRegion -Id {0}'; Subject = 'many'; WaitFor = @('Output', 'Progress') }
        @{ Name = 'Get-PhysicalRegion page by page (128 GiB reserved)'; Command = '$env:PROCMAP_DISABLE_PAGEMAP_SCAN = 1; Get-PhysicalRegion -Id {0}'; Subject = 'reserved'; WaitFor = @('Output', 'Progress') }
    ) {
        $id = if ($Subject -eq 'many') { $many.Id } else { $reserved.Id }
        try {
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module '$module'; $($Command -f $id) | Out-Null").Invoke()
                $full = (Measure-Command { $null = $ps.Invoke() }).TotalMilliseconds
            }
            finally { $ps.Dispose() }
            $repeat = [int][Math]::Max(2, [Math]::Ceiling(10000 / [Math]::Max($full, 1)))
            $stop = Invoke-Stopped -WaitFor $WaitFor -Script ("`$ProgressPreference = 'Continue'; Import-Module '$module'; " + ($Command -f "(@($id) * $repeat)"))
        }
        finally {
            # Environment variables belong to the whole process, not to the runspace that set one.
            Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN -ErrorAction Ignore
        }
        Write-Figure ('Ctrl+C: {0}: whole call {1:n0} ms, read {2} times over; stopped after {3} objects in {4:n2} ms' -f $Name, $full, $repeat, $stop.Written, $stop.StopMilliseconds)
        if ($stop.Finished) {
            throw ('The workload finished before it was stopped, so this run shows nothing about stopping: {0} reads of process {1}, one measured at {2:n0} ms here, ended {3} after {4} objects.' -f $repeat, $id, $full, $stop.State, $stop.Written)
        }
        $stop.State | Should -Be 'Stopped'
        $stop.Errors | Should -Be 0 -Because $stop.ErrorText
        $stop.Written | Should -BeGreaterThan 0
        $stop.StopMilliseconds | Should -BeLessThan 1000
    }
}

Describe 'Many calls in one session' -Tag Stress {
    BeforeAll {
        $script:sleeper = Start-Subject -FilePath sleep -ArgumentList 600
        $subjects.Add($sleeper)
        $script:manyForSession = Start-Mappings 60000
        $null = & gcore -o (Join-Path $dir 'core') $sleeper.Id 2>&1
        $script:core = Join-Path $dir "core.$($sleeper.Id)"
        $script:fifo = Join-Path $dir 'fifo'
        & mkfifo $fifo
        $pwsh = [Environment]::ProcessPath
        # Under `dotnet pwsh` the process is dotnet, which needs pwsh.dll first (as build.ps1 starts it).
        $pwshArguments = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $json = & $pwsh @pwshArguments -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-RepeatedCalls.ps1') `
            -ModulePath (Split-Path (Get-Module ProcMap).Path) -SubjectId $sleeper.Id -ManyMappingsId $manyForSession.Id `
            -CorePath $core -FifoPath $fifo -Calls $calls -MemoryCalls 1000 -WarmUp 2000
        $script:session = $json | ConvertFrom-Json
    }

    It 'made the calls, stopped some and met errors' {
        Test-Path $core | Should -BeTrue
        $session.Calls | Should -Be $calls
        $session.StoppedCalls | Should -Be ([math]::Floor($calls / 100))
        $expected = 'CoreFileUnreadable', 'InvalidAddressRange', 'InvalidProcessId', 'ProcessNameNotFound', 'ProcessNotFound'
        @($session.Records.PSObject.Properties.Name | Sort-Object) | Should -Be $expected
    }

    It 'leaves no file descriptor open after 10,000 calls' {
        # Descriptors of assemblies the runtime maps on first use are counted apart: loading, not a leak.
        Write-Figure ('session: {0} calls ({1} stopped from outside) in {2} s: open descriptors {3} before, {4} after {5} calls, {6} after all, {7} after a full collection (besides {8} then {9} of assemblies the runtime loaded{11}); records {10}' -f $session.Calls, $session.StoppedCalls, $session.Seconds, $session.FdBefore, $session.FdMiddle, $session.MiddleCalls, $session.FdAfter, $session.FdAfterCollection, $session.AssemblyFdBefore, $session.AssemblyFdAfter, (($session.Records.PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '), $(if ($session.AssembliesLoaded) { ': ' + ($session.AssembliesLoaded -join ', ') }))
        $session.FdNew | Should -BeNullOrEmpty
        $session.FdAfter | Should -Be $session.FdBefore
        $session.FdMiddle | Should -Be $session.FdAfter -Because "the count after $($session.MiddleCalls) calls equals the count after $($session.Calls)"
        $session.FdAfterCollection | Should -Be $session.FdBefore
    }

    It 'keeps memory flat across 1,000 calls, and the working set across the rest' {
        $workingSet = $session.WorkingSetAfter - $session.WorkingSetBefore
        $heap = $session.GcHeapAfter - $session.GcHeapBefore
        $laterCalls = $session.Calls - 1000
        $later = $session.WorkingSetEnd - $session.WorkingSetAfter
        Write-Figure ('session: working set {0:n1} MiB before 1,000 calls, {1:n1} MiB after ({2:+0.0;-0.0} MiB), {3:n1} MiB after {4} calls ({5:+0.0;-0.0} MiB over the last {6}); GC heap {7:n2} MiB before, {8:n2} MiB after ({9:+0;-0} KiB), {10:n2} MiB at the end' -f ($session.WorkingSetBefore / 1MB), ($session.WorkingSetAfter / 1MB), ($workingSet / 1MB), ($session.WorkingSetEnd / 1MB), $session.Calls, ($later / 1MB), $laterCalls, ($session.GcHeapBefore / 1MB), ($session.GcHeapAfter / 1MB), ($heap / 1KB), ($session.GcHeapEnd / 1MB))
        # The managed heap after full collections holds only what is still referenced: 1 MiB is 1 KiB per
        # call, less than one call's output or one reader buffer, so any leak of either shows. ProcMap's
        # buffers are all managed; it allocates no native memory.
        $heap | Should -BeLessThan 1MB
        # The working set moves in steps of the runtime's (GC regions committed and given back as its
        # background collections keep up, which a busy machine slows; tiered JIT; malloc arenas): 7 to 28 MiB
        # across the first 1,000 calls and up to 31 MiB across the next 9,000, measured here under load, not
        # growing with the calls. So it is held per call over the long stretch: less than 16 KiB a call (a
        # quarter of one leaked 64 KiB line buffer or pagemap chunk), and 64 MiB at least for short runs.
        $later | Should -BeLessThan ([Math]::Max(64MB, $laterCalls * 16KB))
    }
}

Describe 'At the kernel''s limits' -Tag Stress {
    It 'lists a process at vm.max_map_count' {
        $limit = [int](Get-Content /proc/sys/vm/max_map_count)
        $full = Start-Mappings 0
        $lines = [IO.File]::ReadAllLines("/proc/$($full.Id)/maps")
        $mappings = @($lines | Where-Object { -not $_.EndsWith('[vsyscall]') }).Count
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $regions = Get-VmMap -Id $full.Id
        $plain = $watch.Elapsed.TotalMilliseconds
        $detailed = @(Get-VmMap -Id $full.Id -Detailed)
        $runs = @(Get-PhysicalRegion -Id $full.Id)
        Write-Figure ('limits: max_map_count {0}: a process with {1} mappings ({2} lines of maps) read in {3:n0} ms' -f $limit, $mappings, $lines.Count, $plain)
        $mappings | Should -BeGreaterOrEqual $limit
        $regions.Count | Should -Be $lines.Count
        # Field by field against the kernel's text (in loops, not pipelines: 65,000 of them).
        $rendered = [string[]]::new($regions.Count)
        $expected = [string[]]::new($lines.Count)
        for ($i = 0; $i -lt $regions.Count; $i++) {
            $r = $regions[$i]
            $rendered[$i] = '{0:x8}-{1:x8} {2} {3:x8} {4} {5} {6}' -f $r.Start, $r.End, $r.Permissions, $r.Offset, $r.Device, $r.Inode, $r.Path
            $fields = $lines[$i].Split(' ', 6, [StringSplitOptions]::None)
            $expected[$i] = '{0} {1} {2} {3} {4} {5}' -f $fields[0], $fields[1], $fields[2], $fields[3], $fields[4], $(if ($fields.Count -gt 5 -and $fields[5].TrimStart().StartsWith('/')) { $fields[5].TrimStart() } else { '' })
        }
        $rendered | Should -Be $expected
        $detailed.Count | Should -Be $lines.Count
        $detailed.Rss -contains $null | Should -BeFalse
        # The runs cover every mapping whole, and every page the helper wrote is present.
        $runs.Count | Should -BeGreaterOrEqual $lines.Count
        $covered = [uint64]0; foreach ($size in $runs.Size) { $covered += $size }
        $mapped = [uint64]0; foreach ($size in $regions.Size) { $mapped += $size }
        $covered | Should -Be $mapped
        $runs.Where({ $_.State -eq 'Present' -and $_.Protection -eq 'Read, Write' -and $_.Kind -eq 'Anonymous' }).Count | Should -BeGreaterOrEqual ([math]::Floor(($mappings - 100) / 2))
    }

    It 'lists the threads of a process with 10,000 threads' {
        $wanted = 10000
        $threadsMax = [int](Get-Content /proc/sys/kernel/threads-max)
        $pidMax = [int](Get-Content /proc/sys/kernel/pid_max)
        # Tasks in use is a figure only: other work starts and ends tasks at any moment, so whether there is
        # room for 10,000 more is asked of the kernel itself (the helper's pthread_create), not guessed from it.
        $inUse = @([IO.Directory]::GetDirectories('/proc') | Where-Object { [IO.Path]::GetFileName($_) -match '^\d+$' } | ForEach-Object { @(try { [IO.Directory]::GetDirectories("$_/task") } catch { }).Count } | Measure-Object -Sum).Sum
        $userLimit = [string](& bash -c 'ulimit -u')
        Write-Figure "limits: threads-max $threadsMax, pid_max $pidMax, ulimit -u $userLimit, tasks in use $inUse"
        if ($threadsMax -lt $wanted + 1000 -or $pidMax -lt $wanted + 1000) {
            Set-ItResult -Skipped -Because "this machine allows $threadsMax threads and $pidMax pids in all"
            return
        }
        try {
            $subject = Start-PipedSubject -FilePath (Get-TestHelper -Name threads -CompilerArguments '-pthread') -ArgumentList $wanted -WaitForReady
        }
        catch {
            if ($_.Exception.Message -match 'no-threads: (.*)') {
                Set-ItResult -Skipped -Because "the kernel gives no $wanted threads now: $($Matches[1])"
                return
            }
            throw
        }
        $subjects.Add($subject)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $rows = @(Get-KvmProcess -Id $subject.Id -IncludeThreads)
        $elapsed = $watch.Elapsed.TotalMilliseconds
        $tasks = @([IO.Directory]::GetDirectories("/proc/$($subject.Id)/task") | ForEach-Object { [int][IO.Path]::GetFileName($_) } | Sort-Object)
        Write-Figure ('limits: a process with {0} threads listed in {1:n0} ms' -f $rows.Count, $elapsed)
        $rows.Count | Should -Be $wanted
        $rows.ThreadId | Should -Be $tasks
        @($rows.ProcessId | Sort-Object -Unique) | Should -Be $subject.Id
        $names = @($rows | Where-Object ThreadId -NE $subject.Id | ForEach-Object Name | Sort-Object -Unique)
        $names.Count | Should -Be ($wanted - 1) -Because 'each worker thread has a name of its own'
        (Get-KvmProcess -Id $subject.Id).ThreadCount | Should -Be $wanted
        @(Get-VmMap -Id $subject.Id).Count | Should -Be ([IO.File]::ReadAllLines("/proc/$($subject.Id)/maps").Count)
    }

    It 'reads an argument vector of exactly ARG_MAX bytes, whole' {
        $argMax = [int](& getconf ARG_MAX)
        $file = Get-TestHelper -Name args_subject
        $fileBytes = [Text.Encoding]::UTF8.GetByteCount($file) + 1
        # execve(2) counts the strings of argv and envp and the file name against ARG_MAX (the stack limit
        # over 4), less a pointer per string; one string may hold at most MAX_ARG_STRLEN (128 KiB) with its NUL.
        function New-Vector([int] $Bytes) {
            $vector = [Collections.Generic.List[string]]::new()
            for ($i = 0; $Bytes -gt 0; $i++) {
                $size = [Math]::Min(131072, $Bytes) - 1
                $text = ("$i 'ü' `"q`" `$x ;`n" * ([Math]::Ceiling($size / 16) + 1))
                $utf8 = [Text.Encoding]::UTF8.GetBytes($text)
                $cut = $size
                while (($utf8[$cut] -band 0xC0) -eq 0x80) { $cut-- }
                $vector.Add([Text.Encoding]::UTF8.GetString($utf8, 0, $cut))
                $Bytes -= $cut + 1
            }
            , $vector
        }
        function Start-Vector([Collections.Generic.List[string]] $Vector) {
            $info = [Diagnostics.ProcessStartInfo]::new($file)
            foreach ($argument in $Vector) { $info.ArgumentList.Add($argument) }
            $info.Environment.Clear()
            $info.UseShellExecute = $false
            $info.RedirectStandardOutput = $true
            $process = [Diagnostics.Process]::Start($info)
            $subjects.Add($process)
            $null = $process.StandardOutput.ReadLine()
            $process
        }
        $strings = 1 + [Math]::Ceiling($argMax / 131072)
        $budget = $argMax - 8 * $strings - 2 * $fileBytes
        (New-Vector $budget).Count + 1 | Should -Be $strings
        { Start-Vector (New-Vector ($budget + 1)) } | Should -Throw -Because 'one byte more is E2BIG: the vector is at the limit'
        $vector = New-Vector $budget
        $subject = Start-Vector $vector
        $result = Get-ProcessArgs -Id $subject.Id
        $cmdline = [IO.File]::ReadAllBytes("/proc/$($subject.Id)/cmdline").Length
        Write-Figure ('limits: ARG_MAX {0}: {1} arguments, {2:n0} bytes of /proc/PID/cmdline, read whole' -f $argMax, $result.Arguments.Count, $cmdline)
        $result.Arguments.Count | Should -Be ($vector.Count + 1)
        $result.Arguments[0] | Should -BeExactly $file
        for ($i = 0; $i -lt $vector.Count; $i++) { $result.Arguments[$i + 1] | Should -BeExactly $vector[$i] }
        $result.Truncated | Should -BeFalse
        $cmdline | Should -Be ($argMax - 8 * $strings - $fileBytes)
        (Get-ProcessArgs -Id $subject.Id -MaxChars 100).Arguments.Count | Should -Be 2
        (Get-ProcessArgs -Id $subject.Id -Environment).Environment.Count | Should -Be 0
    }

    It 'reads the top of the 64-bit address space: [vsyscall] and the last page' {
        $vsyscall = Get-VmMap -Id $PID | Where-Object Kind -EQ Vsyscall
        if (-not $vsyscall) { Set-ItResult -Skipped -Because 'this kernel maps no [vsyscall] page'; return }
        $vsyscall.Start | Should -Be ([uint64]'0xffffffffff600000')
        $vsyscall.End | Should -Be ([uint64]'0xffffffffff601000')
        $top = @(Get-PhysicalRegion -Id $PID -StartAddress 0xfffffffffffff000 -EndAddress 0xffffffffffffffff -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $top | Should -BeNullOrEmpty -Because 'nothing is mapped in the last page'
        $page = @(Get-PhysicalRegion -Id $PID -StartAddress 0xffffffffff600000 -EndAddress '0xffffffffffffffff' -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $page.Count | Should -Be 1
        $page[0].VirtualStart | Should -Be $vsyscall.Start
        $page[0].VirtualEnd | Should -Be $vsyscall.End
        $page[0].Kind | Should -Be Vsyscall
        (Get-PhysicalRegion -Id $PID -Address '0xffffffffff600fff').VirtualStart | Should -Be $vsyscall.Start
        # The last byte is in no mapping: one AddressNotMapped record, naming [vsyscall] as the nearest below.
        Get-PhysicalRegion -Id $PID -Address 0xffffffffffffffff -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AddressNotMapped,ProcMap.PowerShell.GetPhysicalRegionCommand'
        $errs[0].Exception.Message | Should -Match 'lies below it \(0xffffffffff600000-0xffffffffff601000 --xp \[vsyscall\]\); none lies above'
        $null = Get-PhysicalRegion -Id $PID -StartAddress 0xffffffffffffffff -EndAddress 0xffffffffffffffff -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidAddressRange,ProcMap.PowerShell.GetPhysicalRegionCommand'
    }
}
