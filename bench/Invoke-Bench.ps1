<#
.SYNOPSIS
    Runs every bench/*.Bench.ps1 in this one pwsh session and prints their ratios.
    build.ps1 -Task Bench starts it in a fresh pwsh with the built module.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    # Run only the benches whose file name matches.
    [string] $Filter = '*'
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'ProcMap.psd1') -Force
. (Join-Path $PSScriptRoot 'Common.ps1')

Write-Host ("ProcMap bench, {0:yyyy-MM-dd HH:mm}, {1} cores, kernel {2}, {3}" -f (Get-Date), [Environment]::ProcessorCount, (uname -r), (Get-MachineLoad))
$results = foreach ($bench in Get-ChildItem (Join-Path $PSScriptRoot "$Filter.Bench.ps1")) {
    Write-Host "== $($bench.BaseName)"
    . $bench.FullName
}
Write-Host "end: $(Get-MachineLoad)"
$results | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
if ($results | Where-Object Result -EQ 'MISS') { exit 1 }
