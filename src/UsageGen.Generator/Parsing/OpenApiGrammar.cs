using System;
using System.Collections.Generic;

namespace UsageGen.Generator.Parsing;

/// <summary>The kinds of object OpenAPI 3 (and Swagger 2) places at a JSON pointer.</summary>
internal enum OpenApiKind
{
    Other, Document, Schema, Response, Parameter, RequestBody, Header, Example, Link, Callback, SecurityScheme, PathItem, Operation, MediaType,
}

/// <summary>
/// What kind of object a JSON pointer names, by the OpenAPI grammar alone (no document needed): used to check that a
/// <c>$ref</c> names the kind of object its place expects, and to leave out a null where NSwag needs an object.
/// </summary>
internal static class OpenApiGrammar
{
    public static string Describe(OpenApiKind kind) => kind switch
    {
        OpenApiKind.Document => "the whole document",
        OpenApiKind.Schema => "a schema",
        OpenApiKind.Response => "a response",
        OpenApiKind.Parameter => "a parameter",
        OpenApiKind.RequestBody => "a request body",
        OpenApiKind.Header => "a header",
        OpenApiKind.Example => "an example",
        OpenApiKind.Link => "a link",
        OpenApiKind.Callback => "a callback",
        OpenApiKind.SecurityScheme => "a security scheme",
        OpenApiKind.PathItem => "a path item",
        OpenApiKind.Operation => "an operation",
        OpenApiKind.MediaType => "a media type",
        _ => "something that is not a reusable object",
    };

    // The states of the OpenAPI grammar a pointer walks through; a map state names its members' kind.
    private enum State
    {
        Other, Document, Paths, PathItem, Operation, Components, Schema, SchemaMap, SchemaList, Response, ResponseMap,
        Parameter, ParameterMap, ParameterList, RequestBody, RequestBodyMap, Header, HeaderMap, Example, ExampleMap,
        Link, LinkMap, Callback, CallbackMap, SecurityScheme, SecuritySchemeMap, Content, MediaType,
    }

    /// <summary>The kind of object at a JSON pointer by the OpenAPI 3 (and Swagger 2) grammar.</summary>
    public static OpenApiKind KindAt(string pointer)
    {
        var state = State.Document;
        if (pointer.Length == 0) return OpenApiKind.Document;
        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            state = Next(state, segment);
            if (state == State.Other) return OpenApiKind.Other;
        }
        return state switch
        {
            State.Document => OpenApiKind.Document,
            State.Schema => OpenApiKind.Schema,
            State.Response => OpenApiKind.Response,
            State.Parameter => OpenApiKind.Parameter,
            State.RequestBody => OpenApiKind.RequestBody,
            State.Header => OpenApiKind.Header,
            State.Example => OpenApiKind.Example,
            State.Link => OpenApiKind.Link,
            State.Callback => OpenApiKind.Callback,
            State.SecurityScheme => OpenApiKind.SecurityScheme,
            State.PathItem => OpenApiKind.PathItem,
            State.Operation => OpenApiKind.Operation,
            State.MediaType => OpenApiKind.MediaType,
            _ => OpenApiKind.Other,
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
        // NSwag reads every key of a path item it does not know (not only the HTTP methods) as an operation.
        State.PathItem => segment switch
        {
            "parameters" => State.ParameterList,
            "summary" or "description" or "servers" or "$ref" => State.Other,
            _ when segment.StartsWith("x-", StringComparison.OrdinalIgnoreCase) => State.Other,
            _ => State.Operation,
        },
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
            "properties" or "patternProperties" or "definitions" or "$defs" or "dependentSchemas" or "dependencies" => State.SchemaMap,
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
