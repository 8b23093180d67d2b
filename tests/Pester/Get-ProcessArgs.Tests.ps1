BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest

    $script:subjectPath = Get-TestHelper -Name args_subject
    $script:big = 'b' * 65536
    $script:arguments = @('subject', '', 'two words', "line`nbreak", 'héllo wörld ✓ 日本 🙂', "it's", $big, '--flag=$HOME')
    $script:environment = @('EMPTY=', 'EQ=a=b=c', "NL=one`ntwo", 'UTF=ü', 'lower=x', 'LOWER=y', 'DUP=first', 'DUP=second', 'NOEQUALS', 'PATH=/usr/bin')
    # args_subject re-executes itself with exactly this argv and envp.
    function Start-ArgsSubject([string[]] $Environment, [string[]] $Arguments) {
        Start-PipedSubject -FilePath $subjectPath -ArgumentList (@('--exec', $Environment.Count) + $Environment + @('--') + $Arguments) -WaitForReady
    }
    $script:subject = Start-ArgsSubject $environment $arguments
    $script:small = Start-ArgsSubject @('A=1', 'BB=22') @('prog', 'ab', 'cdef')

    # Pester's -BeExactly unrolls a one-element or empty array; compare string vectors element by element.
    function Assert-Strings([string[]] $Actual, [string[]] $Expected) {
        $Actual.Count | Should -Be $Expected.Count
        for ($i = 0; $i -lt $Expected.Count; $i++) { $Actual[$i] | Should -BeExactly $Expected[$i] }
    }
}

AfterAll {
    Stop-Subject $script:subject
    Stop-Subject $script:small
}

