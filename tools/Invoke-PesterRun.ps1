<#
.SYNOPSIS
    Runs the Pester suite against the built module. build.ps1 starts this in a child pwsh: a binary
    module cannot be unloaded, so each test run needs a fresh process.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    # The .nupkg that build.ps1 -Task Package wrote, for the install-like-a-user tests.
    [string] $PackagePath = '',
    [string] $ExcludeTag = ''
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
# The tests import the module from here, so they run against exactly what is published.
$env:PROCMAP_MODULE_PATH = $ModulePath
$env:PROCMAP_PACKAGE_PATH = $PackagePath

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.Output.RenderMode = 'Plaintext'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'JUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag -split ',' }

# Tests that run code as uid 65534 share one readable copy of pwsh per run (TestHelpers.psm1).
$env:PROCMAP_PESTER_RUNNER_PID = $PID
try {
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    Remove-Item -Recurse -Force "/tmp/procmap-nobody-$PID", "/tmp/procmap-helpers-$PID" -ErrorAction Ignore
}
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $SummaryPath

