using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using UsageGen.EndToEnd.Tests;

namespace UsageGen.Reliability.Tests;

/// <summary>What a body must give: a snapshot, a <see cref="UsageGenException"/> of some kind, or either.</summary>
public enum Expect
{
    Snapshot,
    Malformed,
    HttpError,
    Either,
}

/// <summary>One generated answer: what was done to the documented body, the answer, and what must come of it.</summary>
public sealed record BodyCase(string Kind, CannedAnswer Answer, Expect Expect)
{
    public string BodyText => Encoding.UTF8.GetString(Answer.Body);

    public override string ToString()
    {
        var text = BodyText;
        return $"{Kind} (HTTP {Answer.Status}, expect {Expect}, headers [{string.Join(", ", Answer.Headers.Select(h => h.Key + ": " + h.Value))}]): " +
               (text.Length > 400 ? text.Substring(0, 400) + "..." : text);
    }
}

/// <summary>
/// FsCheck generators of response bodies for one provider, all derived from its documented body: wrong types, missing
/// required fields, nulls, huge numbers (1e400, 99999999999999999999999), numbers as strings, extra fields, truncated
/// JSON, non-JSON, HTML error pages, empty 200s, error statuses, and garbage rate-limit headers on top.
/// </summary>
public static class BodyGen
{
    /// <summary>Raw JSON number texts (and a few invalid ones) put where the documented body has values.</summary>
    public static readonly string[] RawNumbers =
    {
        "1e400", "-1e400", "99999999999999999999999", "-99999999999999999999999", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "79228162514264337593543950335", "79228162514264337593543950336", "0.1", "1e-7", "1E+2", "-0",
        "0", "-1", "1.5", "1.0", "1e308", "4.9e-324", "123456789012345678901234567890.123", "2147483648",
        "NaN", "Infinity", "0x10", "012", "1.", ".5", "+1",
    };

    private static readonly string[] Strings =
    {
        "", "abc", "12", " 12 ", "1e3", "-5", "true", "null", "2026-04-01", "2026-04-01T00:00:00Z", "1775001600", "\u0000", "\ud800",
        "<script>", "99999999999999999999999", "NaN", new string('x', 5000), "\u00e9\u20ac\U0001F600",
    };

    private static readonly string[] NonJson =
    {
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
        "<!DOCTYPE html><html><body><h1>Service Unavailable</h1><p>Please try again later.</p></body></html>",
        "OK", "Internal Server Error", "upstream connect error or disconnect/reset before headers", "<?xml version=\"1.0\"?><usage><used>1</used></usage>",
        "{", "}", "[", "{\"a\":}", "{'single':'quotes'}", "{\"a\":1,}", "nul", "tru", "\"unterminated", "{\"a\":1}{\"b\":2}",
        "\u0000\u0001\u0002", "\ufeff", "   ", "\r\n", "// comment only", "/* */", new string('[', 300) + new string(']', 300),
    };

    private static readonly (string Name, string[] Values)[] HeaderPool =
    {
        ("RateLimit-Limit", new[] { "abc", "99999999999999999999", "-1", "10", "1e400", "" }),
        ("RateLimit-Remaining", new[] { "x", "-99999999999999999999", "5" }),
        ("RateLimit-Reset", new[] { "9e99", "99999999999999999999", "-3", "Wed, 21 Oct 2015 07:28:00 GMT" }),
        ("RateLimit", new[] { "limit=abc, remaining=, reset=9e99", "\"default\";r=0;t=99999999999999999999", "garbage;;;===" }),
        ("RateLimit-Policy", new[] { "10;w=0", "10;w=99999999999999999999", "\"q\";q=10;w=-1", ";;" }),
        ("X-RateLimit-Limit", new[] { "99999999999999999999", "1.5", "abc" }),
        ("X-RateLimit-Reset", new[] { "1e400", "99999999999999999999", "-1" }),
        ("Retry-After", new[] { "-5", "99999999999999999999", "Wed, 99 Foo 2015", "1.5" }),
        ("X-Plan-Tier", new[] { "", " ", "pro", "\u00e9", "x-very-long-" + new string('p', 300) }),
        ("Date", new[] { "not a date", "Wed, 21 Oct 2015 07:28:00 GMT" }),
    };

