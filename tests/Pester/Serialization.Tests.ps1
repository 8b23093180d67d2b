# What ProcMap's objects become in PowerShell's serializer, at remoting's depth, with the module's types
# file (ProcMap.Types.ps1xml): the serialization set of every output type, the values it carries and
# their types, and the views written for the deserialized objects (ProcMap.Format.ps1xml's
# Deserialized.* views), which must need nothing from the assembly and show the same text as the views
# for live objects. No sshd here: Remoting.Tests.ps1 checks the same over a real one.

BeforeDiscovery {
    # Every shape the cmdlets write (the type names they carry), filled in BeforeAll.
    $cases = @('Get-VmMap', 'Get-VmMap -Detailed', 'Get-VmMap -CorePath', 'Get-VmMap (FreeBSD)', 'Get-PhysicalRegion',
        'Get-PhysicalRegion -PageFlags', 'Get-KvmProcess', 'Get-KvmProcess -IncludeThreads', 'Get-KvmProcess -CorePath', 'Get-KvmProcess -IncludeMemory',
        'Get-ProcessArgs -Environment') | ForEach-Object { @{ Shape = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Wire.psm1') -Force
    Import-ProcMapUnderTest
    $script:file = Join-Path ([IO.Path]::GetTempPath()) "procmap-serialization-$PID.bin"
    $script:subject = Start-HelperSubject -Name physical_pages -ArgumentList $file
    $script:threads = Start-PipedSubject -FilePath (Get-TestHelper -Name threads) -ArgumentList 3 -WaitForReady

    # A kernel core of the committed fixtures, for the -CorePath shapes.
    $script:core = Join-Path ([IO.Path]::GetTempPath()) "procmap-serialization-$PID.core"
    $null = Expand-FixtureCore -Name x86_64/kernel -Destination $core

    # FreeBSD regions from the kinfo_vmentry fixture, wrapped as Get-VmMap wraps them (Get-VmMap.FreeBSD.Tests.ps1).
    # ProcMap.Core loads with the first cmdlet call; its FreeBSD decoder is internal, so reflection reaches it.
    $null = Get-VmMap -Id $PID | Select-Object -First 1
    $decoder = [ProcMap.VmRegion].Assembly.GetType('ProcMap.FreeBsd.KinfoVmentryDecoder', $true)
    $decode = $decoder.GetMethod('Decode', [Reflection.BindingFlags]'Static, Public')
    $bytes = [IO.File]::ReadAllBytes((Join-Path $PSScriptRoot '../Unit/Fixtures/freebsd/vmmap-4242.bin'))
    $script:freebsd = foreach ($region in @($decode.Invoke($null, @($bytes, 4242, 'fixture', [Threading.CancellationToken]::None)))) {
        $wrapped = [psobject]::AsPSObject($region)
        $wrapped.PSObject.TypeNames.Insert(0, 'ProcMap.VmRegion#FreeBSD')
        $wrapped
    }

    # One call per shape the cmdlets write, each with the type names it carries.
    $id = $subject.Id
    $script:shapes = [ordered]@{
        'Get-VmMap'                       = @(Get-VmMap -Id $id)
        'Get-VmMap -Detailed'             = @(Get-VmMap -Id $id -Detailed)
        'Get-VmMap -CorePath'             = @(Get-VmMap -CorePath $core)
        'Get-VmMap (FreeBSD)'             = @($freebsd)
        'Get-PhysicalRegion'              = @(Get-PhysicalRegion -Id $id)
        'Get-PhysicalRegion -PageFlags'   = @(Get-PhysicalRegion -Id $id -PageFlags)
        'Get-KvmProcess'                  = @(Get-KvmProcess -Id $id, $threads.Id)
        'Get-KvmProcess -IncludeThreads'  = @(Get-KvmProcess -Id $threads.Id -IncludeThreads)
        'Get-KvmProcess -CorePath'        = @(Get-KvmProcess -CorePath $core)
        'Get-KvmProcess -IncludeMemory'   = @(Get-KvmProcess -Id $id, $threads.Id -IncludeMemory)
        'Get-ProcessArgs -Environment'    = @(Get-ProcessArgs -Id $id -Environment)
    }
}

AfterAll {
    Stop-Subject $script:subject.Process
    Stop-Subject $script:threads
    Remove-Item $script:file, $script:core -ErrorAction Ignore
}

Describe 'Serialization sets' {
    It '<Shape> sends exactly its set, in order, with every value as the live object has it' -TestCases $cases {
        $objects = $shapes[$Shape]
        $objects.Count | Should -BeGreaterThan 0
        $set = Get-SerializationSet $objects[0]
        $set.Count | Should -BeGreaterThan 5
        # Differences collected and asserted once: a Should per value is slow on a busy machine.
        $differences = foreach ($object in $objects) {
            $copy = $object | ConvertTo-Deserialized
            if ($copy.psobject.TypeNames[0] -cne 'Deserialized.' + $object.psobject.TypeNames[0]) { "$object type names: $($copy.psobject.TypeNames)" }
            if ((@($copy.psobject.Properties.Name) -join ',') -cne ($set -join ',')) { "$object properties: $($copy.psobject.Properties.Name)" }
            foreach ($name in $set) {
                $sent = ConvertTo-WireForm $copy.$name
                $held = ConvertTo-WireForm $object.$name
                if ($sent -cne $held) { "$object ${name}: $sent instead of $held" }
            }
        }
        $differences | Should -BeNullOrEmpty
    }

    It 'names only properties the type has, and each synthetic type''s set holds its base type''s in the same order' {
        $sets = foreach ($name in 'ProcMap.VmRegion', 'ProcMap.PhysicalRegion', 'ProcMap.ProcessInfo', 'ProcMap.ProcessArguments') {
            $data = Get-TypeData -TypeName $name
            $data.SerializationMethod | Should -Be 'SpecificProperties'
            $type = [ProcMap.VmRegion].Assembly.GetType($name, $true)
            $properties = $type.GetProperties().Name
            foreach ($derived in @(Get-TypeData -TypeName "$name#*") + $data) {
                $names = @($derived.PropertySerializationSet.ReferencedProperties)
                $names | Where-Object { $_ -notin $properties } | Should -BeNullOrEmpty -Because $derived.TypeName
                $names | Group-Object | Where-Object Count -GT 1 | Should -BeNullOrEmpty -Because $derived.TypeName
                if ($derived -ne $data) {
                    $derived.InheritPropertySerializationSet | Should -BeFalse -Because "$($derived.TypeName) lists its whole set"
                    @($names | Where-Object { $_ -in $data.PropertySerializationSet.ReferencedProperties }) |
                        Should -Be @($data.PropertySerializationSet.ReferencedProperties | Where-Object { $_ -in $names }) -Because $derived.TypeName
                }
            }
        }
    }

    It '<Shape> keeps what the views of a deserialized object read' -TestCases @(
        @{ Shape = 'Get-VmMap'; Properties = 'Start', 'Size', 'Permissions', 'Mapping', 'ProcessId', 'Kind', 'Offset', 'Device', 'Inode', 'Path', 'Deleted', 'Name' }
        @{ Shape = 'Get-VmMap -Detailed'; Properties = 'Rss', 'Pss', 'Swap', 'SharedDirty', 'PrivateDirty', 'PrivateClean' }
        @{ Shape = 'Get-VmMap -CorePath'; Properties = 'Dumped' }
        @{ Shape = 'Get-VmMap (FreeBSD)'; Properties = 'ResidentPages', 'PrivateResidentPages', 'EntryFlagsValue', 'ObjectType', 'RefCount', 'ShadowCount' }
        @{ Shape = 'Get-PhysicalRegion -PageFlags'; Properties = 'VirtualStart', 'VirtualEnd', 'Size', 'State', 'PhysicalStart', 'SwapType', 'SwapOffset', 'MapCount', 'PageFlagsValue', 'PageFlags', 'Mapping', 'PageCount', 'SoftDirty', 'Exclusive', 'UffdWp', 'Guard', 'FileOrSharedAnon', 'Protection', 'Kind' }
        @{ Shape = 'Get-KvmProcess -IncludeThreads'; Properties = 'ProcessId', 'ThreadId', 'ParentProcessId', 'UserName', 'UserId', 'TtyName', 'TtyDevice', 'Stat', 'ResidentSize', 'VirtualSize', 'StartTime', 'UserCpuTime', 'SystemCpuTime', 'Name', 'Nice', 'Priority', 'Processor', 'ProcessGroupId', 'SessionId', 'State', 'RealUserName', 'RealUserId', 'SavedUserId', 'GroupId', 'RealGroupId', 'ThreadCount', 'WaitChannel' }
        @{ Shape = 'Get-KvmProcess -IncludeMemory'; Properties = 'ProcessId', 'UserName', 'UserId', 'Name', 'Swap', 'Uss', 'Pss', 'ResidentSize', 'PssAnonymous', 'PssFile', 'PssShmem', 'PssDirty', 'SwapPss', 'Locked' }
        @{ Shape = 'Get-ProcessArgs -Environment'; Properties = 'ProcessId', 'Name', 'CommandLine', 'Arguments', 'Environment', 'Truncated', 'Retitled' }
    ) {
        $set = Get-SerializationSet $shapes[$Shape][0]
        $Properties | Where-Object { $_ -notin $set } | Should -BeNullOrEmpty
    }
}

Describe 'Values after the trip' {
    It 'keeps flags testable with -band through their numbers, and enums comparable by name' {
        $local = $shapes['Get-VmMap']
        $copies = @($local | ConvertTo-Deserialized)
        $executable = @($local | Where-Object { $_.Protection.HasFlag([ProcMap.MemoryProtection]::Execute) }).Count
        $executable | Should -BeGreaterThan 0
        # The name arrives as a string, on which -band fails; the number does not.
        $copies[0].Protection | Should -BeOfType [string]
        $copies[0].ProtectionValue | Should -BeOfType [int]
        @($copies | Where-Object { $_.ProtectionValue -band 4 }).Count | Should -Be $executable
        @($copies | Where-Object Kind -EQ 'File').Count | Should -Be @($local | Where-Object Kind -EQ File).Count

        $pages = $shapes['Get-PhysicalRegion -PageFlags'] | Where-Object { $null -ne $_.PageFlags }
        $pages | Should -Not -BeNullOrEmpty
        $pageCopies = @($pages | ConvertTo-Deserialized)
        $pageCopies[0].PageFlagsValue | Should -BeOfType [uint64]
        $uptodate = [uint64][ProcMap.PageFlags]::Uptodate
        @($pageCopies | Where-Object { $_.PageFlagsValue -band $uptodate }).Count | Should -Be @($pages | Where-Object { $_.PageFlags.HasFlag([ProcMap.PageFlags]::Uptodate) }).Count

        $cow = @($freebsd | ConvertTo-Deserialized | Where-Object { $_.EntryFlagsValue -band 0x1 })
        $cow.Count | Should -Be @($freebsd | Where-Object { $_.EntryFlags.HasFlag([ProcMap.VmEntryAttributes]::CopyOnWrite) }).Count
        $cow.Count | Should -BeGreaterThan 0
    }

    It 'keeps dates as dates, times as time spans and the environment as an ordered dictionary' {
        $process = $shapes['Get-KvmProcess'][0] | ConvertTo-Deserialized
        $process.StartTime | Should -BeOfType [datetime]
        $process.StartTime | Should -Be $shapes['Get-KvmProcess'][0].StartTime
        $process.UserCpuTime | Should -BeOfType [timespan]
        $arguments = $shapes['Get-ProcessArgs -Environment'][0]
        $copy = $arguments | ConvertTo-Deserialized
        $copy.Environment | Should -BeOfType [Collections.Specialized.OrderedDictionary]
        @($copy.Environment.Keys) | Should -Be @($arguments.Environment.Keys)
        @($copy.Arguments) | Should -Be $arguments.Arguments
    }
}

Describe 'Views of deserialized objects' {
    BeforeAll {
        $script:views = @(Get-ProcMapView)
        $script:remoteViews = @($views | Where-Object { @($_.ViewSelectedBy.TypeName) -like 'Deserialized.*' })
    }

    It 'call nothing in ProcMap''s assembly, and neither do the list views they fall back to' {
        $remoteViews.Count | Should -BeGreaterThan 5
        $lists = $views | Where-Object { $_.ListControl -and @($_.ViewSelectedBy.TypeName) -like 'ProcMap.*' }
        foreach ($view in @($remoteViews) + @($lists)) {
            $view.OuterXml | Should -Not -Match '\[ProcMap\.' -Because "$($view.Name) ($($view.ViewSelectedBy.TypeName))"
        }
    }

    It 'exist for <Shape>, and each names one type' -TestCases $cases {
        $typeName = 'Deserialized.' + $shapes[$Shape][0].psobject.TypeNames[0]
        if ($Shape -eq 'Get-ProcessArgs -Environment') {
            # Its list and table for live objects fit beside PSComputerName and need nothing from the assembly.
            $remoteViews | Where-Object { $_.ViewSelectedBy.TypeName -contains $typeName } | Should -BeNullOrEmpty
            return
        }
        $matching = @($remoteViews | Where-Object { $_.ViewSelectedBy.TypeName -contains $typeName })
        $matching | Should -HaveCount 1
        @($matching[0].ViewSelectedBy.TypeName) | Should -HaveCount 1
    }

    It 'show the text the live views show in every column they share, for <Shape>' -TestCases @($cases | Where-Object { $_.Shape -ne 'Get-ProcessArgs -Environment' }) {
        $objects = $shapes[$Shape]
        $typeName = $objects[0].psobject.TypeNames[0]
        $remote = @($remoteViews | Where-Object { $_.ViewSelectedBy.TypeName -contains "Deserialized.$typeName" })[0]
        $live = @($views | Where-Object { $_.Name -eq $remote.Name -and $_.TableControl -and @($_.ViewSelectedBy.TypeName) -contains $typeName })[0]
        $live | Should -Not -BeNullOrEmpty
        $liveColumns = @(Get-ViewColumn $live)
        $shared = @(Get-ViewColumn $remote | Where-Object { $_.Label -in $liveColumns.Label })
        $shared.Count | Should -BeGreaterThan 2
        $compared = 0
        $differences = foreach ($object in $objects) {
            $copy = $object | ConvertTo-Deserialized
            foreach ($column in $shared) {
                $liveItem = ($liveColumns | Where-Object Label -EQ $column.Label)[0].Item
                $shown = Get-ViewCellText $column.Item $copy
                $expected = Get-ViewCellText $liveItem $object
                if ($shown -cne $expected) { "$object $($column.Label): '$shown' instead of '$expected'" }
                $compared++
            }
        }
        $differences | Should -BeNullOrEmpty
        $compared | Should -Be ($objects.Count * $shared.Count)
    }
}
