#Requires -Version 7.4
<#
.SYNOPSIS
    The one entry point to build, test, benchmark and try ProcMap.
.DESCRIPTION
    Build  (default) dotnet build -c Release, then lay out out/ProcMap, the importable module folder,
           exactly as it is published, and out/ProcMap.Views, the format-only module (no assembly) that
           formats ProcMap objects from remote hosts on a client without ProcMap (docs/remoting.md). Says
           what it does while it works: a line per step, dotnet's per-project lines (its live progress on a
           terminal), and a line every 15 s a step runs on.
    Test   Build and Package, then the xunit tests, then Pester against out/ProcMap in a child pwsh; ends with one
           line "N passed, N failed, N skipped" and exits non-zero when anything failed.
    Shell  Build, then an interactive pwsh with ProcMap imported.
    Bench  Build, then the benchmarks in bench/ (ratios against the kernel's raw data and Get-Process).
    Package  Build, then out/ProcMap.<version>.nupkg and out/ProcMap.Views.<version>.nupkg through
           Publish-PSResource to a temporary local repository (registered and unregistered around the call),
           and out/help, the updatable-help files: ProcMap_<GUID>_HelpInfo.xml (docs/help keeps the copy the
           manifest's HelpInfoURI serves) and ProcMap_<GUID>_en-US_HelpContent.zip (a release attaches it,
           where HelpInfo.xml points).
    Install  Package, then install that .nupkg for the current user with Install-PSResource from a
           throw-away local repository (tools/Install-ProcMap.ps1): any pwsh 7.4+ then finds ProcMap by name.
    Clean  Remove out/, .packages/ and every bin/ and obj/.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Shell', 'Bench', 'Package', 'Install', 'Clean')]
    [string] $Task = 'Build',

    # Pester tags to leave out of -Task Test.
    [string[]] $ExcludeTag = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleDir = Join-Path $Out 'ProcMap'
$ViewsDir = Join-Path $Out 'ProcMap.Views'
$Packages = Join-Path $Root '.packages'
$PesterVersion = '5.7.1'

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $Root 'ProcMap.psd1')).ModuleVersion
}

# The pwsh running this script, as a command line for a child: `dotnet pwsh` runs pwsh.dll under dotnet.
function Get-PwshCommand {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($process)
}

# Runs a native command on this console's own output, not through a PowerShell pipe: on a terminal dotnet
# then shows its live build progress (the terminal logger), and in a log its per-project lines. A compile
# can take half a minute without a line of its own, so every 15 s the wait says it is still going.
function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    $info = [Diagnostics.ProcessStartInfo]::new($Command)
    foreach ($argument in $Arguments) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($info)
    while (-not $process.WaitForExit(15000)) {
        Write-Step ("{0} {1} still running ({2:n0} s)" -f [IO.Path]::GetFileName($Command), $Arguments[0], $watch.Elapsed.TotalSeconds)
    }
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $($process.ExitCode)." }
}

# One line per step, so a build that takes half a minute says what it is doing.
function Write-Step([string] $Text) {
    Write-Host "build.ps1: $Text"
}

function Invoke-Build {
    $version = Get-ModuleVersion
    # Minimal verbosity prints each project as it is built (the terminal logger shows live progress on a terminal).
    Write-Step "dotnet build -c Release, ProcMap $version (ProcMap.Core, ProcMap.PowerShell, the xunit tests)"
    Invoke-Native dotnet @('build', (Join-Path $Root 'ProcMap.slnx'), '-c', 'Release', '-nologo', '-v:minimal', "-p:Version=$version")

    Write-Step "laying out $ModuleDir"
    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $null = New-Item -ItemType Directory $ModuleDir
    $bin = Join-Path $Root 'src/ProcMap.PowerShell/bin/Release/net8.0'
    $files = @(
        (Join-Path $Root 'ProcMap.psd1'),
        (Join-Path $Root 'LICENSE'),
        (Join-Path $Root 'CHANGELOG.md'),
        (Join-Path $bin 'ProcMap.PowerShell.dll'),
        (Join-Path $bin 'ProcMap.Core.dll'),
        (Join-Path $Root 'src/ProcMap.PowerShell/ProcMap.Format.ps1xml'),
        (Join-Path $Root 'src/ProcMap.PowerShell/ProcMap.Types.ps1xml')
    )
    Copy-Item $files $ModuleDir

    # Help is generated from docs/help and the built cmdlets' metadata, in a child pwsh so this
    # session never loads (and locks) the module.
    Write-Step 'generating MAML help from docs/help'
    $pwsh = @(Get-PwshCommand)
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/New-ProcMapHelp.ps1') `
        -ModulePath $ModuleDir -SourcePath (Join-Path $Root 'docs/help') -OutputPath (Join-Path $ModuleDir 'en-US')
    if ($LASTEXITCODE -ne 0) { throw 'Generating help failed.' }
    Write-Step "ProcMap $version laid out in $ModuleDir"
    Invoke-BuildViews
}

