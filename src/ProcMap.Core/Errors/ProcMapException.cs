using System;

namespace ProcMap;

/// <summary>
/// Base of every error a ProcMap source reports. Each subclass hands its stable ErrorId, the category of
/// the one error record it becomes and its target to this constructor, so a new error touches one file and
/// the PowerShell layer has no table to keep in step; nothing else escapes a source.
/// </summary>
public abstract class ProcMapException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ProcMapException(string errorId, ProcMapErrorCategory category, object? target, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
    }

    /// <summary>The stable ErrorId of the record (one of <see cref="ErrorIds"/>).</summary>
    public string ErrorId { get; }

    /// <summary>The record's category.</summary>
    public ProcMapErrorCategory Category { get; }

    /// <summary>What the error is about: a process id, a path or an argument, shown as the record's TargetObject.</summary>
    public object? Target { get; }

    /// <summary>What the user can do about it, when there is something; shown as the record's RecommendedAction.</summary>
    public virtual string? RecommendedAction => null;
}
