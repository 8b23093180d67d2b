<#
.SYNOPSIS
    Installs a ProcMap .nupkg for the current user through PSResourceGet, so any pwsh 7.4 or later finds
    the module by name.
.DESCRIPTION
    build.ps1 -Task Install runs this on the package -Task Package made. The package goes through a
    throw-away local repository (PSResourceGet installs only from a repository), which gets a unique name
    and is always unregistered, because registrations persist per user. Install-PSResource -Scope
    CurrentUser puts the module under the user's module path ($HOME/.local/share/powershell/Modules on
    Linux and macOS, or $XDG_DATA_HOME/powershell/Modules), the folder every pwsh searches by name.
#>
param(
    [Parameter(Mandatory)] [string] $PackagePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$package = Get-Item -LiteralPath $PackagePath
if ($package.Name -notmatch '^ProcMap\.(?<version>\d+\.\d+\.\d+.*)\.nupkg$') { throw "$PackagePath is not a ProcMap package." }
$version = $Matches.version

$repository = 'ProcMapInstall' + [guid]::NewGuid().ToString('N').Substring(0, 8)
$folder = Join-Path ([IO.Path]::GetTempPath()) $repository
$null = New-Item -ItemType Directory $folder
try {
    Copy-Item -LiteralPath $package.FullName $folder
    Register-PSResourceRepository -Name $repository -Uri $folder -Trusted
    Install-PSResource -Name ProcMap -Version $version -Repository $repository -Scope CurrentUser -TrustRepository -Reinstall
    $installed = Get-InstalledPSResource -Name ProcMap -Version $version -Scope CurrentUser
    Write-Host "Installed ProcMap $version for this user in $(Join-Path $installed.InstalledLocation "ProcMap/$version")."
    Write-Host 'Any pwsh 7.4 or later now loads it by name: Import-Module ProcMap, or just run Get-VmMap.'
}
finally {
    if (Get-PSResourceRepository -Name $repository -ErrorAction Ignore) { Unregister-PSResourceRepository -Name $repository }
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}
