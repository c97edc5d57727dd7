using System;
using System.IO;
using System.Net.Http;

namespace UsageGen.Runtime;

/// <summary>
/// What a <see cref="UsageGenException"/> holds as its <see cref="Exception.InnerException"/>: a stand-in for the
/// exception that caused it, never that exception itself, so the chain holds no credential and no server bytes.
/// </summary>
/// <remarks>
/// It keeps the original's type name (<see cref="OriginalTypeName"/>), its stack trace, and its message with every
/// credential masked, except when the message may quote the server's own bytes (an invalid status or header line:
/// <see cref="MayQuoteServer"/>), which is withheld. Its own inner exception stands in for the original's, likewise.
/// </remarks>
public sealed class RedactedException : Exception
{
    /// <summary>Said in place of a message that may quote the server.</summary>
    public const string Withheld = "(message withheld: it may quote the server's bytes)";

    private const int MaxDepth = 8;
    private readonly string? _stackTrace;

    public RedactedException(string message) : base(message) { }

    private RedactedException(string originalTypeName, string message, string? stackTrace, RedactedException? inner)
        : base(originalTypeName + ": " + message, inner)
    {
        OriginalTypeName = originalTypeName;
        _stackTrace = stackTrace;
    }

    /// <summary>The full name of the exception this stands in for.</summary>
    public string? OriginalTypeName { get; }

    /// <summary>The original exception's stack trace (it names code, never data).</summary>
    public override string? StackTrace => _stackTrace ?? base.StackTrace;

    /// <summary>A stand-in for <paramref name="exception"/> and its inner exceptions, messages masked with <paramref name="redactor"/>.</summary>
    public static RedactedException From(Exception exception, UsageGenRedactor redactor) => From(exception, redactor, 0);

    private static RedactedException From(Exception e, UsageGenRedactor redactor, int depth)
    {
        if (e is RedactedException already) return already;
        var inner = e.InnerException is { } i && depth < MaxDepth ? From(i, redactor, depth + 1) : null;
        var message = MayQuoteServer(e) ? Withheld : redactor.Redact(e.Message);
        return new RedactedException(e.GetType().FullName ?? e.GetType().Name, message, e.StackTrace, inner);
    }

    /// <summary>
    /// True when <paramref name="e"/>'s message may quote bytes the server sent: an <see cref="HttpRequestException"/>
    /// or HttpIOException for an invalid answer, a protocol error or an unclassified failure (before .NET 8, every
    /// HttpRequestException). Messages of other exceptions are written by the runtime or the OS (connection refused,
    /// name not resolved, timeouts) and are kept, masked.
    /// </summary>
    public static bool MayQuoteServer(Exception e)
    {
#if NET8_0_OR_GREATER
        if (e is HttpRequestException h) return h.HttpRequestError is HttpRequestError.Unknown or HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError;
        if (e is HttpIOException io) return io.HttpRequestError is HttpRequestError.Unknown or HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError;
        return false;
#else
        return e is HttpRequestException;
#endif
    }
}
