# Every cmdlet and every argument completer in many runspaces of one process at once, under
# ForEach-Object -Parallel and Start-ThreadJob: each runspace imports ProcMap, waits at a barrier until all
# have, then does the same work several times, and every answer must be the one a serial run gives. The
# work touches what is cached: the user names each source resolves (root and nobody), terminal names, the
# listing buffers, the completion source that every runspace's Tab shares (Completion.cs), core files
# and the physical page readers. A cache shared without care between runspaces shows here as a wrong
# answer or an error in some of them. Answers only concern the test's own subjects.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $env:PROCMAP_RUNSPACES = "yes-$PID"
    $script:file = Join-Path ([IO.Path]::GetTempPath()) "procmap-runspaces-$PID.bin"
    try {
        $script:subject = Start-HelperSubject -Name physical_pages -ArgumentList $file
        $script:threads = Start-PipedSubject -FilePath (Get-TestHelper -Name threads) -ArgumentList 3 -WaitForReady
        $script:nobody = Start-Subject -FilePath setpriv -ArgumentList '--reuid', '65534', '--regid', '65534', '--clear-groups', '--', 'sleep', '600' -Name sleep
    }
    finally { Remove-Item Env:PROCMAP_RUNSPACES }
    $script:core = Join-Path ([IO.Path]::GetTempPath()) "procmap-runspaces-$PID.core"
    $null = Expand-FixtureCore -Name x86_64/kernel -Destination $core

    $mlocked = $subject.Areas['mlocked']
    $script:facts = @{
        Module = (Get-Module ProcMap).Path; Subject = $subject.Id; Threads = $threads.Id; Nobody = $nobody.Id
        Core = $core; From = $mlocked.Start; To = $mlocked.End; Variable = "yes-$PID"
    }
    # The work, as text so each runspace makes its own script block: one line of answers per question.
    $script:work = {
        param($facts, $rounds)
        Import-Module $facts.Module
        $complete = { param($line) @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
        for ($round = 0; $round -lt $rounds; $round++) {
            $id = $facts.Subject
            [pscustomobject]@{
                Maps          = (Get-VmMap -Id $id | ForEach-Object { '{0:x}-{1:x} {2} {3}' -f $_.Start, $_.End, $_.Permissions, $_.Mapping }) -join ';'
                LockedRss     = (Get-VmMap -Id $id -Detailed | Where-Object Start -EQ $facts.From).Rss
                Present       = (Get-PhysicalRegion -Id $id -StartAddress $facts.From -EndAddress $facts.To | Where-Object State -EQ Present | Measure-Object PageCount -Sum).Sum
                Mlocked       = @(Get-PhysicalRegion -Id $id -StartAddress $facts.From -EndAddress $facts.To -PageFlags | Where-Object { -not ($_.PageFlagsValue -band [uint64][ProcMap.PageFlags]::Mlocked) }).Count
                Arguments     = @(Get-ProcessArgs -Id $id -Environment | ForEach-Object { $_.CommandLine + ' ' + $_.Environment['PROCMAP_RUNSPACES'] }) -join ';'
                Users         = @(Get-KvmProcess -Id $id, $facts.Nobody | ForEach-Object { "$($_.ProcessId)=$($_.UserName)/$($_.RealUserName)" }) -join ','
                NobodyOnly    = @(Get-KvmProcess -User nobody | Where-Object UserName -NE 'nobody').Count
                NobodyListed  = @(Get-KvmProcess -User nobody | Where-Object ProcessId -EQ $facts.Nobody).Count
                Listed        = @(Get-KvmProcess | Where-Object { $_.ProcessId -in $id, $facts.Nobody, $facts.Threads }).Count
                Threads       = @(Get-KvmProcess -Id $facts.Threads -IncludeThreads | ForEach-Object Name | Sort-Object) -join ','
                CoreMaps      = @(Get-VmMap -CorePath $facts.Core | ForEach-Object { '{0:x}' -f $_.Start }) -join ','
                CoreProcess   = @(Get-KvmProcess -CorePath $facts.Core | ForEach-Object { "$($_.ProcessId)/$($_.ThreadId) $($_.Name)" }) -join ','
                CoreArguments = (Get-ProcessArgs -CorePath $facts.Core).CommandLine
                CompleteUser  = (& $complete 'Get-KvmProcess -User nob') -contains 'nobody'
                CompleteReal  = (& $complete 'Get-KvmProcess -RealUser roo') -contains 'root'
                CompleteName  = (& $complete 'Get-VmMap -Name thread') -contains 'threads'
                CompleteId    = (& $complete "Get-VmMap -Id $id") -contains "$id"
                CompleteTty   = (& $complete 'Get-KvmProcess -Tty ') -isnot [string]
            } | ConvertTo-Json -Compress
        }
    }
    $script:serial = & $work $facts 1
}

