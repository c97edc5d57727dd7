using System;
using System.Collections.Generic;
using System.Threading;

namespace UsageGen.Hosting;

/// <summary>The hosted monitor's view of every registered provider.</summary>
public interface IUsageMonitor
{
    /// <summary>Every registered provider's state by name (case-insensitive); a new dictionary after each fetch.</summary>
    IReadOnlyDictionary<string, ProviderUsageState> Current { get; }

    /// <summary>Raised after each fetch, on the monitor's thread: keep handlers short, never block.</summary>
    event EventHandler<UsageChangedEventArgs>? Changed;

    /// <summary>
    /// Each provider's state as fetches complete, until <paramref name="cancellationToken"/> is cancelled. A slow
    /// reader misses intermediate states (the latest 64 are kept), never the monitor's pace.
    /// </summary>
    IAsyncEnumerable<ProviderUsageState> WatchAsync(CancellationToken cancellationToken = default);
}
