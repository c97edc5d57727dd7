using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace UsageGen.CommandLine;

/// <summary>
/// The <c>--json</c> document: one array, in provider order; a snapshot as <see cref="UsageSnapshotJson"/> writes it,
/// a failure as <c>{"provider":..,"error":{"type":..,"status":..,"message":..}}</c>.
/// </summary>
internal static class JsonOutput
{
    public static string Serialize(IReadOnlyList<ProviderResult> results)
    {
        var snapshots = new List<UsageSnapshot>(results.Count);
        foreach (var r in results)
            if (r.Snapshot is { } s) snapshots.Add(s);
        // All succeeded: exactly the library's serialization.
        if (snapshots.Count == results.Count) return UsageSnapshotJson.Serialize(snapshots, indented: true);

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var r in results)
            {
                if (r.Snapshot is { } snapshot)
                {
                    UsageSnapshotJson.Write(writer, snapshot);
                    continue;
                }
                var e = r.Error!;
                writer.WriteStartObject();
                writer.WriteString("provider", r.Name);
                writer.WriteStartObject("error");
                writer.WriteString("type", e.Type);
                if (e.Status is { } status) writer.WriteNumber("status", status); else writer.WriteNull("status");
                writer.WriteString("message", e.Message);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
