# What a user without privileges sees: every cmdlet run in a real pwsh as uid 65534 (nobody)
# through Invoke-AsNobody, against the kernel's own answer to the same user. The per-cmdlet files hold
# the single-cmdlet cases (Get-VmMap.Tests.ps1: AccessDenied for a root process' maps; Get-ProcessArgs:
# others' argv, AccessDenied for their environment after the object; Get-PhysicalRegion: frames hidden
# with one warning, -PageFlags warns; Get-KvmProcess: root processes listed, hidepid; CorePath: a core
# file's mode). This file adds what those leave out: a user's own processes read whole by every cmdlet,
# -Detailed and -IncludeWaitChannel on others, and the listing pipelines as a user writes them.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    # A root process with a known environment, which nobody may list and read the arguments of, no more.
    $info = [Diagnostics.ProcessStartInfo]::new('sleep')
    $info.ArgumentList.Add('600')
    $info.Environment['PROCMAP_SECRET'] = 'root only'
    $script:rootSubject = [Diagnostics.Process]::Start($info)
    Wait-Asleep -Id $rootSubject.Id -Name sleep -WaitChannel '*nanosleep*'
}

AfterAll {
    Stop-Subject $rootSubject
}

Describe 'A user''s own processes, unprivileged' -Tag 'Unprivileged' {
    BeforeAll {
        # nobody starts its own sleep and reads it with every cmdlet; the kernel's files, read by the same
        # user in the same script, are the reference.
        $script:run = Invoke-AsNobody -Script @'
$own = [Diagnostics.Process]::Start('/bin/sleep', '600')
try {
    Wait-Asleep -Id $own.Id -Name sleep -WaitChannel '*nanosleep*'
    [pscustomobject]@{
        Kind        = 'own'
        Id          = $own.Id
        MapsLines   = [IO.File]::ReadAllLines("/proc/$($own.Id)/maps").Count
        Maps        = @(Get-VmMap -Id $own.Id).Count
        Detailed    = @(Get-VmMap -Id $own.Id -Detailed | Where-Object { $null -ne $_.Rss }).Count
        Pages       = @(Get-PhysicalRegion -Id $own.Id | Where-Object State -EQ 'Present').Count
        Frames      = @(Get-PhysicalRegion -Id $own.Id | Where-Object { $null -ne $_.PhysicalStart }).Count
        Arguments   = (Get-ProcessArgs -Id $own.Id -Environment).Arguments -join ' '
        Home        = (Get-ProcessArgs -Id $own.Id -Environment).Environment['HOME']
        KernelWchan = [IO.File]::ReadAllText("/proc/$($own.Id)/wchan")
        WaitChannel = (Get-KvmProcess -Id $own.Id -IncludeWaitChannel).WaitChannel
        Threads     = @(Get-KvmProcess -Id $own.Id -IncludeThreads).Count
        UserName    = (Get-KvmProcess -Id $own.Id).UserName
    }
}
finally { $own.Kill() }
'@
        $script:own = $run.Output | Where-Object Kind -EQ 'own'
    }

    It 'reads its own process whole: maps, smaps figures, pages, argv and environment' {
        $own.Maps | Should -Be $own.MapsLines
        $own.Detailed | Should -Be $own.MapsLines -Because 'every -Detailed region has its smaps figures'
        $own.Pages | Should -BeGreaterThan 0 -Because 'its present pages show, frames hidden'
        $own.Frames | Should -Be 0
        $own.Arguments | Should -BeExactly '/bin/sleep 600'
        $own.Home | Should -BeExactly "$(Get-UnprivilegedRoot)/home"
        $own.Threads | Should -Be 1
        $own.UserName | Should -Be 'nobody'
    }

    It 'gets its own wait channel, as the kernel shows it to the owner' {
        if ($own.KernelWchan -eq '0') { Set-ItResult -Skipped -Because 'this kernel shows no wait channels'; return }
        $own.WaitChannel | Should -BeExactly $own.KernelWchan
    }

    It 'warns once that frames are hidden, and writes no error' {
        $run.Errors | Should -BeNullOrEmpty
        @($run.Warnings | Where-Object { $_ -match 'CAP_SYS_ADMIN' }).Count | Should -Be 2 -Because 'one warning per Get-PhysicalRegion call, of which there are two'
    }
}