# ProcMap.Views: ProcMap's format file and a manifest, nothing else, for callers that receive ProcMap
# objects from remote hosts and should not load (or cannot run) the binary module. No types file: the
# serialization sets in it act on the hosts, and PowerShell refuses to load one types file twice, which
# a client importing both modules would do. Versioned with ProcMap (ProcMap.psd1 is the one place).
function Invoke-BuildViews {
    $manifest = Import-PowerShellDataFile (Join-Path $Root 'ProcMap.psd1')
    if (Test-Path $ViewsDir) { Remove-Item $ViewsDir -Recurse -Force }
    $null = New-Item -ItemType Directory $ViewsDir
    Copy-Item (Join-Path $Root 'LICENSE'), (Join-Path $Root 'src/ProcMap.PowerShell/ProcMap.Format.ps1xml') $ViewsDir
    $views = @{
        Path                 = Join-Path $ViewsDir 'ProcMap.Views.psd1'
        Guid                 = 'c0b5f5d4-6a43-4a0e-9d7e-2f7b1e6a9c15'
        ModuleVersion        = $manifest.ModuleVersion
        Author               = $manifest.Author
        CompanyName          = $manifest.CompanyName
        Copyright            = $manifest.Copyright
        Description          = 'The format views of ProcMap (Get-VmMap, Get-PhysicalRegion, Get-KvmProcess, Get-ProcessArgs, Measure-VmMap, Compare-VmMap) without its assembly: import it where objects arrive from hosts that run ProcMap (Invoke-Command, Receive-Job, Import-Clixml) to get ProcMap''s tables instead of long property lists.'
        PowerShellVersion    = $manifest.PowerShellVersion
        CompatiblePSEditions = $manifest.CompatiblePSEditions
        FormatsToProcess     = @('ProcMap.Format.ps1xml')
        CmdletsToExport      = @()
        FunctionsToExport    = @()
        AliasesToExport      = @()
        VariablesToExport    = @()
        Tags                 = @('ProcMap', 'Remoting', 'Format') + @($manifest.PrivateData.PSData.Tags)
        ProjectUri           = $manifest.PrivateData.PSData.ProjectUri
        LicenseUri           = $manifest.PrivateData.PSData.LicenseUri
    }
    New-ModuleManifest @views
    Write-Step "ProcMap.Views $($manifest.ModuleVersion) laid out in $ViewsDir"
}

function Restore-Pester {
    $psd1 = Join-Path $Packages "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $psd1)) {
        Write-Step "restoring Pester $PesterVersion from NuGet into $Packages"
        Invoke-Native dotnet @('restore', (Join-Path $Root 'tools/Tools.proj'), '--packages', $Packages, '-nologo', '-v:q')
    }
    return $psd1
}

