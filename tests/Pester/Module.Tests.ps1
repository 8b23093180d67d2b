# The module as a published artefact: manifest, exports, views, the package round trip, auto-loading.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:moduleBase = (Get-Module ProcMap).ModuleBase
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest with publishing metadata' {
        $manifest = Test-ModuleManifest (Join-Path $moduleBase 'ProcMap.psd1')
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.Description.Length | Should -BeGreaterThan 50
        $manifest.Guid | Should -Be '3e4d8bdc-e00f-4ef8-82b8-e95c908a89f6'
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.PrivateData.PSData.Tags | Should -Contain 'Linux'
        $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets the assembly defines' {
        $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ProcMap.PowerShell' }
        $defined = $assembly.GetTypes() | ForEach-Object { $_.GetCustomAttributes([Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        $exported = (Get-Module ProcMap).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be $defined
        (Import-PowerShellDataFile (Join-Path $moduleBase 'ProcMap.psd1')).CmdletsToExport | Sort-Object | Should -Be $defined
    }

    It 'stamps the manifest version on the assemblies' {
        $version = (Import-PowerShellDataFile (Join-Path $moduleBase 'ProcMap.psd1')).ModuleVersion
        foreach ($dll in 'ProcMap.PowerShell.dll', 'ProcMap.Core.dll') {
            [Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleBase $dll)).Version.ToString(3) | Should -Be $version
        }
    }

    It 'loads the format and types files' {
        Get-FormatData -TypeName ProcMap.VmRegion | Should -Not -BeNullOrEmpty
        (Get-TypeData -TypeName ProcMap.VmRegion).DefaultDisplayPropertySet | Should -Not -BeNullOrEmpty
    }

    It 'ships no reference assemblies and no build leftovers' {
        $files = Get-ChildItem -Recurse -File $moduleBase | ForEach-Object Name
        $files | Should -Not -Contain 'System.Management.Automation.dll'
        $files | Where-Object { $_ -like '*.deps.json' -or $_ -like '*.pdb' -or $_ -eq 'ProcMap.PowerShell.xml' } | Should -BeNullOrEmpty
    }
}

Describe 'Error records' {
    It 'uses PowerShell''s names and numbers for every ProcMap error category' {
        # ProcMap.Core has no PowerShell reference, so the cmdlets cast ProcMapErrorCategory to ErrorCategory.
        foreach ($name in [enum]::GetNames([ProcMap.ProcMapErrorCategory])) {
            [int][System.Management.Automation.ErrorCategory]$name | Should -Be ([int][ProcMap.ProcMapErrorCategory]$name) -Because $name
        }
    }

    It 'documents every ErrorId in docs/reference.md' {
        $reference = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/reference.md')
        $ids = [ProcMap.ErrorIds].GetFields() | Where-Object IsLiteral | ForEach-Object { $_.GetRawConstantValue() }
        $ids.Count | Should -BeGreaterThan 10
        foreach ($id in $ids) { $reference | Should -Match "``$id``" -Because "$id is an ErrorId scripts match on" }
    }
}

