# Bad input on every parameter of every cmdlet: each call gives exactly one error record with a
# stable ErrorId, the right ErrorCategory and a message that names the problem, writes nothing else, and
# never hangs. Binding failures (a value of the wrong type, an empty array, a negative
# -MaxChars, a malformed address) are PowerShell's own records, with the categories every cmdlet's binding
# gives (InvalidData for validation and transformation, InvalidArgument for conversion and parameter
# sets); everything past binding is ProcMap's (InvalidProcessId, InvalidAddressRange, CoreFile*, ...).
# Each call runs in a runspace of its own, so a hang would be stopped and reported rather than hang the suite.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("procmap-badinput-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $dir
    $script:fifo = Join-Path $dir 'fifo'
    & mkfifo $fifo
    $script:runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    $runspace.SessionStateProxy.SetVariable('fifo', $fifo)
    $runspace.SessionStateProxy.SetVariable('dir', $dir)
    $setup = [powershell]::Create($runspace)
    $null = $setup.AddScript("Import-Module '$((Get-Module ProcMap).Path)'").Invoke()
    $setup.Dispose()

    # Runs $Script with a 60-second limit, which only tells a hang from a call that ends (each ends in
    # milliseconds, on a busy machine too); returns its output, error records and whether it finished.
    function script:Invoke-Bounded([string] $Script) {
        $ps = [powershell]::Create($runspace)
        try {
            $null = $ps.AddScript($Script)
            $async = $ps.BeginInvoke()
            $finished = $async.AsyncWaitHandle.WaitOne(60000)
            if (-not $finished) { $ps.Stop() }
            $thrown = $null
            $output = try { @($ps.EndInvoke($async)) } catch { $thrown = $_.Exception.InnerException; @() }
            [pscustomobject]@{ Finished = $finished; Output = $output; Errors = @($ps.Streams.Error); Thrown = $thrown }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    $runspace.Dispose()
    Remove-Item -Recurse -Force $dir -ErrorAction Ignore
}

Describe 'Bad input' {
    It '<Script> gives one <ErrorId> (<Category>)' -TestCases @(
        # -Id on each cmdlet: below 1, not an Int32, empty, null, no such process.
        foreach ($cmdlet in 'Get-VmMap', 'Get-PhysicalRegion', 'Get-ProcessArgs', 'Get-KvmProcess', 'Measure-VmMap') {
            $type = "ProcMap.PowerShell.$($cmdlet.Replace('-', ''))Command"
            @{ Script = "$cmdlet -Id 0"; ErrorId = 'InvalidProcessId'; Category = 'InvalidArgument'; Says = 'identifier 0 is not valid'; Type = $type }
            @{ Script = "$cmdlet -Id -1"; ErrorId = 'InvalidProcessId'; Category = 'InvalidArgument'; Says = 'identifier -1 is not valid'; Type = $type }
            @{ Script = "$cmdlet -Id ([int]::MinValue)"; ErrorId = 'InvalidProcessId'; Category = 'InvalidArgument'; Says = 'identifiers start at 1'; Type = $type }
            @{ Script = "$cmdlet -Id 2147483647"; ErrorId = 'ProcessNotFound'; Category = 'ObjectNotFound'; Says = '2147483647'; Type = $type }
            @{ Script = "$cmdlet -Id 99999999999"; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Says = 'Int32'; Type = $type }
            @{ Script = "$cmdlet -Id 'twelve'"; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Says = 'twelve'; Type = $type }
            # -Id is declared once, in ProcessTargetCommand, so every cmdlet refuses these alike.
            @{ Script = "$cmdlet -Id @()"; ErrorId = 'ParameterArgumentValidationErrorEmptyArrayNotAllowed'; Category = 'InvalidData'; Says = 'empty'; Type = $type }
            @{ Script = "$cmdlet -Id `$null"; ErrorId = 'ParameterArgumentValidationErrorNullNotAllowed'; Category = 'InvalidData'; Says = 'null'; Type = $type }
            @{ Script = "[pscustomobject]@{ ProcessId = -5 } | $cmdlet"; ErrorId = 'InvalidProcessId'; Category = 'InvalidArgument'; Says = 'identifier -5 is not valid'; Type = $type }
            # Get-KvmProcess has a set without mandatory parameters (the listing), so the binder says it cannot choose.
            @{ Script = "[pscustomobject]@{ ProcessId = 'x' } | $cmdlet"; ErrorId = if ($cmdlet -eq 'Get-KvmProcess') { 'AmbiguousParameterSet' } else { 'InputObjectNotBound' }; Category = 'InvalidArgument'; Says = 'cannot be'; Type = $type }
            # $null from the pipeline: every cmdlet refuses it at -InputObject.
            @{ Script = "`$null | $cmdlet"; ErrorId = 'ParameterArgumentValidationErrorNullNotAllowed'; Category = 'InvalidData'; Says = 'InputObject'; Type = $type }
            # A Process object that stands for no process (never started, or disposed).
            @{ Script = "[Diagnostics.Process]::new() | $cmdlet"; ErrorId = 'InvalidProcessObject'; Category = 'InvalidArgument'; Says = 'stands for no process'; Type = $type }
            @{ Script = "`$p = [Diagnostics.Process]::Start('true'); `$p.WaitForExit(); `$p.Dispose(); `$p | $cmdlet"; ErrorId = 'InvalidProcessObject'; Category = 'InvalidArgument'; Says = 'or it was disposed'; Type = $type }
            @{ Script = "$cmdlet -InputObject ([Diagnostics.Process]::new())"; ErrorId = 'InvalidProcessObject'; Category = 'InvalidArgument'; Says = 'stands for no process'; Type = $type }
            # -Name on each cmdlet: no pattern, a literal that matches nothing, empty.
            @{ Script = "$cmdlet -Name '['"; ErrorId = 'InvalidNamePattern'; Category = 'InvalidArgument'; Says = 'is not a valid wildcard pattern'; Type = $type }
            @{ Script = "$cmdlet -Name 'no-such-*', 'a[b-'"; ErrorId = 'InvalidNamePattern'; Category = 'InvalidArgument'; Says = 'is not a valid wildcard pattern'; Type = $type }
            @{ Script = "$cmdlet -Name no-such-command-here"; ErrorId = 'ProcessNameNotFound'; Category = 'ObjectNotFound'; Says = 'no-such-command-here'; Type = $type }
            @{ Script = "$cmdlet no-such-command-here"; ErrorId = 'ProcessNameNotFound'; Category = 'ObjectNotFound'; Says = 'no-such-command-here'; Type = $type }
            @{ Script = "$cmdlet -Name ''"; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = 'Name'; Type = $type }
        }
        @{ Script = '$p = [Diagnostics.Process]::Start("true"); $p.WaitForExit(); $p | Get-VmMap'; ErrorId = 'ProcessNotFound'; Category = 'ObjectNotFound'; Says = 'process identifier'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        @{ Script = 'Get-VmMap -InputObject $null'; ErrorId = 'ParameterArgumentValidationErrorNullNotAllowed'; Category = 'InvalidData'; Says = 'InputObject'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        # -Path is wildcards over the mapped path: a value that is no pattern is one record (and matches nothing); -Kind is the enum's own validation.
        @{ Script = 'Get-VmMap -Id $PID -Path "[libc"'; ErrorId = 'InvalidNamePattern'; Category = 'InvalidArgument'; Says = 'is not a valid wildcard pattern'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        @{ Script = 'Get-VmMap -Id $PID -Path "*libc*", "a[b-" | Where-Object Path -NotLike "*libc*"'; ErrorId = 'InvalidNamePattern'; Category = 'InvalidArgument'; Says = 'is not a valid wildcard pattern'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        @{ Script = 'Get-VmMap -Id $PID -Path ""'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = 'Path'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        @{ Script = 'Get-VmMap -Id $PID -Kind Library'; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Says = 'Library'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        @{ Script = 'Get-VmMap -Id $PID -Kind @()'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = 'Kind'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        @{ Script = 'Get-PhysicalRegion -InputObject @()'; ErrorId = 'ParameterArgumentValidationErrorEmptyArrayNotAllowed'; Category = 'InvalidData'; Says = 'InputObject'; Type = 'ProcMap.PowerShell.GetPhysicalRegionCommand' }

        # -CorePath on the three cmdlets that take it: a directory, a FIFO and devices (never opened), no file,
        # a procfs file without a length, empty or null, and a parameter of the live set beside it.
        foreach ($cmdlet in 'Get-VmMap', 'Get-ProcessArgs', 'Get-KvmProcess', 'Measure-VmMap') {
            $type = "ProcMap.PowerShell.$($cmdlet.Replace('-', ''))Command"
            @{ Script = "$cmdlet -CorePath `$dir"; ErrorId = 'CoreFileUnreadable'; Category = 'ReadError'; Says = 'it is a directory, not a core file'; Type = $type }
            @{ Script = "$cmdlet -CorePath `$fifo"; ErrorId = 'CoreFileUnreadable'; Category = 'ReadError'; Says = 'it is a FIFO (named pipe), not a core file'; Type = $type }
            @{ Script = "$cmdlet -CorePath /nonexistent/core"; ErrorId = 'CoreFileNotFound'; Category = 'ObjectNotFound'; Says = '/nonexistent/core'; Type = $type }
            @{ Script = "$cmdlet -CorePath /dev/null"; ErrorId = 'CoreFileUnreadable'; Category = 'ReadError'; Says = '/dev/null: it is a character device, not a core file'; Type = $type }
            @{ Script = "$cmdlet -CorePath /dev/zero"; ErrorId = 'CoreFileUnreadable'; Category = 'ReadError'; Says = 'it is a character device'; Type = $type }
            @{ Script = "$cmdlet -CorePath /dev/urandom"; ErrorId = 'CoreFileUnreadable'; Category = 'ReadError'; Says = 'it is a character device'; Type = $type }
            @{ Script = "$cmdlet -CorePath /proc/self/mem"; ErrorId = 'CoreFileUnreadable'; Category = 'ReadError'; Says = 'asking for its length failed: the kernel refused the operation as not valid for this file (EINVAL'; Type = $type }
            @{ Script = "$cmdlet -CorePath ''"; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = 'CorePath'; Type = $type }
            @{ Script = "$cmdlet -CorePath @()"; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = 'CorePath'; Type = $type }
            @{ Script = "$cmdlet -CorePath `$null"; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = 'CorePath'; Type = $type }
        }
        @{ Script = 'Get-VmMap -Id 1 -CorePath $dir'; ErrorId = 'AmbiguousParameterSet'; Category = 'InvalidArgument'; Says = 'Parameter set cannot be resolved'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        @{ Script = 'Get-VmMap -CorePath $dir -Detailed'; ErrorId = 'AmbiguousParameterSet'; Category = 'InvalidArgument'; Says = 'Parameter set cannot be resolved'; Type = 'ProcMap.PowerShell.GetVmMapCommand' }
        @{ Script = 'Get-KvmProcess -CorePath $dir -IncludeWaitChannel'; ErrorId = 'AmbiguousParameterSet'; Category = 'InvalidArgument'; Says = 'Parameter set cannot be resolved'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        @{ Script = 'Get-KvmProcess -CorePath $dir -IncludeMemory'; ErrorId = 'AmbiguousParameterSet'; Category = 'InvalidArgument'; Says = 'Parameter set cannot be resolved'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }

        # Measure-VmMap and Compare-VmMap: a grouping that does not exist, objects that are not regions, a negative threshold.
        @{ Script = 'Get-VmMap -Id $PID | Measure-VmMap -GroupBy Size'; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Says = 'Kind, Path, Mapping, Permissions'; Type = 'ProcMap.PowerShell.MeasureVmMapCommand' }
        @{ Script = 'Measure-VmMap -Region 42'; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Says = 'VmRegion'; Type = 'ProcMap.PowerShell.MeasureVmMapCommand' }
        @{ Script = 'Compare-VmMap -ReferenceObject 42 -DifferenceObject @()'; ErrorId = 'NotAVmRegion'; Category = 'InvalidArgument'; Says = 'A System.Int32 is not a VM region'; Type = 'ProcMap.PowerShell.CompareVmMapCommand' }
        @{ Script = 'Get-KvmProcess -Id $PID | Compare-VmMap -ReferenceObject @()'; ErrorId = 'NotAVmRegion'; Category = 'InvalidArgument'; Says = 'ProcMap.ProcessInfo is not a VM region'; Type = 'ProcMap.PowerShell.CompareVmMapCommand' }
        @{ Script = 'Compare-VmMap @() @() -MinimumDelta -1'; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Says = 'UInt64'; Type = 'ProcMap.PowerShell.CompareVmMapCommand' }

        # Addresses: empty hex, not hex, 17 digits, a lone or doubled minus, empty, null, fractions and words, on all three.
        foreach ($parameter in 'StartAddress', 'EndAddress', 'Address') {
            foreach ($value in "'0x'", "'0xZZ'", "'0x10000000000000000'", "'-'", "'--1'", "''", '$null', '1.5', "'heap'", "'0x 1000'") {
                @{ Script = "Get-PhysicalRegion -Id `$PID -$parameter $value"; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; Says = 'is not an address'; Type = 'ProcMap.PowerShell.GetPhysicalRegionCommand' }
            }
        }
        @{ Script = 'Get-PhysicalRegion -Id $PID -StartAddress 0x2000 -EndAddress 0x2000'; ErrorId = 'InvalidAddressRange'; Category = 'InvalidArgument'; Says = 'must be below the end'; Type = 'ProcMap.PowerShell.GetPhysicalRegionCommand' }
        @{ Script = 'Get-PhysicalRegion -Id $PID -StartAddress 0xffffffffffffffff'; ErrorId = 'InvalidAddressRange'; Category = 'InvalidArgument'; Says = 'must be below the end'; Type = 'ProcMap.PowerShell.GetPhysicalRegionCommand' }
        @{ Script = 'Get-PhysicalRegion -Id $PID -Address 0x1000 -EndAddress 0x2000'; ErrorId = 'InvalidAddressRange'; Category = 'InvalidArgument'; Says = 'cannot be combined'; Type = 'ProcMap.PowerShell.GetPhysicalRegionCommand' }
        @{ Script = '[pscustomobject]@{ ProcessId = $PID; Start = 0x3000; End = 0x2000 } | Get-PhysicalRegion'; ErrorId = 'InvalidAddressRange'; Category = 'InvalidArgument'; Says = 'must be below the end'; Type = 'ProcMap.PowerShell.GetPhysicalRegionCommand' }
        @{ Script = 'Get-PhysicalRegion -Id $PID -Address 0x10'; ErrorId = 'AddressNotMapped'; Category = 'ObjectNotFound'; Says = 'none lies below'; Type = 'ProcMap.PowerShell.GetPhysicalRegionCommand' }
        @{ Script = 'Get-PhysicalRegion -Id $PID -Address 0xfffffffffffff000'; ErrorId = 'AddressNotMapped'; Category = 'ObjectNotFound'; Says = 'none lies above'; Type = 'ProcMap.PowerShell.GetPhysicalRegionCommand' }

        # Get-ProcessArgs -MaxChars.
        @{ Script = 'Get-ProcessArgs -Id $PID -MaxChars -1'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = 'less than the minimum'; Type = 'ProcMap.PowerShell.GetProcessArgsCommand' }
        @{ Script = 'Get-ProcessArgs -Id $PID -MaxChars ([int]::MinValue)'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = 'less than the minimum'; Type = 'ProcMap.PowerShell.GetProcessArgsCommand' }
        @{ Script = 'Get-ProcessArgs -Id $PID -MaxChars 2147483648'; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Says = 'Int32'; Type = 'ProcMap.PowerShell.GetProcessArgsCommand' }
        @{ Script = 'Get-ProcessArgs -Id $PID -MaxChars many'; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Says = 'many'; Type = 'ProcMap.PowerShell.GetProcessArgsCommand' }

        # Get-KvmProcess selectors: empty, null, negative, unknown names (which then select nothing).
        foreach ($parameter in 'Name', 'ProcessGroupId', 'SessionId', 'Tty', 'User', 'UserId', 'RealUser', 'RealUserId') {
            @{ Script = "Get-KvmProcess -$parameter @()"; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = $parameter; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
            @{ Script = "Get-KvmProcess -$parameter `$null"; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = $parameter; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        }
        foreach ($parameter in 'Tty', 'User', 'RealUser') {
            @{ Script = "Get-KvmProcess -$parameter ''"; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = $parameter; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        }
        foreach ($parameter in 'ProcessGroupId', 'SessionId') {
            @{ Script = "Get-KvmProcess -$parameter -1"; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Says = 'less than the minimum'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        }
        foreach ($parameter in 'UserId', 'RealUserId') {
            @{ Script = "Get-KvmProcess -$parameter -1"; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Says = 'UInt32'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        }
        @{ Script = "Get-KvmProcess -Name 'x[' -IncludeThreads"; ErrorId = 'InvalidNamePattern'; Category = 'InvalidArgument'; Says = 'for a literal bracket'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        @{ Script = 'Get-KvmProcess -Tty /dev/null'; ErrorId = 'UnknownTty'; Category = 'InvalidArgument'; Says = '/dev/null'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        @{ Script = 'Get-KvmProcess -Tty pts/999999'; ErrorId = 'UnknownTty'; Category = 'InvalidArgument'; Says = 'pts/999999'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        @{ Script = 'Get-KvmProcess -User no-such-user-here'; ErrorId = 'UnknownUser'; Category = 'InvalidArgument'; Says = 'no-such-user-here'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
        @{ Script = 'Get-KvmProcess -RealUser -1'; ErrorId = 'UnknownUser'; Category = 'InvalidArgument'; Says = '-1'; Type = 'ProcMap.PowerShell.GetKvmProcessCommand' }
    ) {
        $result = Invoke-Bounded $Script
        $result.Finished | Should -BeTrue -Because 'bad input never hangs'
        $result.Thrown | Should -BeNullOrEmpty
        $result.Output | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be "$ErrorId,$Type"
        $result.Errors[0].CategoryInfo.Category | Should -Be $Category
        $result.Errors[0].Exception.Message | Should -BeLike "*$Says*"
    }

    It 'goes on with the next id after a bad one: <Script>' -TestCases @(
        @{ Script = 'Get-VmMap -Id 0, $PID' }
        @{ Script = 'Get-PhysicalRegion -Id -1, $PID' }
        @{ Script = 'Get-ProcessArgs -Id 2147483647, $PID' }
        @{ Script = 'Get-KvmProcess -Id 0, $PID' }
        @{ Script = 'Get-VmMap -CorePath $fifo, $dir, /dev/null' }
    ) {
        $result = Invoke-Bounded $Script
        $result.Finished | Should -BeTrue
        $result.Errors.Count | Should -Be $(if ($Script -like '*-CorePath*') { 3 } else { 1 })
        if ($Script -notlike '*-CorePath*') { $result.Output.Count | Should -BeGreaterThan 0 }
    }

    It 'takes an empty pipeline as no input: <Script>' -TestCases @(
        @{ Script = '@() | Get-VmMap' }, @{ Script = '@() | Get-PhysicalRegion' }, @{ Script = '@() | Get-ProcessArgs' }
    ) {
        $result = Invoke-Bounded $Script
        $result.Finished | Should -BeTrue
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -BeNullOrEmpty
    }
}