Describe 'Get-ProcessArgs on a live process' {
    It 'returns every argument whole, as /proc/PID/cmdline holds them' {
        $result = Get-ProcessArgs -Id $subject.Id

        $result | Should -BeOfType ([ProcMap.ProcessArguments])
        $result.ProcessId | Should -Be $subject.Id
        $result.Name | Should -Be 'args_subject'
        $result.Arguments.Count | Should -Be $arguments.Count
        for ($i = 0; $i -lt $arguments.Count; $i++) { $result.Arguments[$i] | Should -BeExactly $arguments[$i] }
        $raw = Read-ProcStrings "/proc/$($subject.Id)/cmdline"
        $result.Arguments | Should -BeExactly $raw
        $result.Arguments[6].Length | Should -Be 65536
        $result.Retitled | Should -BeFalse
        $result.Truncated | Should -BeFalse
        $result.Environment | Should -BeNullOrEmpty
    }

    It 'gives a CommandLine that a real shell splits back into the same arguments' {
        $result = Get-ProcessArgs -Id $subject.Id
        $out = & /bin/sh -c "printf '%s\0' $($result.CommandLine) > '$TestDrive/split'"
        $LASTEXITCODE | Should -Be 0
        $split = Read-ProcStrings "$TestDrive/split"
        $split | Should -BeExactly $result.Arguments
        $result.CommandLine | Should -BeLike "subject '' 'two words' 'line`nbreak' 'héllo wörld ✓ 日本 🙂' 'it'\''s' bbb*"
        $result.CommandLine | Should -BeLike "* '--flag=`$HOME'"
    }

    It 'returns the environment as /proc/PID/environ holds it, the first of a repeated name winning' {
        $result = Get-ProcessArgs -Id $subject.Id -Environment -ErrorVariable errs

        $errs | Should -BeNullOrEmpty
        $env = $result.Environment
        $env | Should -BeOfType ([Collections.Specialized.OrderedDictionary])
        @($env.Keys) | Should -BeExactly @('EMPTY', 'EQ', 'NL', 'UTF', 'lower', 'LOWER', 'DUP', 'NOEQUALS', 'PATH')
        $env['EMPTY'] | Should -BeExactly ''
        $env['EQ'] | Should -BeExactly 'a=b=c'
        $env['NL'] | Should -BeExactly "one`ntwo"
        $env['UTF'] | Should -BeExactly 'ü'
        $env['lower'] | Should -BeExactly 'x'
        $env['LOWER'] | Should -BeExactly 'y'
        $env['Lower'] | Should -BeNullOrEmpty
        $env['DUP'] | Should -BeExactly 'first'
        $env.Contains('NOEQUALS') | Should -BeTrue
        $env['NOEQUALS'] | Should -BeNullOrEmpty
        $raw = Read-ProcStrings "/proc/$($subject.Id)/environ"
        $raw | Should -BeExactly $environment
        $result.Arguments | Should -BeExactly $arguments
    }

    It 'cuts the arguments like nchr: -MaxChars <MaxChars>' -TestCases @(
        # "prog\0ab\0cdef\0" is 13 characters counting the NULs.
        @{ MaxChars = 0; Expected = @('prog', 'ab', 'cdef'); Truncated = $false }
        @{ MaxChars = 1; Expected = @(''); Truncated = $true }
        @{ MaxChars = 4; Expected = @('pro'); Truncated = $true }
        @{ MaxChars = 5; Expected = @('prog'); Truncated = $true }          # the exact end of a string
        @{ MaxChars = 6; Expected = @('prog', ''); Truncated = $true }      # one past
        @{ MaxChars = 8; Expected = @('prog', 'ab'); Truncated = $true }
        @{ MaxChars = 9; Expected = @('prog', 'ab', ''); Truncated = $true }
        @{ MaxChars = 12; Expected = @('prog', 'ab', 'cde'); Truncated = $true }
        @{ MaxChars = 13; Expected = @('prog', 'ab', 'cdef'); Truncated = $false } # the exact end of the vector
        @{ MaxChars = 14; Expected = @('prog', 'ab', 'cdef'); Truncated = $false }
    ) {
        $result = Get-ProcessArgs -Id $small.Id -MaxChars $MaxChars
        Assert-Strings $result.Arguments $Expected
        $result.Truncated | Should -Be $Truncated
    }

    It 'cuts the environment separately: -MaxChars <MaxChars>' -TestCases @(
        # "A=1\0BB=22\0" is 10 characters counting the NULs.
        @{ MaxChars = 4; Keys = @('A'); Values = @('1') }                 # the exact end of a string
        @{ MaxChars = 5; Keys = @('A'); Values = @('1') }                 # one past: an empty cut string is no variable
        @{ MaxChars = 7; Keys = @('A', 'BB'); Values = @('1', $null) }    # cut before '='
        @{ MaxChars = 8; Keys = @('A', 'BB'); Values = @('1', '') }
        @{ MaxChars = 10; Keys = @('A', 'BB'); Values = @('1', '22') }    # the exact end
        @{ MaxChars = 0; Keys = @('A', 'BB'); Values = @('1', '22') }
    ) {
        $result = Get-ProcessArgs -Id $small.Id -MaxChars $MaxChars -Environment
        @($result.Environment.Keys) | Should -BeExactly $Keys
        for ($i = 0; $i -lt $Keys.Count; $i++) { $result.Environment[$Keys[$i]] | Should -Be $Values[$i] }
        # Truncated covers both vectors: the 13-character argv is cut below 13 too.
        $result.Truncated | Should -Be ($MaxChars -gt 0 -and $MaxChars -lt 13)
        if ($MaxChars -ge 13 -or $MaxChars -eq 0) { $result.Arguments | Should -BeExactly @('prog', 'ab', 'cdef') }
    }

    It 'gives kernel threads their name, no arguments and no error' {
        $kthreadd = (Get-Content /proc/2/stat -Raw) -like '2 (kthreadd)*'
        if (-not $kthreadd) { Set-ItResult -Skipped -Because 'pid 2 is not kthreadd in this pid namespace' }
        $result = Get-ProcessArgs -Id 2 -Environment -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $result.Name | Should -Be 'kthreadd'
        $result.Arguments.Count | Should -Be 0
        $result.CommandLine | Should -BeExactly ''
        $result.Environment.Count | Should -Be 0
    }

    It 'gives a zombie its name, no arguments and no error' {
        # tests/helpers/zombie.c never reaps the child it forks; the child is a zombie once it has exited.
        $parent = Start-PipedSubject -FilePath (Get-TestHelper -Name zombie) -WaitForReady
        try {
            $zombie = [int]$parent.OutputLines[0]
            Wait-Until -What "process $zombie to be a zombie" { (Get-ProcTable -Id $zombie).State -eq 'Z' }
            $result = Get-ProcessArgs -Id $zombie -Environment -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $result.Name | Should -Be 'zombie'
            $result.Arguments.Count | Should -Be 0
            (Get-ProcTable -Id $zombie).State | Should -Be 'Z' -Because 'it was a zombie while it was read'
        }
        finally { Stop-Subject $parent }
    }
}

