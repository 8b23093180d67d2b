# The 80-column rule: every table view of every ProcMap type, default and alternate, rendered from real
# objects with Out-String -Width 80 (what a default terminal, a redirected file and a CI log give), keeps
# every line within 80 characters, prints its header whole on one line, cuts no value ("…") and leaves the
# last column room to read. The views come from Get-FormatData, so a view added later is held to the rule
# too; a type with views but no sample objects here fails until it gets some.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:viewCases = foreach ($definition in Get-FormatData -TypeName '*ProcMap.*' -PowerShellVersion $PSVersionTable.PSVersion) {
        foreach ($view in $definition.FormatViewDefinition) {
            foreach ($type in $definition.TypeNames) {
                @{ Type = $type; View = $view.Name; Kind = $view.Control.GetType().Name
                   Labels = @(if ($view.Control -is [Management.Automation.TableControl]) { $view.Control.Headers.Label }) }
            }
        }
    }
    $script:defaultCases = @($viewCases | ForEach-Object Type | Sort-Object -Unique | ForEach-Object { @{ Type = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest

    $script:file = Join-Path ([IO.Path]::GetTempPath()) "procmap-views-$PID.bin"
    $script:subject = Start-HelperSubject -Name physical_pages -ArgumentList $file
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("procmap-views-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $dir
    $script:sleeper = Start-Subject -FilePath sleep -ArgumentList 600
    $null = & gcore -o (Join-Path $dir 'core') $sleeper.Id 2>&1
    $script:core = Join-Path $dir "core.$($sleeper.Id)"
    if (-not (Test-Path $core)) { throw "gcore made no core of process $($sleeper.Id)" }

    # FreeBSD regions from the kinfo_vmentry fixture bytes, decoded by the module's own decoder, with the
    # type name Get-VmMap gives them on FreeBSD.
    $null = Get-VmMap -Id $PID | Select-Object -First 1
    $decoder = [ProcMap.VmRegion].Assembly.GetType('ProcMap.FreeBsd.KinfoVmentryDecoder', $true)
    $bytes = [IO.File]::ReadAllBytes((Join-Path $PSScriptRoot '../Unit/Fixtures/freebsd/vmmap-4242.bin'))
    $freebsd = foreach ($region in $decoder.GetMethod('Decode', [Reflection.BindingFlags]'Static, Public').Invoke($null, @($bytes, 4242, 'fixture', [Threading.CancellationToken]::None))) {
        $wrapped = [psobject]::AsPSObject($region)
        $wrapped.PSObject.TypeNames.Insert(0, 'ProcMap.VmRegion#FreeBSD')
        $wrapped
    }

    # Real objects of every type: the helper (a long temp path), this pwsh (long NuGet paths, many
    # threads), pid 1, and the core; the first 40 of each kind keep the rendering quick.
    $ids = @($subject.Id, $PID)
    $script:samples = @{
        'ProcMap.VmRegion'                  = @(Get-VmMap -Id $ids | Select-Object -First 40) + @(Get-VmMap -Id $PID | Select-Object -Last 20)
        'ProcMap.DetailedVmRegion'          = @(Get-VmMap -Id $ids -Detailed | Select-Object -First 40)
        'ProcMap.VmRegion#Core'             = @(Get-VmMap -CorePath $core)
        'ProcMap.VmRegion#FreeBSD'          = @($freebsd)
        'ProcMap.PhysicalRegion'            = @(Get-PhysicalRegion -Id $subject.Id | Select-Object -First 40)
        'ProcMap.PhysicalRegion#PageFlags'  = @(Get-PhysicalRegion -Id $subject.Id -PageFlags | Select-Object -First 40)
        'ProcMap.ProcessInfo'               = @(Get-KvmProcess -Id 1, $PID, $subject.Id) + @(Get-KvmProcess -CorePath $core)
        'ProcMap.ProcessInfo#Thread'        = @(Get-KvmProcess -Id $PID -IncludeThreads | Select-Object -First 20) + @(Get-KvmProcess -CorePath $core -IncludeThreads)
        'ProcMap.ProcessArguments'          = @(Get-ProcessArgs -Id $PID, $subject.Id -Environment) + @(Get-ProcessArgs -CorePath $core)
        'ProcMap.ProcessInfo#Memory'        = @(Get-KvmProcess -Id 1, $PID, $subject.Id -IncludeMemory)
        'ProcMap.VmSummary'                 = @(Get-VmMap -Id $ids -Detailed | Measure-VmMap -GroupBy Path | Select-Object -First 40)
        'ProcMap.VmChange'                  = @(Compare-VmMap (Get-VmMap -Id $PID) (Get-VmMap -Id $PID) -IncludeEqual | Select-Object -First 40)
    }

    # Objects of a type; Deserialized.X (remoting) are X's samples through a serialization round trip.
    function Get-Sample([string] $Type) {
        if ($samples.ContainsKey($Type)) { return $samples[$Type] }
        if ($Type.StartsWith('Deserialized.') -and $samples.ContainsKey($Type.Substring(13))) {
            return @($samples[$Type.Substring(13)] | ForEach-Object {
                    [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($_))
                })
        }
        throw "$Type has views but no sample objects in Views.Tests.ps1: add some so its views are held to 80 columns."
    }

    # The lines of $Text, and the checks every rendering passes.
    function Test-EightyColumns([string] $Text, [string] $What) {
        $lines = $Text -split "`r?`n"
        foreach ($line in $lines) {
            $line.Length | Should -BeLessOrEqual 80 -Because "$What printed: $line"
            $line | Should -Not -Match '…' -Because "$What cut a value: $line"
        }
        , $lines
    }

    # The header line of a table (the one above the dashes) and where its last column starts.
    function Get-TableHeader([string[]] $Lines) {
        $dashes = [array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -match '^\s*-+(\s+-+)*\s*$' })
        $dashes | Should -BeGreaterThan 0 -Because 'a table has a header underlined with dashes'
        $Lines[$dashes - 1]
    }
}

AfterAll {
    Stop-Subject $subject.Process
    Stop-Subject $sleeper
    Remove-Item $file -ErrorAction Ignore
    Remove-Item -Recurse -Force $dir -ErrorAction Ignore
}

Describe 'Every view at 80 columns' {
    It 'the <Kind> <View> of <Type> fits, its header whole on one line' -TestCases $viewCases {
        $objects = Get-Sample $Type
        $objects.Count | Should -BeGreaterThan 0
        $text = if ($Kind -eq 'TableControl') { $objects | Format-Table -View $View | Out-String -Width 80 }
        else { $objects | Format-List -View $View | Out-String -Width 80 }
        $lines = Test-EightyColumns $text "Format-Table -View $View of $Type"
        if ($Kind -eq 'TableControl') {
            $header = Get-TableHeader $lines
            @($header.Trim() -split '\s+') | Should -Be $Labels
            # The last column (Mapping, COMMAND, PATH, CommandLine) keeps room for a 19-byte FreeBSD comm.
            80 - $header.LastIndexOf($Labels[-1]) | Should -BeGreaterOrEqual 19
        }
    }

    It 'the default view of <Type> fits' -TestCases $defaultCases {
        $objects = Get-Sample $Type
        $lines = Test-EightyColumns ($objects | Out-String -Width 80) "the default view of $Type"
        if ($Type -notlike '*ProcessArguments') { Get-TableHeader $lines | Should -Not -BeNullOrEmpty }
    }

    It 'gives paths longer than the Mapping column whole, wrapped within it' {
        $long = @(Get-VmMap -Id $PID | Where-Object { $_.Mapping.Length -gt 49 })
        $long.Count | Should -BeGreaterThan 0 -Because "pwsh's own files have long paths"
        $lines = ($long[0] | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() }
        $column = (Get-TableHeader $lines).IndexOf('Mapping')
        $rows = @($lines | Select-Object -Skip ([array]::IndexOf($lines, (Get-TableHeader $lines)) + 2))
        -join ($rows | ForEach-Object { $_.Substring($column).TrimEnd() }) | Should -Be $long[0].Mapping
    }
}