    /// <summary>Every kind of body for <paramref name="p"/>, weighted towards structural mutations of the documented body.</summary>
    public static Gen<BodyCase> For(Documented.Provider p, bool asciiHeadersOnly = false)
    {
        var seeds = Gen.Choose(0, int.MaxValue);
        var body = Gen.Frequency(
            (2, Gen.Constant(0).Select(_ => Case("documented", p.Body, Expect.Snapshot))),
            (14, seeds.Select(s => Mutate(p, new Random(s)))),
            (3, seeds.Select(s => NumbersAsStrings(p, new Random(s)))),
            (3, seeds.Select(s => ExtraFields(p, new Random(s)))),
            (4, seeds.Select(s => Truncated(p, new Random(s)))),
            (3, Gen.Elements(NonJson).Select(t => Case("non-JSON", t, Expect.Malformed, contentType: t.StartsWith('<') ? "text/html" : "text/plain"))),
            (2, Gen.Elements("", " ", "\n").Select(t => Case("empty 200", t, Expect.Malformed))),
            (1, seeds.Select(s => InvalidUtf8(p, new Random(s)))),
            (4, seeds.Select(s => ErrorStatus(p, new Random(s)))));
        return from c in body
               from headers in seeds.Select(s => Headers(p, new Random(s), asciiHeadersOnly))
               select c with { Answer = c.Answer with { Headers = c.Answer.Headers.Concat(headers).ToArray() } };
    }

    private static BodyCase Case(string kind, string body, Expect expect, int status = 200, string? contentType = "application/json") =>
        new(kind, new CannedAnswer(status, Encoding.UTF8.GetBytes(body), contentType, Array.Empty<KeyValuePair<string, string>>()), expect);

    private static JsonNode Parse(Documented.Provider p) => JsonNode.Parse(p.Body)!;

    /// <summary>Every node under the root with its parent and key (objects) or index (arrays).</summary>
    private static List<(JsonNode? Node, JsonNode Parent, string? Key, int Index)> Nodes(JsonNode root)
    {
        var list = new List<(JsonNode?, JsonNode, string?, int)>();
        void Walk(JsonNode node)
        {
            if (node is JsonObject o)
                foreach (var pair in o.ToList()) { list.Add((pair.Value, o, pair.Key, -1)); if (pair.Value is not null) Walk(pair.Value); }
            else if (node is JsonArray a)
                for (var i = 0; i < a.Count; i++) { list.Add((a[i], a, null, i)); if (a[i] is not null) Walk(a[i]!); }
        }
        Walk(root);
        return list;
    }

