using System;
using System.Collections.Generic;
using System.IO;

namespace UsageGen.CommandLine;

/// <summary>
/// The user's data and cache folders for usagegen, read from the command's environment so a test (or a user) can move
/// them with <c>XDG_DATA_HOME</c> / <c>XDG_CACHE_HOME</c>; otherwise where .NET and the platform put them.
/// </summary>
internal static class UserFolders
{
    private const string App = "usagegen";

    /// <summary>
    /// <c>Environment.SpecialFolder.LocalApplicationData</c>/usagegen: <c>$XDG_DATA_HOME</c> or <c>~/.local/share</c> on
    /// Linux, <c>~/Library/Application Support</c> on macOS, <c>%LOCALAPPDATA%</c> on Windows.
    /// </summary>
    public static string Data(IReadOnlyDictionary<string, string?> environment) =>
        Path.Combine(Absolute(environment, "XDG_DATA_HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData,
            Environment.SpecialFolderOption.DoNotVerify), App);

    /// <summary><c>$XDG_CACHE_HOME</c> or <c>~/.cache</c> on Linux, <c>~/Library/Caches</c> on macOS, <c>%LOCALAPPDATA%\usagegen\cache</c> on Windows.</summary>
    public static string Cache(IReadOnlyDictionary<string, string?> environment)
    {
        if (Absolute(environment, "XDG_CACHE_HOME") is { } xdg) return Path.Combine(xdg, App);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), App, "cache");
        var home = Absolute(environment, "HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        return OperatingSystem.IsMacOS() ? Path.Combine(home, "Library", "Caches", App) : Path.Combine(home, ".cache", App);
    }

    /// <summary>The variable's value when it is an absolute path (the XDG rule: a relative one is ignored).</summary>
    private static string? Absolute(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) && Path.IsPathRooted(value) ? value : null;
}