Describe 'The package' -Skip:(-not $env:PROCMAP_PACKAGE_PATH) {
    BeforeAll {
        # Install like a user: a local repository holding only the built .nupkg, Save-PSResource into a
        # fresh folder, that folder first on PSModulePath, then the module by name in a fresh pwsh.
        $script:repository = 'ProcMapTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:feed = Join-Path $TestDrive 'feed'
        $script:installed = Join-Path $TestDrive 'modules'
        $null = New-Item -ItemType Directory $feed, $installed
        Copy-Item $env:PROCMAP_PACKAGE_PATH $feed
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        $script:dotnet = [Environment]::ProcessPath
        $script:pwshArguments = @(if ([IO.Path]::GetFileNameWithoutExtension($dotnet) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    }

    AfterAll {
        Unregister-PSResourceRepository -Name $repository -ErrorAction Ignore
    }

    It 'is found in a local repository and saved into a folder' {
        (Find-PSResource -Name ProcMap -Repository $repository).Version.ToString() |
            Should -Be (Import-PowerShellDataFile (Join-Path $moduleBase 'ProcMap.psd1')).ModuleVersion
        Save-PSResource -Name ProcMap -Repository $repository -Path $installed -TrustRepository
        Test-Path (Join-Path $installed 'ProcMap/*/ProcMap.psd1') | Should -BeTrue
        Test-Path (Join-Path $installed 'ProcMap/*/en-US/ProcMap.PowerShell.dll-Help.xml') | Should -BeTrue
    }

    It 'auto-loads from PSModulePath when a cmdlet is called by name, and every cmdlet runs' {
        $script = @'
$regions = Get-VmMap -Id $PID
[pscustomobject]@{
    Loaded    = (Get-Module ProcMap).ModuleBase
    Regions   = $regions.Count
    Processes = @(Get-KvmProcess -Id $PID).Count
    Arguments = (Get-ProcessArgs -Id $PID).Arguments.Count
    Physical  = @(Get-VmMap -Id $PID | Where-Object Kind -eq Stack | Get-PhysicalRegion).Count
    Cmdlets   = @(Get-Command -Module ProcMap).Count
    Synopsis  = (Get-Help Get-VmMap).Synopsis
} | ConvertTo-Json
'@
        $env:PSModulePath = $installed + [IO.Path]::PathSeparator + $env:PSModulePath
        try {
            $json = & $dotnet @pwshArguments -NoProfile -NonInteractive -Command $script
        }
        finally {
            $env:PSModulePath = $env:PSModulePath.Substring($installed.Length + 1)
        }
        $result = try { ($json -join "`n") | ConvertFrom-Json } catch { throw "The child pwsh wrote: $json" }
        $result.Loaded | Should -BeLike "$installed*"
        $result.Regions | Should -BeGreaterThan 10
        $result.Processes | Should -Be 1
        $result.Arguments | Should -BeGreaterThan 2
        $result.Physical | Should -BeGreaterThan 0
        $result.Cmdlets | Should -Be (Get-Command -Module ProcMap).Count
        $result.Synopsis | Should -Match 'mapped'
    }
}

Describe 'Views' {
    BeforeAll {
        $script:subject = Start-Subject -FilePath sleep -ArgumentList 600
    }

    AfterAll {
        Stop-Subject $subject
    }

    # A table wider than the console loses its last columns, so the last header must survive 120 columns.
    It 'the <Name> table fits 120 columns' -TestCases @(
        @{ Name = 'Get-VmMap'; Script = { Get-VmMap -Id $subject.Id }; Last = 'Mapping' }
        @{ Name = 'Get-VmMap -Detailed'; Script = { Get-VmMap -Id $subject.Id -Detailed }; Last = 'Mapping' }
        @{ Name = 'Get-PhysicalRegion'; Script = { Get-PhysicalRegion -Id $subject.Id }; Last = 'Mapping' }
        @{ Name = 'Get-PhysicalRegion -PageFlags'; Script = { Get-PhysicalRegion -Id $subject.Id -PageFlags }; Last = 'Mapping' }
        @{ Name = 'Get-KvmProcess'; Script = { Get-KvmProcess -Id $subject.Id }; Last = 'COMMAND' }
        @{ Name = 'Get-KvmProcess -IncludeThreads'; Script = { Get-KvmProcess -Id $subject.Id -IncludeThreads }; Last = 'COMMAND' }
        @{ Name = 'Get-ProcessArgs'; Script = { Get-ProcessArgs -Id $subject.Id | Format-Table }; Last = 'CommandLine' }
        @{ Name = 'Get-VmMap -View FreeBSD'; Script = { Get-VmMap -Id $subject.Id | Format-Table -View FreeBSD }; Last = 'PATH' }
    ) {
        $lines = (& $Script | Out-String -Width 120) -split "`n" | Where-Object { $_.Trim() }
        $header = $lines | Where-Object { $_ -match '^\s*-+(\s+-+)+\s*$' } | Select-Object -First 1
        $header | Should -Not -BeNullOrEmpty
        $labels = $lines[[array]::IndexOf($lines, $header) - 1]
        $labels.TrimEnd() | Should -Match "$Last$"
    }

    It 'every output type has a list view' -TestCases @(
        @{ Type = 'ProcMap.VmRegion' }, @{ Type = 'ProcMap.PhysicalRegion' }, @{ Type = 'ProcMap.ProcessInfo' }, @{ Type = 'ProcMap.ProcessArguments' }
    ) {
        (Get-FormatData -TypeName $Type -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition.Control |
            Where-Object { $_ -is [Management.Automation.ListControl] } | Should -Not -BeNullOrEmpty
    }

    It 'completes -Id of <Cmdlet> with process ids and their names' -TestCases @(
        @{ Cmdlet = 'Get-VmMap' }, @{ Cmdlet = 'Get-PhysicalRegion' }, @{ Cmdlet = 'Get-ProcessArgs' }, @{ Cmdlet = 'Get-KvmProcess' }
    ) {
        $line = "$Cmdlet -Id $($subject.Id)"
        $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $match = $matches | Where-Object CompletionText -EQ ([string]$subject.Id)
        $match | Should -Not -BeNullOrEmpty
        $match.ToolTip + $match.ListItemText | Should -Match 'sleep'
    }
}