function Invoke-UnitTests {
    Write-Step 'xunit tests (tests/Unit)'
    $results = Join-Path $Out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    & dotnet test (Join-Path $Root 'tests/Unit/ProcMap.Tests.Unit.csproj') -c Release --no-build --nologo `
        --logger 'trx;LogFileName=unit.trx' --logger 'console;verbosity=minimal' --results-directory $results | Out-Host
    $trx = Join-Path $results 'unit.trx'
    if (-not (Test-Path $trx)) {
        Write-Host 'xunit produced no results.'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped = [int]$counters.notExecuted
    }
}

function Invoke-PesterTests {
    $pester = Restore-Pester
    Write-Step "Pester $PesterVersion tests (tests/Pester) against $ModuleDir, in a child pwsh"
    $summary = Join-Path $Out 'pester-summary.json'
    if (Test-Path $summary) { Remove-Item $summary }
    $pwsh = @(Get-PwshCommand)
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File',
        (Join-Path $Root 'tools/Invoke-PesterRun.ps1'), '-PesterPath', $pester, '-ModulePath', $ModuleDir,
        '-TestPath', (Join-Path $Root 'tests/Pester'), '-SummaryPath', $summary,
        '-PackagePath', (Join-Path $Out "ProcMap.$(Get-ModuleVersion).nupkg"),
        '-ResultPath', (Join-Path $Out 'pester-results.xml'))
    if ($ExcludeTag) { $arguments += @('-ExcludeTag', ($ExcludeTag -join ',')) }
    & $pwsh[0] @arguments | Out-Host
    if (-not (Test-Path $summary)) {
        Write-Host 'Pester produced no results.'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    Get-Content -Raw $summary | ConvertFrom-Json
}

# Publishes out/ProcMap into a throw-away local PSResource repository and keeps the .nupkg.
# Registrations persist per user, so the repository gets a unique name and is always unregistered.
function Invoke-Package {
    $version = Get-ModuleVersion
    Write-Step "packaging ProcMap $version with Publish-PSResource"
    $repository = 'ProcMapBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $folder = Join-Path ([IO.Path]::GetTempPath()) $repository
    $null = New-Item -ItemType Directory $folder
    Register-PSResourceRepository -Name $repository -Uri $folder -Trusted
    try {
        Publish-PSResource -Path $ModuleDir -Repository $repository
        $package = Join-Path $Out "ProcMap.$version.nupkg"
        Move-Item -Force (Join-Path $folder "ProcMap.$version.nupkg") $package
        Write-Step "packaged $package"
        Publish-PSResource -Path $ViewsDir -Repository $repository
        $views = Join-Path $Out "ProcMap.Views.$version.nupkg"
        Move-Item -Force (Join-Path $folder "ProcMap.Views.$version.nupkg") $views
        Write-Step "packaged $views"
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
        Remove-Item -Recurse -Force $folder -ErrorAction Ignore
    }
    Write-UpdatableHelp
}

# The files Update-Help reads (about_Updatable_Help): HelpInfo.xml, which says which help version exists
# for which culture and where its content is, and the content, a zip of en-US/. Update-Help fetches
# HelpInfo.xml from the manifest's HelpInfoURI (docs/help on the main branch, which keeps a copy of the
# one written here) and the zip from HelpContentURI, the release of this version.
function Write-UpdatableHelp {
    $manifest = Import-PowerShellDataFile (Join-Path $Root 'ProcMap.psd1')
    $version = $manifest.ModuleVersion
    $helpDir = Join-Path $Out 'help'
    if (Test-Path $helpDir) { Remove-Item $helpDir -Recurse -Force }
    $null = New-Item -ItemType Directory $helpDir
    $prefix = "ProcMap_$($manifest.GUID)"
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [IO.Compression.ZipFile]::CreateFromDirectory((Join-Path $ModuleDir 'en-US'), (Join-Path $helpDir "${prefix}_en-US_HelpContent.zip"))
    $contentUri = "$($manifest.PrivateData.PSData.ProjectUri)/releases/download/v$version/"
    Set-Content -Path (Join-Path $helpDir "${prefix}_HelpInfo.xml") -Encoding utf8NoBOM -Value @"
<?xml version="1.0" encoding="utf-8"?>
<HelpInfo xmlns="http://schemas.microsoft.com/powershell/help/2010/05">
  <HelpContentURI>$contentUri</HelpContentURI>
  <SupportedUICultures>
    <UICulture>
      <UICultureName>en-US</UICultureName>
      <UICultureVersion>$version.0</UICultureVersion>
    </UICulture>
  </SupportedUICultures>
</HelpInfo>
"@
    Write-Step "updatable help in $helpDir"
}

# Installs the package for this user (tools/Install-ProcMap.ps1), in a child pwsh like the other tools.
function Invoke-Install {
    $pwsh = @(Get-PwshCommand)
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Install-ProcMap.ps1') `
        -PackagePath (Join-Path $Out "ProcMap.$(Get-ModuleVersion).nupkg")
    if ($LASTEXITCODE -ne 0) { throw 'Installing the package failed.' }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Package' { Invoke-Build; Invoke-Package }
    'Install' { Invoke-Build; Invoke-Package; Invoke-Install }
    'Clean' {
        foreach ($path in @($Out, $Packages) + @(Get-ChildItem $Root -Recurse -Directory -Include bin, obj | ForEach-Object FullName)) {
            if (Test-Path $path) { Remove-Item $path -Recurse -Force }
        }
    }
    'Shell' {
        Invoke-Build
        $pwsh = @(Get-PwshCommand)
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoExit -NoLogo -Command "Import-Module '$ModuleDir'"
    }
    'Bench' {
        Invoke-Build
        $pwsh = @(Get-PwshCommand)
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Bench.ps1') -ModulePath $ModuleDir
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
    'Test' {
        $unit = $null
        $pester = $null
        try {
            Invoke-Build
            Invoke-Package
            $unit = Invoke-UnitTests
            $pester = Invoke-PesterTests
        }
        catch {
            Write-Host "Test run broke off: $_"
        }
        $runs = @($unit, $pester) | Where-Object { $null -ne $_ }
        $passed = ($runs | Measure-Object Passed -Sum).Sum
        $failed = ($runs | Measure-Object Failed -Sum).Sum + (2 - $runs.Count)
        $skipped = ($runs | Measure-Object Skipped -Sum).Sum
        Write-Host "xunit: $(if ($unit) { "$($unit.Passed) passed, $($unit.Failed) failed, $($unit.Skipped) skipped" } else { 'did not run' })"
        Write-Host "Pester: $(if ($pester) { "$($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped" } else { 'did not run' })"
        Write-Host "$passed passed, $failed failed, $skipped skipped"
        if ($failed -gt 0) { exit 1 }
    }
}
