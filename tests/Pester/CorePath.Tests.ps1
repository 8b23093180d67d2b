# -CorePath: Get-VmMap on ELF core files made here, with gcore and by the kernel, of a helper process
# (tests/helpers/core_subject.c) whose live state is read just before the dump.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest

    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("procmap-corepath-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $dir
    $script:binary = Get-TestHelper -Name core_subject -CompilerArguments '-pthread'
    $script:subjects = [Collections.Generic.List[Diagnostics.Process]]::new()

    # Starts core_subject in $dir with known arguments and waits for its "ready".
    function Start-CoreSubject {
        $info = [Diagnostics.ProcessStartInfo]::new($binary)
        foreach ($argument in @($dir, 'arg one', '', 'last')) { $info.ArgumentList.Add($argument) }
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.Environment['PROCMAP_TEST'] = 'core path'
        $process = [Diagnostics.Process]::Start($info)
        $line = $process.StandardOutput.ReadLine()
        if ($line -ne 'ready') { throw "core_subject did not start: $line" }
        $subjects.Add($process)
        $process
    }

    $script:subject = Start-CoreSubject
    $script:live = @(Get-VmMap -Id $subject.Id)
    $null = & gcore -o (Join-Path $dir 'gcore') $subject.Id 2>&1
    $script:gcorePath = Join-Path $dir "gcore.$($subject.Id)"

    # The kernel's own core: core_subject raises RLIMIT_CORE and works in $dir, so with the plain
    # core_pattern "core" a SIGABRT leaves $dir/core (core.PID with core_uses_pid).
    $script:kernelCore = $null
    $script:kernelLive = $null
    $script:kernelSubject = $null
    if ((Get-Content /proc/sys/kernel/core_pattern) -eq 'core') {
        $script:kernelSubject = Start-CoreSubject
        $script:kernelLive = @(Get-VmMap -Id $kernelSubject.Id)
        & kill -ABRT $kernelSubject.Id
        $kernelSubject.WaitForExit()
        $script:kernelCore = @("$dir/core", "$dir/core.$($kernelSubject.Id)") | Where-Object { Test-Path $_ } | Select-Object -First 1
    }
}

AfterAll {
    foreach ($process in $subjects) { Stop-Subject $process }
    Remove-Item -Recurse -Force $dir -ErrorAction Ignore
}

Describe 'Get-VmMap -CorePath on a gcore core' {
    It 'lists the mappings the live process had, with the pid from the core' {
        $regions = @(Get-VmMap -CorePath $gcorePath)
        $regions[0] | Should -BeOfType ([ProcMap.VmRegion])
        $regions.ProcessId | Sort-Object -Unique | Should -Be $subject.Id
        foreach ($region in $regions) {
            $expected = $live | Where-Object Start -EQ $region.Start
            $expected | Should -Not -BeNullOrEmpty -Because ('0x{0:x} is in the core' -f $region.Start)
            $region.End | Should -Be $expected.End
            $region.Path | Should -Be $expected.Path
            if ($expected.Path) { $region.Offset | Should -Be $expected.Offset } else { $region.Offset | Should -BeNullOrEmpty }
            $region.Dumped | Should -BeOfType ([bool])
            $region.Device | Should -BeNullOrEmpty
            $region.Inode | Should -BeNullOrEmpty
        }
        # gdb leaves out only the [vvar] pages, which it cannot read.
        @($live | Where-Object { $_.Kind -ne 'Vvar' }).Count | Should -Be $regions.Count
    }

    It 'names the spaced, deleted and memfd mappings as the live listing does' {
        $regions = Get-VmMap -CorePath $gcorePath
        ($regions | Where-Object Path -EQ "$dir/spaced name.bin").Kind | Should -Be 'File'
        $deleted = $regions | Where-Object Path -EQ "$dir/deleted.bin"
        $deleted.Deleted | Should -BeTrue
        $deleted.Mapping | Should -Be "$dir/deleted.bin (deleted)"
        ($regions | Where-Object Kind -EQ 'Memfd').Name | Should -Be 'procmap-core'
        ($regions | Where-Object Kind -EQ 'Stack').Start | Should -Be ($live | Where-Object Kind -EQ 'Stack').Start
    }

    It 'binds FullName from Get-ChildItem by property name' {
        $regions = @(Get-ChildItem -LiteralPath $dir -Filter 'gcore.*' | Get-VmMap)
        $regions.Count | Should -Be @(Get-VmMap -CorePath $gcorePath).Count
        $regions.ProcessId | Sort-Object -Unique | Should -Be $subject.Id
    }

    It 'takes a path relative to the current location' {
        Push-Location $dir
        try {
            $regions = @(Get-VmMap -CorePath "./gcore.$($subject.Id)")
            $regions.Count | Should -BeGreaterThan 10
        }
        finally { Pop-Location }
    }

    It 'shows a Dumped column and no device or inode in its table' {
        $text = Get-VmMap -CorePath $gcorePath | Out-String -Width 80
        $text | Should -Match 'Dumped'
        $text | Should -Not -Match 'Inode'
        $text | Should -Match '\[stack\]'
        $text | Should -Match '\?\?\?\?'
    }

    It 'does not take -Detailed with -CorePath' {
        { Get-VmMap -CorePath $gcorePath -Detailed } | Should -Throw -ErrorId 'AmbiguousParameterSet,ProcMap.PowerShell.GetVmMapCommand'
    }
}

