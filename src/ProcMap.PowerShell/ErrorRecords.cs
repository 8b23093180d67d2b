using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>
/// The one mapping from a source's exception to the error record a user sees: each exception carries its
/// own ErrorId and category (ProcMapErrorCategory has ErrorCategory's names and numbers).
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(ProcMapException exception)
    {
        var record = new ErrorRecord(exception, exception.ErrorId, (ErrorCategory)exception.Category, exception.Target);
        if (exception.RecommendedAction is string action)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
        }

        return record;
    }
}
