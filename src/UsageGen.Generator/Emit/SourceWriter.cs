using System;
using System.Text;

namespace UsageGen.Generator.Emit;

/// <summary>A small indented text writer; generated code is text, not syntax trees.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0) _sb.Append(' ', _indent * 4).Append(text);
        _sb.Append('\n');
        return this;
    }

    public SourceWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public void Indent() => _indent++;
    public void Outdent() => _indent--;

    public SourceWriter Doc(string? summary)
    {
        if (string.IsNullOrWhiteSpace(summary)) return this;
        Line("/// <summary>" + summary + "</summary>");
        return this;
    }

    public override string ToString() => _sb.ToString();
}
