using System;
using System.Collections.Generic;
using UsageGen.Generator.Diagnostics;

namespace UsageGen.Generator.Parsing;

/// <summary>
/// Every <c>$ref</c> checked before NSwag reads the document: external, dangling, naming the wrong kind of object (a
/// response naming a request body, a schema naming <c>#/servers/0</c>), or part of a cycle of references with nothing
/// in it. Each gets UG0004 at its own line, and its <c>$ref</c> is left out of what NSwag reads, so the rest of the
/// spec still generates (NSwag would otherwise fail the whole document with a cast exception and no position).
/// </summary>
internal static class ReferenceCheck
{
    /// <summary>Reports bad references and returns the pointers of the objects whose <c>$ref</c> must be dropped.</summary>
    public static List<string> Check(YamlDocument yaml, DiagnosticBag diagnostics)
    {
        var dropped = new List<string>();
        foreach (var holder in yaml.NonStringReferences)
        {
            // A property named "$ref" (under 'properties') is not a reference.
            if (KindAt(holder) == Kind.Other) continue;
            diagnostics.Add(DiagnosticDescriptors.UnresolvedReference.Id, yaml.ValueAt(holder + "/$ref"), "(not a string)",
                "a reference is a string naming a place in the spec ('#/components/schemas/Name')");
            dropped.Add(holder);
        }
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in yaml.References)
        {
            var holder = pair.Key;
            var reference = pair.Value;
            var problem = Problem(yaml, holder, reference, out var pointer);
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticDescriptors.UnresolvedReference.Id, yaml.ValueAt(holder + "/$ref"), reference, problem);
                dropped.Add(holder);
                continue;
            }
            targets[holder] = pointer!;
        }

        // A $ref whose target is itself only a $ref back to the start never resolves: its first reference is dropped.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in targets.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { start };
            var current = start;
            while (targets.TryGetValue(current, out var next) && !reported.Contains(next))
            {
                if (!seen.Add(next))
                {
                    diagnostics.Add(DiagnosticDescriptors.UnresolvedReference.Id, yaml.ValueAt(start + "/$ref"), "#" + targets[start], "the references form a cycle with no schema in it");
                    reported.UnionWith(seen);
                    dropped.Add(start);
                    break;
                }
                current = next;
            }
        }
        return dropped;
    }

    private static string? Problem(YamlDocument yaml, string holder, string reference, out string? pointer)
    {
        pointer = null;
        if (reference.Length == 0) return "a reference is a string naming a place in the spec ('#/components/schemas/Name')";
        if (!reference.StartsWith("#", StringComparison.Ordinal))
            return "only references inside the spec ('#/...') are read; UsageGen never reads other files or the network at build time";
        string target;
        try
        {
            target = Uri.UnescapeDataString(reference.Substring(1));
        }
        catch (UriFormatException)
        {
            return "it is not a valid URI fragment";
        }
        if (target.Length > 0 && target[0] != '/') return "a reference inside the spec is a JSON pointer ('#/components/schemas/Name')";
        if (!yaml.Has(target)) return "nothing is defined at that path";
        var expected = KindAt(holder);
        if (expected != Kind.Other)
        {
            var actual = target.Length == 0 ? Kind.Document : KindAt(target);
            if (actual != expected) return "it names " + Describe(actual) + " where " + Describe(expected) + " is expected";
        }
        pointer = target;
        return null;
    }

    internal enum Kind
    {
        Other, Document, Schema, Response, Parameter, RequestBody, Header, Example, Link, Callback, SecurityScheme, PathItem, Operation, MediaType,
    }

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Document => "the whole document",
        Kind.Schema => "a schema",
        Kind.Response => "a response",
        Kind.Parameter => "a parameter",
        Kind.RequestBody => "a request body",
        Kind.Header => "a header",
        Kind.Example => "an example",
        Kind.Link => "a link",
        Kind.Callback => "a callback",
        Kind.SecurityScheme => "a security scheme",
        Kind.PathItem => "a path item",
        Kind.Operation => "an operation",
        Kind.MediaType => "a media type",
        _ => "something that is not a reusable object",
    };

    // The states of the OpenAPI grammar a pointer walks through; a map state names its members' kind.
    private enum State
    {
        Other, Document, Paths, PathItem, Operation, Components, Schema, SchemaMap, SchemaList, Response, ResponseMap,
        Parameter, ParameterMap, ParameterList, RequestBody, RequestBodyMap, Header, HeaderMap, Example, ExampleMap,
        Link, LinkMap, Callback, CallbackMap, SecurityScheme, SecuritySchemeMap, Content, MediaType,
    }

    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    /// <summary>The kind of object at a JSON pointer by the OpenAPI 3 (and Swagger 2) grammar.</summary>
    internal static Kind KindAt(string pointer)
    {
        var state = State.Document;
        if (pointer.Length == 0) return Kind.Document;
        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            state = Next(state, segment);
            if (state == State.Other) return Kind.Other;
        }
        return state switch
        {
            State.Document => Kind.Document,
            State.Schema => Kind.Schema,
            State.Response => Kind.Response,
            State.Parameter => Kind.Parameter,
            State.RequestBody => Kind.RequestBody,
            State.Header => Kind.Header,
            State.Example => Kind.Example,
            State.Link => Kind.Link,
            State.Callback => Kind.Callback,
            State.SecurityScheme => Kind.SecurityScheme,
            State.PathItem => Kind.PathItem,
            State.Operation => Kind.Operation,
            State.MediaType => Kind.MediaType,
            _ => Kind.Other,
        };
    }

    private static State Next(State state, string segment) => state switch
    {
        State.Document => segment switch
        {
            "paths" or "webhooks" => State.Paths,
            "components" => State.Components,
            "definitions" => State.SchemaMap,
            "parameters" => State.ParameterMap,
            "responses" => State.ResponseMap,
            _ => State.Other,
        },
        State.Components => segment switch
        {
            "schemas" => State.SchemaMap,
            "responses" => State.ResponseMap,
            "parameters" => State.ParameterMap,
            "examples" => State.ExampleMap,
            "requestBodies" => State.RequestBodyMap,
            "headers" => State.HeaderMap,
            "securitySchemes" => State.SecuritySchemeMap,
            "links" => State.LinkMap,
            "callbacks" => State.CallbackMap,
            "pathItems" => State.Paths,
            _ => State.Other,
        },
        State.Paths => State.PathItem,
        State.PathItem => Methods.Contains(segment) ? State.Operation : segment == "parameters" ? State.ParameterList : State.Other,
        State.Operation => segment switch
        {
            "parameters" => State.ParameterList,
            "requestBody" => State.RequestBody,
            "responses" => State.ResponseMap,
            "callbacks" => State.CallbackMap,
            _ => State.Other,
        },
        State.ParameterList or State.ParameterMap => State.Parameter,
        State.ResponseMap => State.Response,
        State.RequestBodyMap => State.RequestBody,
        State.HeaderMap => State.Header,
        State.ExampleMap => State.Example,
        State.LinkMap => State.Link,
        State.CallbackMap => State.Callback,
        State.Callback => State.PathItem,
        State.SecuritySchemeMap => State.SecurityScheme,
        State.SchemaMap or State.SchemaList => State.Schema,
        State.Content => State.MediaType,
        State.Parameter or State.Header => segment switch
        {
            "schema" or "items" => State.Schema,
            "content" => State.Content,
            "examples" => State.ExampleMap,
            _ => State.Other,
        },
        State.RequestBody => segment == "content" ? State.Content : State.Other,
        State.Response => segment switch
        {
            "content" => State.Content,
            "headers" => State.HeaderMap,
            "links" => State.LinkMap,
            "schema" => State.Schema,
            _ => State.Other,
        },
        State.MediaType => segment switch
        {
            "schema" => State.Schema,
            "examples" => State.ExampleMap,
            _ => State.Other,
        },
        State.Schema => segment switch
        {
            "properties" or "patternProperties" or "definitions" or "$defs" or "dependentSchemas" => State.SchemaMap,
            "allOf" or "oneOf" or "anyOf" or "prefixItems" => State.SchemaList,
            "items" or "additionalProperties" or "additionalItems" or "not" or "contains" or "propertyNames" or "if" or "then" or "else"
                or "unevaluatedItems" or "unevaluatedProperties" => State.Schema,
            // A tuple's items: 'items/0'.
            _ when segment.Length > 0 && char.IsDigit(segment[0]) => State.Schema,
            _ => State.Other,
        },
        _ => State.Other,
    };
}
