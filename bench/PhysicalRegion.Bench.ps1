# Get-PhysicalRegion against a plain PowerShell loop that reads /proc/P/pagemap for every page, on a helper
# with 1 GiB touched and 64 GiB reserved but untouched.
# Bars: the whole process at most 0.5x the loop over every page of every mapping; the 1 GiB range at
# most 2.0x the loop over that range alone.

# The plain loop a user would write: one FileStream (default 4 KiB buffer) and BinaryReader.ReadUInt64 per
# page, counting present pages. [vsyscall] is skipped: the kernel has no pagemap entries above the user
# address space. Pages past $MaxPages of a mapping are not read; the caller scales for them.
function Invoke-PagemapLoop {
    param([int] $Id, [object[]] $Mappings, [long] $MaxPages = [long]::MaxValue)
    $stream = [IO.File]::OpenRead("/proc/$Id/pagemap")
    $reader = [IO.BinaryReader]::new($stream)
    $present = 0
    try {
        foreach ($mapping in $Mappings) {
            $pages = [math]::Min([long](($mapping.End - $mapping.Start) / 4096), $MaxPages)
            $stream.Position = [long]($mapping.Start / 4096) * 8
            for ($page = 0; $page -lt $pages; $page++) {
                $entry = $reader.ReadUInt64()
                if ($entry -shr 63) { $present++ }
            }
        }
    }
    finally { $reader.Dispose() }
    $present
}

$helper = Start-BenchHelper -Name touched_and_reserved -ArgumentList 1024, 64
try {
    $id = $helper.Id
    $maps = Get-VmMap -Id $id | Where-Object Kind -NE 'Vsyscall'
    $touched = $maps | Where-Object Size -EQ 1GB
    $reserved = $maps | Where-Object Size -EQ 64GB
    $others = $maps | Where-Object { $_.Size -ne 64GB }
    $regions = Get-PhysicalRegion -Id $id
    Write-Host ("touched_and_reserved pid ${id}: {0} mappings, {1:n0} pages, {2:n0} regions" -f @($maps).Count,
        (($maps | Measure-Object Size -Sum).Sum / 4096), @($regions).Count)

    # The loop over all 17 million pages takes about half a minute per run: it is timed over every page of
    # every other mapping plus the first 1,048,576 pages (4 GiB) of the reservation, and the reservation's
    # part is scaled by 16. Untouched pages cost the loop the same per page (it is pwsh's per-iteration cost).
    $samplePages = 1048576
    $scale = ($reserved.Size / 4096) / $samplePages
    $loopOthers = Measure-Median -Runs 3 { Invoke-PagemapLoop -Id $id -Mappings $others }
    $loopSample = Measure-Median -Runs 3 { Invoke-PagemapLoop -Id $id -Mappings $reserved -MaxPages $samplePages }
    $loopAll = $loopOthers + $loopSample * $scale
    $all = Measure-Median { $regions = Get-PhysicalRegion -Id $id }
    New-BenchResult -Name 'Get-PhysicalRegion -Id P (65 GiB mapped)' -Milliseconds $all -Baseline 'pwsh loop, every page (sampled)' -BaselineMilliseconds $loopAll -Bar 0.5

    $loopTouched = Measure-Median -Runs 3 { Invoke-PagemapLoop -Id $id -Mappings $touched }
    $range = Measure-Median { $regions = Get-PhysicalRegion -Id $id -StartAddress $touched.Start -EndAddress $touched.End }
    New-BenchResult -Name 'Get-PhysicalRegion 1 GiB touched range' -Milliseconds $range -Baseline 'pwsh loop, same range' -BaselineMilliseconds $loopTouched -Bar 2.0

    # Recorded, no bar: the path for kernels without PAGEMAP_SCAN reads all 128 MiB of pagemap entries.
    $env:PROCMAP_DISABLE_PAGEMAP_SCAN = '1'
    try { $fallback = Measure-Median -Runs 3 { $regions = Get-PhysicalRegion -Id $id } }
    finally { Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN }
    New-BenchResult -Name 'Get-PhysicalRegion -Id P, no PAGEMAP_SCAN' -Milliseconds $fallback -Baseline 'pwsh loop, every page (sampled)' -BaselineMilliseconds $loopAll -Bar 0
    New-BenchResult -Name 'Get-PhysicalRegion -Id P, no PAGEMAP_SCAN' -Milliseconds $fallback -Baseline 'Get-PhysicalRegion -Id P' -BaselineMilliseconds $all -Bar 0
}
finally {
    $helper.Kill()
    $helper.WaitForExit()
}
