using System;
using Xunit;

namespace UsageGen.Hosting.Tests;

/// <summary>A key must not appear anywhere, as sent or escaped.</summary>
public static class SecretSweep
{
    public static void AssertAbsent(string secret, params (string Where, string Text)[] places)
    {
        var forms = new[] { secret, Uri.EscapeDataString(secret), System.Text.Json.JsonEncodedText.Encode(secret).ToString() };
        foreach (var (where, text) in places)
            foreach (var form in forms)
                Assert.False(text.Contains(form, StringComparison.Ordinal), $"the key appears in {where}");
    }
}