    /// <summary>1 to 3 of: a value of the wrong type, a huge or odd number, null, a missing field, an extra field.</summary>
    private static BodyCase Mutate(Documented.Provider p, Random rnd)
    {
        var root = Parse(p);
        var raws = new List<string>();
        var what = new List<string>();
        var n = 1 + rnd.Next(3);
        for (var i = 0; i < n; i++)
        {
            var nodes = Nodes(root);
            if (nodes.Count == 0) break;
            var (node, parent, key, index) = nodes[rnd.Next(nodes.Count)];
            var name = key ?? "[" + index + "]";
            switch (rnd.Next(5))
            {
                case 0:
                    Set(parent, key, index, RandomValue(rnd, raws, out var desc));
                    what.Add(name + "=" + desc);
                    break;
                case 1:
                    var raw = RawNumbers[rnd.Next(RawNumbers.Length)];
                    Set(parent, key, index, JsonValue.Create("__RAW" + raws.Count + "__"));
                    raws.Add(raw);
                    what.Add(name + "=" + raw);
                    break;
                case 2:
                    Set(parent, key, index, null);
                    what.Add(name + "=null");
                    break;
                case 3:
                    if (parent is JsonObject po && key is not null) { po.Remove(key); what.Add("-" + name); }
                    else if (parent is JsonArray pa) { pa.RemoveAt(index); what.Add("-" + name); }
                    break;
                default:
                    var target = node is JsonObject obj ? obj : parent as JsonObject ?? root as JsonObject;
                    if (target is not null)
                    {
                        var extra = "x_extra_" + rnd.Next(1000);
                        target[extra] = RandomValue(rnd, raws, out var d);
                        what.Add("+" + extra + "=" + d);
                    }
                    break;
            }
        }
        var text = root.ToJsonString();
        for (var i = 0; i < raws.Count; i++) text = text.Replace("\"__RAW" + i + "__\"", raws[i], StringComparison.Ordinal);
        return Case("mutated " + string.Join(" ", what), text, Expect.Either);
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject o && key is not null) o[key] = value;
        else if (parent is JsonArray a && index >= 0 && index < a.Count) a[index] = value;
    }

    private static JsonNode? RandomValue(Random rnd, List<string> raws, out string description)
    {
        switch (rnd.Next(9))
        {
            case 0:
                var s = Strings[rnd.Next(Strings.Length)];
                description = "\"" + (s.Length > 20 ? s.Substring(0, 20) + "..." : s) + "\"";
                return JsonValue.Create(s);
            case 1:
                var raw = RawNumbers[rnd.Next(RawNumbers.Length)];
                description = raw;
                var node = JsonValue.Create("__RAW" + raws.Count + "__");
                raws.Add(raw);
                return node;
            case 2: description = "true"; return JsonValue.Create(true);
            case 3: description = "false"; return JsonValue.Create(false);
            case 4: description = "null"; return null;
            case 5: description = "{}"; return new JsonObject();
            case 6: description = "[]"; return new JsonArray();
            case 7: description = "[1,\"a\",null]"; return new JsonArray(1, "a", null);
            default:
                description = "{nested}";
                return new JsonObject { ["a"] = new JsonObject { ["b"] = new JsonArray(new JsonObject { ["c"] = null }) } };
        }
    }

    /// <summary>Every number of the documented body as a string (" 12 " padded now and then): still a valid body.</summary>
    private static BodyCase NumbersAsStrings(Documented.Provider p, Random rnd)
    {
        var root = Parse(p);
        foreach (var (node, parent, key, index) in Nodes(root))
        {
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && rnd.Next(4) != 0)
                Set(parent, key, index, JsonValue.Create(rnd.Next(3) == 0 ? " " + v.ToJsonString() + " " : v.ToJsonString()));
        }
        return Case("numbers as strings", root.ToJsonString(), Expect.Snapshot);
    }

    /// <summary>Unknown fields added at every level: still a valid body (they are kept in AdditionalProperties).</summary>
    private static BodyCase ExtraFields(Documented.Provider p, Random rnd)
    {
        var root = Parse(p);
        var raws = new List<string>();
        var objects = Nodes(root).Select(x => x.Node).OfType<JsonObject>().Prepend((JsonObject)root).ToList();
        var count = 1 + rnd.Next(4);
        for (var i = 0; i < count; i++)
        {
            var o = objects[rnd.Next(objects.Count)];
            // Maps (Sharpe's by_endpoint) take any key but only their entry type: add extras to fixed objects only.
            if (o.Parent is JsonObject parent && parent.Any(x => x.Value == o && x.Key == "by_endpoint")) continue;
            o["zz_extra_" + i] = RandomValue(rnd, raws, out _);
        }
        var text = root.ToJsonString();
        for (var i = 0; i < raws.Count; i++) text = text.Replace("\"__RAW" + i + "__\"", raws[i], StringComparison.Ordinal);
        // A raw number that is not JSON (NaN, 0x10...) makes the whole body invalid.
        var expect = raws.Any(r => !IsJsonNumber(r)) ? Expect.Malformed : Expect.Snapshot;
        return Case("extra fields", text, expect);
    }

    private static bool IsJsonNumber(string raw)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(raw));
            return reader.Read() && reader.TokenType == JsonTokenType.Number && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The documented body cut short: never valid JSON.</summary>
    private static BodyCase Truncated(Documented.Provider p, Random rnd)
    {
        var text = Parse(p).ToJsonString();
        var at = rnd.Next(text.Length);
        return Case("truncated at " + at, text.Substring(0, at), Expect.Malformed);
    }

    /// <summary>Bytes that are not UTF-8 inside a string, or a BOM before the body.</summary>
    private static BodyCase InvalidUtf8(Documented.Provider p, Random rnd)
    {
        var text = Parse(p).ToJsonString();
        if (rnd.Next(2) == 0)
        {
            var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray();
            return new BodyCase("BOM", new CannedAnswer(200, bom, "application/json", Array.Empty<KeyValuePair<string, string>>()), Expect.Snapshot);
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var quote = Array.IndexOf(bytes, (byte)'"', rnd.Next(bytes.Length / 2));
        var at = quote < 0 ? 1 : quote + 1;
        var broken = bytes.Take(at).Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(bytes.Skip(at)).ToArray();
        return new BodyCase("invalid UTF-8", new CannedAnswer(200, broken, "application/json", Array.Empty<KeyValuePair<string, string>>()), Expect.Either);
    }

    /// <summary>A non-success status with any of the bodies above: always a <see cref="UsageGenHttpException"/>.</summary>
    private static BodyCase ErrorStatus(Documented.Provider p, Random rnd)
    {
        int[] statuses = { 400, 401, 402, 403, 404, 405, 408, 409, 418, 422, 429, 500, 501, 502, 503, 504, 301, 302, 304, 100, 199, 600, 999 };
        var status = statuses[rnd.Next(statuses.Length)];
        string body = rnd.Next(5) switch
        {
            0 => NonJson[rnd.Next(NonJson.Length)],
            1 => "",
            2 => "{\"message\":\"" + Strings[rnd.Next(Strings.Length)].Replace("\"", "", StringComparison.Ordinal) + "\"}",
            3 => "{\"detail\":{\"error\":{\"message\":[\"deep\"]}}, \"errors\":[{\"msg\":null}]}",
            _ => Mutate(p, rnd).BodyText,
        };
        return Case("HTTP " + status, body, Expect.HttpError, status);
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Headers(Documented.Provider p, Random rnd, bool asciiOnly)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var h in p.Headers) if (rnd.Next(3) != 0) list.Add(new(h.Name, h.Value));
        var n = rnd.Next(3);
        for (var i = 0; i < n; i++)
        {
            var (name, values) = HeaderPool[rnd.Next(HeaderPool.Length)];
            var value = values[rnd.Next(values.Length)];
            if (asciiOnly && value.Any(c => c < 32 || c > 126)) continue;
            list.Add(new(name, value));
        }
        return list;
    }
}