Describe 'Other users'' processes, unprivileged' -Tag 'Unprivileged' {
    BeforeAll {
        $id = $rootSubject.Id
        $script:run = Invoke-AsNobody -Script @"
Get-VmMap -Id $id -Detailed
Get-KvmProcess -Id $id -IncludeWaitChannel -IncludeThreads | ForEach-Object { [pscustomobject]@{ Kind = 'thread'; Name = `$_.Name; WaitChannel = `$_.WaitChannel; UserName = `$_.UserName } }
[pscustomobject]@{ Kind = 'kernel'; Wchan = [IO.File]::ReadAllText('/proc/$id/wchan') }
"@
    }

    It 'gets AccessDenied for the smaps of a root process' {
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'AccessDenied,ProcMap.PowerShell.GetVmMapCommand'
        $run.Errors[0].Category | Should -Be 'PermissionDenied'
        $run.Errors[0].TargetObject | Should -Be $rootSubject.Id
        $run.Errors[0].Message | Should -BeLike "*/proc/$($rootSubject.Id)/smaps*"
    }

    It 'lists the threads of a root process with a null wait channel, which the kernel hides from it' {
        ($run.Output | Where-Object Kind -EQ 'kernel').Wchan | Should -Be '0'
        $threads = @($run.Output | Where-Object Kind -EQ 'thread')
        $threads.Count | Should -Be 1
        $threads[0].Name | Should -Be 'sleep'
        $threads[0].UserName | Should -Be 'root'
        $threads[0].WaitChannel | Should -BeNullOrEmpty
    }
}

Describe 'The listing pipelines, unprivileged' -Tag 'Unprivileged' {
    BeforeAll {
        # Each pipeline lists every process; what it says of the processes this test knows (nobody's pwsh and a
        # sleep of its own, the root subject, init, kthreadd) is held to the kernel's answer to the same user:
        # which maps and environ files it may open, read before and after. Other processes come and go, and
        # change hands, as other work on the machine pleases: they are held only to the error ids.
        $id = $rootSubject.Id
        $script:run = Invoke-AsNobody -Script @"
function Test-Open([string] `$Path) {
    try { `$null = [IO.File]::ReadAllBytes(`$Path); 'open' }
    catch [UnauthorizedAccessException] { 'denied' }
    catch { 'gone' }
}
function Get-Truth([int[]] `$Ids, [string] `$File) {
    `$truth = @{}
    foreach (`$subject in `$Ids) { `$truth[`$subject] = Test-Open "/proc/`$subject/`$File" }
    `$truth
}
`$own = [Diagnostics.Process]::Start('/bin/sleep', '600')
try {
    Wait-Asleep -Id `$own.Id -Name sleep -WaitChannel '*nanosleep*'
    `$subjects = @(@(`$PID, `$own.Id, $id, 1) + @(if ((Get-Content /proc/2/stat -Raw) -like '2 (kthreadd)*') { 2 }) | Sort-Object)
    foreach (`$case in @(
        @{ File = 'maps'; Call = { Get-KvmProcess | Get-VmMap -ErrorAction SilentlyContinue -ErrorVariable +errs } }
        @{ File = 'environ'; Call = { Get-KvmProcess | Get-ProcessArgs -Environment -ErrorAction SilentlyContinue -ErrorVariable +errs } })) {
        `$before = Get-Truth `$subjects `$case.File
        `$errs = @()
        `$out = @(. `$case.Call)
        `$after = Get-Truth `$subjects `$case.File
        [pscustomobject]@{
            Kind       = `$case.File
            Subjects   = `$subjects
            Changed    = @(`$subjects | Where-Object { `$after[`$_] -ne `$before[`$_] -or `$before[`$_] -eq 'gone' })
            Denied     = @(`$subjects | Where-Object { `$before[`$_] -eq 'denied' })
            Readable   = @(`$subjects | Where-Object { `$before[`$_] -eq 'open' })
            ErrorIds   = @(`$errs | ForEach-Object { `$_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique)
            DeniedIds  = @(`$errs | Where-Object { `$_.FullyQualifiedErrorId -like 'AccessDenied,*' } | ForEach-Object TargetObject | Sort-Object)
            WithOutput = @(`$out | ForEach-Object ProcessId | Sort-Object -Unique)
            WithEnvironment = @(`$out | Where-Object { `$null -ne `$_.Environment } | ForEach-Object ProcessId | Sort-Object -Unique)
            Self       = `$PID
            Own        = `$own.Id
        }
    }
}
finally { `$own.Kill() }
"@
        $script:maps = $run.Output | Where-Object Kind -EQ 'maps'
        $script:environ = $run.Output | Where-Object Kind -EQ 'environ'
    }

    It 'Get-KvmProcess | Get-VmMap: AccessDenied exactly where the kernel refuses maps, regions for the rest' {
        $maps.ErrorIds | Where-Object { $_ -notin 'AccessDenied', 'ProcessNotFound' } | Should -BeNullOrEmpty
        $maps.Changed | Should -BeNullOrEmpty -Because 'what the kernel allows these processes does not change'
        $maps.Denied | Should -Contain $rootSubject.Id
        $maps.Denied | Should -Contain 1
        @($maps.DeniedIds | Where-Object { $_ -in $maps.Subjects }) | Should -Be $maps.Denied
        @($maps.WithOutput | Where-Object { $_ -in $maps.Denied }) | Should -BeNullOrEmpty
        $maps.Readable | Should -Contain $maps.Self
        $maps.WithOutput | Should -Contain $maps.Self
        $maps.WithOutput | Should -Contain $maps.Own
        if (2 -in $maps.Subjects) { $maps.WithOutput | Should -Not -Contain 2 -Because 'kthreadd has no mappings: no error, no regions' }
    }

    It 'Get-KvmProcess | Get-ProcessArgs -Environment: every process''s arguments, the environment only where the kernel allows' {
        $environ.ErrorIds | Where-Object { $_ -notin 'AccessDenied', 'ProcessNotFound' } | Should -BeNullOrEmpty
        $environ.Changed | Should -BeNullOrEmpty -Because 'what the kernel allows these processes does not change'
        @($environ.Subjects | Where-Object { $_ -notin $environ.WithOutput }) | Should -BeNullOrEmpty -Because 'arguments are public'
        $environ.Denied | Should -Contain $rootSubject.Id
        @($environ.DeniedIds | Where-Object { $_ -in $environ.Subjects }) | Should -Be $environ.Denied
        @($environ.WithEnvironment | Where-Object { $_ -in $environ.Denied }) | Should -BeNullOrEmpty
        @($environ.WithEnvironment | Where-Object { $_ -in $environ.Subjects }) | Should -Be $environ.Readable
        $environ.WithEnvironment | Should -Contain $environ.Self
        $environ.WithEnvironment | Should -Contain $environ.Own
    }
}