Describe 'Get-VmMap -CorePath on a kernel core' {
    It 'equals the live listing mapping for mapping' {
        if (-not $kernelCore) {
            Set-ItResult -Skipped -Because 'the kernel core_pattern is not the plain "core" this test needs'
            return
        }
        $regions = @(Get-VmMap -CorePath $kernelCore)
        $regions.Count | Should -Be $kernelLive.Count
        for ($i = 0; $i -lt $regions.Count; $i++) {
            $core = $regions[$i]
            $expected = $kernelLive[$i]
            $core.Start | Should -Be $expected.Start
            $core.End | Should -Be $expected.End
            $core.Protection | Should -Be $expected.Protection
            $core.Permissions | Should -Be ($expected.Permissions.Substring(0, 3) + '?')
            $core.Path | Should -Be $expected.Path
            $core.Deleted | Should -Be $expected.Deleted
            if ($expected.Path) { $core.Offset | Should -Be $expected.Offset }
            # A core cannot tell the heap or the vDSO data pages from other anonymous memory.
            $kind = if ($expected.Kind -in 'Heap', 'Vvar') { 'Anonymous' } else { $expected.Kind }
            $core.Kind | Should -Be $kind
        }
        # The kernel writes a PT_LOAD for every mapping, with p_filesz 0 for what it did not dump.
        ($regions | Where-Object { $_.Path -like '*libc.so*' -and $_.Permissions -eq 'r-x?' }).Dumped | Should -BeFalse
        ($regions | Where-Object Kind -EQ 'Stack').Dumped | Should -BeTrue
    }
}

Describe 'Get-VmMap -CorePath errors' {
    It 'writes <Id> (<Category>) for <Case> and goes on with the next path' -TestCases @(
        @{ Case = 'a missing file'; Make = { Join-Path $dir 'no-such-core' }; Id = 'CoreFileNotFound'; Category = 'ObjectNotFound'; Text = 'Cannot find the core file' }
        @{ Case = 'a directory'; Make = { $dir }; Id = 'CoreFileUnreadable'; Category = 'ReadError'; Text = 'directory' }
        @{ Case = 'a FIFO'; Make = { $p = Join-Path $dir 'fifo'; if (-not (Test-Path $p)) { & mkfifo $p }; $p }; Id = 'CoreFileUnreadable'; Category = 'ReadError'; Text = 'it is a FIFO (named pipe), not a core file' }
        @{ Case = 'a character device'; Make = { '/dev/zero' }; Id = 'CoreFileUnreadable'; Category = 'ReadError'; Text = 'it is a character device, not a core file' }
        @{ Case = 'a procfs file with no length'; Make = { '/proc/self/mem' }; Id = 'CoreFileUnreadable'; Category = 'ReadError'; Text = 'asking for its length failed: the kernel refused the operation as not valid for this file (EINVAL, "Invalid argument")' }
        @{ Case = 'an empty file'; Make = { $p = Join-Path $dir 'empty'; Set-Content -Path $p -Value $null -NoNewline; $p }; Id = 'CoreFileInvalid'; Category = 'InvalidData'; Text = 'empty' }
        @{ Case = 'a text file'; Make = { $p = Join-Path $dir 'text'; Set-Content -Path $p -Value 'hello'; $p }; Id = 'CoreFileInvalid'; Category = 'InvalidData'; Text = 'ELF magic' }
        @{ Case = 'an executable'; Make = { $binary }; Id = 'CoreFileInvalid'; Category = 'InvalidData'; Text = 'ET_DYN' }
        @{ Case = 'a zstd-compressed core'; Make = { $p = Join-Path $dir 'core.zst'; [IO.File]::WriteAllBytes($p, [byte[]](0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0)); $p }; Id = 'CoreFileInvalid'; Category = 'InvalidData'; Text = 'coredumpctl dump' }
        @{ Case = 'a truncated core'; Make = { $p = Join-Path $dir 'cut'; [IO.File]::WriteAllBytes($p, [IO.File]::ReadAllBytes($gcorePath)[0..299]); $p }; Id = 'CoreFileInvalid'; Category = 'InvalidData'; Text = 'runs past the end of the file' }
    ) {
        $path = & $Make
        $regions = Get-VmMap -CorePath $path, $gcorePath -ErrorVariable errs -ErrorAction SilentlyContinue
        @($regions).Count | Should -BeGreaterThan 10
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$Id,ProcMap.PowerShell.GetVmMapCommand"
        $errs[0].CategoryInfo.Category | Should -Be $Category
        $errs[0].TargetObject | Should -Be $path
        $errs[0].Exception.Message | Should -BeLike "*$Text*"
    }

    It 'refuses a path on another provider' {
        $null = Get-VmMap -CorePath 'Env:PATH' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'CoreFileNotFound,ProcMap.PowerShell.GetVmMapCommand'
    }
}

