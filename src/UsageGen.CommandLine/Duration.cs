using System;
using System.Globalization;

namespace UsageGen.CommandLine;

/// <summary>Parses the durations the options take: <c>30</c> (seconds), <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1m30s</c>, <c>500ms</c>.</summary>
internal static class Duration
{
    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, out value, TimeSpan.FromDays(30));

    /// <summary>As <see cref="TryParse(string?, out TimeSpan)"/>, up to <paramref name="maximum"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan value, TimeSpan maximum)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();

        // A bare number is seconds.
        if (decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bare))
            return TrySeconds(bare, maximum, out value);

        decimal total = 0;
        var i = 0;
        var any = false;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start) return false;
            if (!decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                return false;
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
            decimal seconds;
            switch (s.Substring(unitStart, i - unitStart).ToLowerInvariant())
            {
                case "ms": seconds = number / 1000m; break;
                case "s": case "sec": case "secs": seconds = number; break;
                case "m": case "min": case "mins": seconds = number * 60m; break;
                case "h": case "hr": case "hrs": seconds = number * 3600m; break;
                case "d": seconds = number * 86400m; break;
                default: return false;
            }
            total += seconds;
            any = true;
        }
        return any && TrySeconds(total, maximum, out value);
    }

    private static bool TrySeconds(decimal seconds, TimeSpan maximum, out TimeSpan value)
    {
        value = default;
        if (seconds < 0 || seconds > (decimal)maximum.TotalSeconds) return false;
        value = TimeSpan.FromMilliseconds((double)Math.Round(seconds * 1000m));
        return true;
    }

    /// <summary>A short form for messages: <c>1 s</c>, <c>1.5 s</c>, <c>5 min</c>.</summary>
    public static string Format(TimeSpan span)
    {
        if (span.TotalDays >= 1 && span.TotalDays % 1 == 0) return span.TotalDays.ToString("0", CultureInfo.InvariantCulture) + " d";
        if (span.TotalSeconds < 60 || span.TotalSeconds % 60 != 0)
            return span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        if (span.TotalMinutes < 60 || span.TotalMinutes % 60 != 0)
            return span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min";
        return span.TotalHours.ToString("0", CultureInfo.InvariantCulture) + " h";
    }
}
