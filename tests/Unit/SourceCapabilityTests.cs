using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using ProcMap.FreeBsd;
using ProcMap.Linux;
using ProcMap.Sources;
using ProcMap.Tests.CoreFile;
using ProcMap.Tests.FreeBsd;
using Xunit;

namespace ProcMap.Tests;

/// <summary>
/// A source that lacks a capability must fail here, never in front of a user: every question a cmdlet
/// asks is an abstract method every source implements (so a gap does not compile), and what a platform
/// truly cannot answer is a SourceNotSupportedException that says why.
/// </summary>
public class SourceCapabilityTests
{
    [Fact]
    public void Every_question_is_abstract_so_every_source_must_answer_it()
    {
        var cores = typeof(ProcessSource).GetMethods(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(m => m.Name.EndsWith("Core", StringComparison.Ordinal) || m.Name.StartsWith("TryFind", StringComparison.Ordinal))
            .ToArray();

        Assert.Equal(8, cores.Length);
        Assert.All(cores, m => Assert.True(m.IsAbstract, m.Name + " has a default, so a source could leave it out"));
        foreach (var source in new[] { typeof(LinuxLiveSource), typeof(FreeBsdLiveSource), typeof(CoreFileSource), typeof(FreeBsdCoreSource) })
        {
            Assert.All(cores, m => Assert.NotNull(source.GetMethod(m.Name, BindingFlags.Instance | BindingFlags.NonPublic, m.GetParameters().Select(p => p.ParameterType).ToArray())));
        }
    }

    [Fact]
    public void What_a_platform_cannot_answer_says_why()
    {
        using var freeBsd = new FreeBsdLiveSource(new FakeFreeBsdKernel());
        var noPagemap = Assert.Throws<SourceNotSupportedException>(() => freeBsd.ReadPhysicalRegions(1, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None));
        Assert.Contains("nothing like Linux's /proc/PID/pagemap", noPagemap.Message, StringComparison.Ordinal);

        using var core = SyntheticCoreTests.Open(SyntheticCore.Typical(true, Elf.ElfHeader.EM_X86_64).Build());
        var noPhysical = Assert.Throws<SourceNotSupportedException>(() => core.ReadPhysicalRegionAt(core.ProcessId, 0x1000, new PhysicalRegionOptions(), CancellationToken.None));
        Assert.Contains("not where they lay in physical memory", noPhysical.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorIds.PlatformNotSupported, noPhysical.ErrorId);
    }
}
