using System;

namespace UsageGen.Forecasting;

/// <summary>Which quota an observation belongs to: a provider's quota by scope and name (<c>Tavily</c>, <c>ApiKey</c>, <c>key</c>).</summary>
public readonly struct QuotaKey : IEquatable<QuotaKey>, IComparable<QuotaKey>
{
    public QuotaKey(string provider, QuotaScope scope, string name)
    {
        Provider = provider ?? "";
        Scope = scope;
        Name = name ?? "";
    }

    /// <summary>The provider's compiled-in name.</summary>
    public string Provider { get; }

    /// <summary>Whose quota it is.</summary>
    public QuotaScope Scope { get; }

    /// <summary>The quota's short name (<see cref="UsageQuota.Name"/>).</summary>
    public string Name { get; }

    /// <summary>The key of <paramref name="quota"/> in <paramref name="provider"/>'s snapshot.</summary>
    public static QuotaKey For(string provider, UsageQuota quota)
    {
        if (quota is null) throw new ArgumentNullException(nameof(quota));
        return new QuotaKey(provider, quota.Scope, quota.Name);
    }

    public bool Equals(QuotaKey other) =>
        string.Equals(Provider, other.Provider, StringComparison.Ordinal) && Scope == other.Scope &&
        string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is QuotaKey other && Equals(other);

    public override int GetHashCode()
    {
        unchecked
        {
            var h = StringComparer.Ordinal.GetHashCode(Provider ?? "");
            h = h * 31 + (int)Scope;
            return h * 31 + StringComparer.Ordinal.GetHashCode(Name ?? "");
        }
    }

    /// <summary>Provider, then scope, then name, ordinally.</summary>
    public int CompareTo(QuotaKey other)
    {
        var c = string.CompareOrdinal(Provider, other.Provider);
        if (c != 0) return c;
        c = Scope.CompareTo(other.Scope);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    public static bool operator ==(QuotaKey left, QuotaKey right) => left.Equals(right);

    public static bool operator !=(QuotaKey left, QuotaKey right) => !left.Equals(right);

    public override string ToString() => $"{Provider}/{Scope}/{Name}";
}
