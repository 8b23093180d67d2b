using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading;
using ProcMap.Text;
using L = ProcMap.FreeBsd.KinfoVmentryLayout;

namespace ProcMap.FreeBsd;

/// <summary>
/// Decodes the output of sysctl kern.proc.vmmap.PID (kinfo_getvmmap(3), procstat -v): packed
/// struct kinfo_vmentry records, walked by kve_structsize. Also reads unpacked 1160-byte records, which
/// is what a record with a full-length kve_path looks like. A pure function of the bytes.
/// </summary>
internal static class KinfoVmentryDecoder
{
    /// <summary>
    /// Checks the whole buffer up front, so a bad one fails before the first region is written, then
    /// decodes one region per record as the caller asks for them.
    /// </summary>
    public static IEnumerable<VmRegion> Decode(byte[] buffer, int processId, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Validate(buffer, source);
        return Walk(buffer, processId, source, cancellationToken);
    }

    /// <summary>Returns the number of records, or throws <see cref="ProcReadException"/> at the first inconsistent one.</summary>
    public static int Validate(ReadOnlySpan<byte> buffer, string source)
    {
        int offset = 0;
        int index = 0;
        while (KinfoRecords.TryNext(buffer, ref offset, ref index, L.FixedSize, RecordShape.VmEntry, source, out int size))
        {
            var record = buffer.Slice(offset, size);
            ulong start = BinaryPrimitives.ReadUInt64LittleEndian(record[L.Start..]);
            ulong end = BinaryPrimitives.ReadUInt64LittleEndian(record[L.End..]);
            if (end < start)
            {
                throw new ProcReadException(source, Messages.RecordEndBeforeStart(index, offset, start, end));
            }

            KinfoRecords.Advance(ref offset, ref index, size);
        }

        return index;
    }

    /// <summary>Decodes one record that <see cref="Validate"/> accepted.</summary>
    public static VmRegion DecodeRecord(ReadOnlySpan<byte> record, int processId)
    {
        var type = (VmObjectType)BinaryPrimitives.ReadInt32LittleEndian(record[L.Type..]);
        var flags = (VmEntryAttributes)BinaryPrimitives.ReadInt32LittleEndian(record[L.Flags..]);
        int protectionBits = BinaryPrimitives.ReadInt32LittleEndian(record[L.Protection..]);
        bool attributesValid = (BinaryPrimitives.ReadUInt16LittleEndian(record[L.Status..]) & L.AttributesValid) != 0;

        var path = KernelText.UpToNul(record[L.Path..]);

        var (kind, name) = Classify(type, flags);
        var region = new VmRegion
        {
            ProcessId = processId,
            Start = BinaryPrimitives.ReadUInt64LittleEndian(record[L.Start..]),
            End = BinaryPrimitives.ReadUInt64LittleEndian(record[L.End..]),

            // KVME_PROT_* has the bit values of PROT_*; bits beyond them are not protections.
            Protection = (MemoryProtection)(protectionBits & 7),
            Shared = SharedFrom(type, flags),
            Offset = BinaryPrimitives.ReadUInt64LittleEndian(record[L.Offset..]),
            Path = path.IsEmpty ? null : KernelText.Decode(path),
            Kind = kind,
            Name = name,
            FreeBsd = new FreeBsdVmValues
            {
                ResidentPages = BinaryPrimitives.ReadInt32LittleEndian(record[L.Resident..]),
                PrivateResidentPages = BinaryPrimitives.ReadInt32LittleEndian(record[L.PrivateResident..]),
                RefCount = BinaryPrimitives.ReadInt32LittleEndian(record[L.RefCount..]),
                ShadowCount = BinaryPrimitives.ReadInt32LittleEndian(record[L.ShadowCount..]),
                Flags = flags,
                ObjectType = type,
            },
        };

        // The file's identity is only there when VOP_GETATTR succeeded (kern_proc_vmmap_out sets
        // KF_ATTR_VALID then); otherwise the kernel left zeros, which are not an answer.
        if (attributesValid)
        {
            ulong fsid = BinaryPrimitives.ReadUInt64LittleEndian(record[L.VnodeFsid..]);
            region.DeviceMajor = FreeBsdDevice.Major(fsid);
            region.DeviceMinor = FreeBsdDevice.Minor(fsid);
            region.Inode = BinaryPrimitives.ReadUInt64LittleEndian(record[L.VnodeFileId..]);
        }

        return region;
    }

    /// <summary>
    /// The common Kind for a kve_type. Anonymous memory is NONE (no object until the first fault),
    /// DEFAULT or SWAP; an anonymous entry that grows (MAP_STACK: main and thread stacks alike) is a
    /// Stack. Types with no common kind are Other, named as procstat --libxo names them.
    /// </summary>
    internal static (VmRegionKind Kind, string? Name) Classify(VmObjectType type, VmEntryAttributes flags) => type switch
    {
        VmObjectType.Vnode => (VmRegionKind.File, null),
        VmObjectType.None or VmObjectType.Default or VmObjectType.Swap =>
            (flags & (VmEntryAttributes.GrowsDown | VmEntryAttributes.GrowsUp)) != 0 ? (VmRegionKind.Stack, null) : (VmRegionKind.Anonymous, null),
        VmObjectType.Device => (VmRegionKind.Other, "device"),
        VmObjectType.Phys => (VmRegionKind.Other, "physical"),
        VmObjectType.Dead => (VmRegionKind.Other, "dead"),
        VmObjectType.Sg => (VmRegionKind.Other, "scatter/gather"),
        VmObjectType.MgtDevice => (VmRegionKind.Other, "managed_device"),
        VmObjectType.Guard => (VmRegionKind.Other, "guard"),
        _ => (VmRegionKind.Other, "unknown"),
    };

    /// <summary>
    /// kinfo_vmentry has no MAP_SHARED bit. Every MAP_PRIVATE mapping of an object is copy-on-write
    /// (KVME_FLAG_COW), so COW means private; a file mapping without COW is MAP_SHARED. Anonymous memory
    /// gets COW only after fork, so without it the entry may be either: null, not a guess.
    /// </summary>
    internal static bool? SharedFrom(VmObjectType type, VmEntryAttributes flags)
    {
        if ((flags & VmEntryAttributes.CopyOnWrite) != 0)
        {
            return false;
        }

        return type == VmObjectType.Vnode ? true : null;
    }

    private static IEnumerable<VmRegion> Walk(byte[] buffer, int processId, string source, CancellationToken cancellationToken)
    {
        int offset = 0;
        int index = 0;
        while (KinfoRecords.TryNext(buffer, ref offset, ref index, L.FixedSize, RecordShape.VmEntry, source, out int size))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var region = DecodeRecord(buffer.AsSpan(offset, size), processId);
            KinfoRecords.Advance(ref offset, ref index, size);
            yield return region;
        }
    }
}