AfterAll {
    Stop-Subject $script:subject.Process
    Stop-Subject $script:threads
    Stop-Subject $script:nobody
    Remove-Item $script:file, $script:core -ErrorAction Ignore
}

Describe 'Runspaces in one process' {
    It 'answer the serial questions right' {
        $answer = $serial | ConvertFrom-Json
        $answer.Maps | Should -Not -BeNullOrEmpty
        $answer.LockedRss | Should -Be ($facts.To - $facts.From)
        $answer.Present | Should -Be 16
        $answer.Mlocked | Should -Be 0
        $answer.Arguments | Should -BeLike "* $($facts.Variable)"
        $answer.Users | Should -BeExactly "$($facts.Subject)=root/root,$($facts.Nobody)=nobody/nobody"
        $answer.NobodyOnly | Should -Be 0
        $answer.NobodyListed | Should -Be 1
        $answer.Listed | Should -Be 3
        $answer.Threads | Should -BeExactly 'threads,worker-1,worker-2'
        $answer.CoreMaps | Should -Not -BeNullOrEmpty
        $answer.CompleteUser, $answer.CompleteReal, $answer.CompleteName, $answer.CompleteId, $answer.CompleteTty | Should -Be @($true, $true, $true, $true, $true)
    }

    It 'give the serial answers under ForEach-Object -Parallel, 24 at once from a barrier, 3 rounds each' {
        $count = 24
        $barrier = [Threading.Barrier]::new($count)
        $text = $work.ToString()
        $facts2 = $facts
        $answers = @(1..$count | ForEach-Object -ThrottleLimit $count -Parallel {
                $facts = $using:facts2
                Import-Module $facts.Module
                # A guard against a hang, not a wait: every runspace arrives once it has imported the module.
                if (-not ($using:barrier).SignalAndWait([TimeSpan]::FromMinutes(5))) { 'the barrier timed out' }
                & ([scriptblock]::Create($using:text)) $facts 3
            } 2>&1)
        $errors = @($answers | Where-Object { $_ -is [Management.Automation.ErrorRecord] } | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
        $errors | Should -BeNullOrEmpty
        $answers | Should -HaveCount (3 * $count)
        $answers | Where-Object { $_ -cne $serial } | Select-Object -First 3 | Should -BeNullOrEmpty
    }

    It 'give the serial answers under Start-ThreadJob, 24 jobs at once from a barrier, 3 rounds each' {
        $count = 24
        $barrier = [Threading.Barrier]::new($count)
        $jobs = foreach ($i in 1..$count) {
            Start-ThreadJob -ThrottleLimit $count -ArgumentList $facts, $barrier, $work.ToString() -ScriptBlock {
                param($facts, $barrier, $text)
                Import-Module $facts.Module
                if (-not $barrier.SignalAndWait([TimeSpan]::FromMinutes(5))) { 'the barrier timed out' }
                & ([scriptblock]::Create($text)) $facts 3
            }
        }
        $answers = @($jobs | Receive-Job -Wait -AutoRemoveJob -ErrorVariable jobErrors -ErrorAction SilentlyContinue)
        @($jobErrors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) | Should -BeNullOrEmpty
        $answers | Should -HaveCount (3 * $count)
        $answers | Where-Object { $_ -cne $serial } | Select-Object -First 3 | Should -BeNullOrEmpty
    }
}