Describe 'Get-ProcessArgs on retitled processes' {
    BeforeAll {
        $script:retitle = Get-TestHelper -Name retitle
        $script:longArgument = 'y' * 5000
    }

    It 'reports a title that ran on into the environment as one retitled argument, never split on spaces' {
        $p = Start-PipedSubject -FilePath $retitle -ArgumentList 'spaces', 'worker: one two', 'a', 'bbbb' -WaitForReady
        try {
            $result = Get-ProcessArgs -Id $p.Id
            $raw = Read-ProcStrings "/proc/$($p.Id)/cmdline"
            $raw.Count | Should -Be 1
            $result.Retitled | Should -BeTrue
            $result.Arguments.Count | Should -Be 1
            $result.Arguments[0] | Should -BeExactly $raw[0]
            $result.Arguments[0] | Should -BeLike 'worker: one two *'
            $result.Name | Should -Be 'retitle'
        }
        finally { Stop-Subject $p }
    }

    It 'tells a title ending in a NUL from a one-argument process by the argv area in stat' {
        $p = Start-PipedSubject -FilePath $retitle -ArgumentList 'nul', 'worker: one two', 'a', 'bbbb' -WaitForReady
        try {
            $result = Get-ProcessArgs -Id $p.Id
            $result.Retitled | Should -BeTrue
            Assert-Strings $result.Arguments @('worker: one two')
            $result.CommandLine | Should -BeExactly "'worker: one two'"
        }
        finally { Stop-Subject $p }
    }

    It 'reports a title with no NUL in the first page as retitled, cut by -MaxChars like any string' {
        $p = Start-PipedSubject -FilePath $retitle -ArgumentList 'page', 'worker: ', $longArgument -WaitForReady
        try {
            $result = Get-ProcessArgs -Id $p.Id
            $result.Retitled | Should -BeTrue
            $result.Arguments.Count | Should -Be 1
            $result.Arguments[0].Length | Should -Be 4096
            $short = Get-ProcessArgs -Id $p.Id -MaxChars 9
            Assert-Strings $short.Arguments @('worker: ')
            $short.Truncated | Should -BeTrue
            $short.Retitled | Should -BeTrue
        }
        finally { Stop-Subject $p }
    }

    It 'shows a title padded with NULs as the kernel does: the title and empty arguments, not retitled' {
        $p = Start-PipedSubject -FilePath $retitle -ArgumentList 'padded', 'worker: one', 'a', 'bbbb' -WaitForReady
        try {
            $result = Get-ProcessArgs -Id $p.Id
            $result.Retitled | Should -BeFalse
            $result.Arguments[0] | Should -BeExactly 'worker: one'
            $result.Arguments | Select-Object -Skip 1 | ForEach-Object { $_ | Should -BeExactly '' }
            $result.Arguments | Should -BeExactly (Read-ProcStrings "/proc/$($p.Id)/cmdline")
        }
        finally { Stop-Subject $p }
    }
}

Describe 'Get-ProcessArgs input' {
    It 'binds Get-Process objects by value' {
        $result = Get-Process -Id $subject.Id | Get-ProcessArgs
        $result.ProcessId | Should -Be $subject.Id
        $result.Arguments | Should -BeExactly $arguments
    }

    It 'binds <Name> by property name' -TestCases @(@{ Name = 'Id' }, @{ Name = 'ProcessId' }, @{ Name = 'PID' }) {
        $result = [pscustomobject]@{ $Name = $small.Id } | Get-ProcessArgs
        Assert-Strings $result.Arguments @('prog', 'ab', 'cdef')
    }

    It 'reads several processes in order, from -Id and from the pipeline' {
        (Get-ProcessArgs -Id $small.Id, $subject.Id).ProcessId | Should -Be @($small.Id, $subject.Id)
        ($small.Id, $subject.Id | ForEach-Object { [pscustomobject]@{ ProcessId = $_ } } | Get-ProcessArgs).Name |
            Should -Be @('args_subject', 'args_subject')
    }
}