Describe 'The cmdlets on real cores of other architectures' {
    BeforeAll {
        # Fixtures/cores (make-cores.sh): the same subject dumped by qemu-user on big-endian s390x, MIPS n32
        # and ppc64, and on little-endian ARM. gzip -9 files, decompressed here.
        function Expand-Core([string] $Name) {
            Expand-FixtureCore -Name $Name -Destination (Join-Path $dir (($Name -replace '/', '-') + '.core'))
        }
    }

    It 'reads <Name> as the subject was: argv, environment, threads, mappings' -TestCases @(
        @{ Name = 's390x/qemu' }, @{ Name = 'mipsn32/qemu' }, @{ Name = 'ppc64/qemu' }, @{ Name = 'arm/qemu' }, @{ Name = 'x86_64/kernel' }
    ) {
        $path = Expand-Core $Name
        $arguments = Get-ProcessArgs -CorePath $path -Environment
        $arguments.Arguments | Should -Be './subject', '', 'two words', 'last'
        $arguments.CommandLine | Should -Be "./subject '' 'two words' last"
        $arguments.Environment['SPACED'] | Should -Be 'two words'
        $arguments.Environment['EMPTY'] | Should -Be ''
        $threads = @(Get-KvmProcess -CorePath $path -IncludeThreads)
        $threads.Count | Should -Be 2
        $threads[0].ThreadId | Should -Be $threads[0].ProcessId
        $threads[0].CurrentSignal | Should -Be 11
        (Get-KvmProcess -CorePath $path).Name | Should -Be 'subject'
        $regions = @(Get-VmMap -CorePath $path)
        $regions.Count | Should -BeGreaterThan 5
        @($regions | Where-Object Kind -EQ Stack).Count | Should -Be 1
        ($regions | Where-Object { $_.Dumped -and $_.Size -ge 0x30000 -and $_.Permissions -like 'rw-*' }) | Should -Not -BeNullOrEmpty
    }

    It 'names an architecture it has no layouts for in one CoreFileInvalid record' {
        $path = Expand-Core 'x86_64/kernel'
        $bytes = [IO.File]::ReadAllBytes($path)
        $bytes[18] = 50
        $bytes[19] = 0
        [IO.File]::WriteAllBytes($path, $bytes)
        $regions = Get-VmMap -CorePath $path -ErrorVariable failures -ErrorAction SilentlyContinue
        $regions | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'CoreFileInvalid,ProcMap.PowerShell.GetVmMapCommand'
        $failures[0].Exception.Message | Should -BeLike '*64-bit Linux core of IA-64, an architecture whose note layouts ProcMap does not know*'
    }
}

Describe 'Get-VmMap -CorePath as an unprivileged user' -Tag 'Unprivileged' {
    It 'reads a core anyone may read, and gets PermissionDenied for a private one' {
        $open = Join-Path $dir 'open.core'
        $closed = Join-Path $dir 'closed.core'
        Copy-Item $gcorePath $open
        Copy-Item $gcorePath $closed
        & chmod 0755 $dir
        & chmod 0644 $open
        & chmod 0600 $closed
        $run = Invoke-AsNobody -Script "@(Get-VmMap -CorePath '$open').Count; Get-VmMap -CorePath '$closed'"
        $run.Output[0] | Should -Be @(Get-VmMap -CorePath $gcorePath).Count
        $run.Errors.Count | Should -Be 1
        $run.Errors[0].FullyQualifiedErrorId | Should -Be 'CoreFileUnreadable,ProcMap.PowerShell.GetVmMapCommand'
        $run.Errors[0].Category | Should -Be 'PermissionDenied'
    }

    It 'gets PermissionDenied, not CoreFileNotFound, for a core in a directory it may not search' {
        $private = Join-Path $dir 'private'
        $null = New-Item -ItemType Directory -Force $private
        Copy-Item $gcorePath (Join-Path $private 'core')
        & chmod 0755 $dir
        & chmod 0700 $private
        $run = Invoke-AsNobody -Script "Get-VmMap -CorePath '$private/core'; Get-KvmProcess -CorePath '$private/core'"
        $run.Output | Should -BeNullOrEmpty
        $run.Errors.Count | Should -Be 2
        $run.Errors.FullyQualifiedErrorId | Should -Be 'CoreFileUnreadable,ProcMap.PowerShell.GetVmMapCommand', 'CoreFileUnreadable,ProcMap.PowerShell.GetKvmProcessCommand'
        $run.Errors.Category | Should -Be 'PermissionDenied', 'PermissionDenied'
        $run.Errors[0].Message | Should -BeLike '*was refused: permission was denied to this user (EACCES*search permission on every directory above it*'
    }
}