Describe 'Get-ProcessArgs errors' {
    It 'writes ProcessNotFound for a missing pid and goes on with the next id' {
        $result = Get-ProcessArgs -Id 2147483647, $small.Id -ErrorVariable errs -ErrorAction SilentlyContinue
        @($result).Count | Should -Be 1
        $result.ProcessId | Should -Be $small.Id
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ProcessNotFound,ProcMap.PowerShell.GetProcessArgsCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 2147483647
    }

    It 'rejects process id 0 as an invalid argument' {
        $null = Get-ProcessArgs -Id 0 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidProcessId,ProcMap.PowerShell.GetProcessArgsCommand'
    }

    It 'rejects a negative -MaxChars in parameter validation' {
        { Get-ProcessArgs -Id $small.Id -MaxChars -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ProcMap.PowerShell.GetProcessArgsCommand'
    }
}

Describe 'Get-ProcessArgs views' {
    It 'shows the command line in a list, and the variables with -Environment' {
        $text = Get-ProcessArgs -Id $small.Id | Out-String -Width 120
        $text | Should -Match 'CommandLine : prog ab cdef'
        $text | Should -Not -Match 'Environment'
        $text | Should -Not -Match 'Truncated'
        $withEnv = Get-ProcessArgs -Id $small.Id -Environment | Out-String -Width 120
        $withEnv | Should -Match 'Environment : A=1'
        $withEnv | Should -Match '(?m)^\s+BB=22\s*$'
        $cut = Get-ProcessArgs -Id $small.Id -MaxChars 6 | Out-String -Width 120
        $cut | Should -Match 'Truncated\s+: True'
    }

    It 'shows ProcessId, Name and CommandLine in Format-Table' {
        $text = Get-ProcessArgs -Id $small.Id | Format-Table | Out-String -Width 80
        $text | Should -Match "\s$($small.Id) args_subject\s+prog ab cdef"
    }
}

Describe 'Get-ProcessArgs without privileges' -Tag 'Unprivileged' {
    It 'reads the arguments of a root process but gives AccessDenied for its environment, after the object' {
        $id = $subject.Id
        $run = Invoke-AsNobody -Script @"
Get-ProcessArgs -Id $id -Environment
Get-ProcessArgs -Id $id -Environment 2>&1 | ForEach-Object { 'kind:' + `$_.GetType().Name }
`$own = [Diagnostics.Process]::Start('/bin/sleep', '600')
Wait-Asleep -Id `$own.Id -Name sleep -WaitChannel '*nanosleep*'
`$mine = Get-ProcessArgs -Id `$own.Id -Environment
'own:' + `$mine.Environment['HOME']
`$own.Kill()
"@
        $objects = @($run.Output | Where-Object { $_ -isnot [string] })
        $objects.Count | Should -Be 1
        $objects[0].ProcessId | Should -Be $id
        $objects[0].Arguments | Should -BeExactly $arguments
        $objects[0].Environment | Should -BeNullOrEmpty
        $objects[0].Name | Should -Be 'args_subject'
        @($run.Output | Where-Object { $_ -like 'kind:*' }) | Should -Be @('kind:ProcessArguments', 'kind:ErrorRecord')
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'AccessDenied,ProcMap.PowerShell.GetProcessArgsCommand'
        $run.Errors[0].Category | Should -Be 'PermissionDenied'
        $run.Errors[0].TargetObject | Should -Be $id
        $run.Errors[0].Message | Should -BeLike "*/proc/$id/environ*"
        # Its own child's environment it may read: the refusal above is about rights, not a broken reader.
        @($run.Output | Where-Object { $_ -like 'own:*' }) | Should -Be @("own:$(Get-UnprivilegedRoot)/home")
    }
}
