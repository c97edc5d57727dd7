using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization;

/// <summary>How each kind of figure is read from a field's type: decided here, so the emitter only prints it.</summary>
internal static class Conversions
{
    /// <summary>A count: typed numbers as they are, anything else (a header, a string) parsed from text.</summary>
    public static Figure Number(ValueSource s) =>
        new(s, s.Type.IsNumeric ? FigureConversion.Number : FigureConversion.NumberInText);

    /// <summary>An instant: date-time, date, Unix seconds from an integer, else parsed from text. Headers are always text.</summary>
    public static Figure Instant(ValueSource s) => new(s, s.Kind == ValueSourceKind.Header
        ? FigureConversion.InstantInText
        : s.Type.Primitive switch
        {
            PrimitiveKind.DateTimeOffset => FigureConversion.DateTime,
            PrimitiveKind.Date => FigureConversion.Date,
            PrimitiveKind.Int64 or PrimitiveKind.Int32 => FigureConversion.UnixSeconds,
            _ => FigureConversion.InstantInText,
        });

    public static Figure Text(ValueSource s) => new(s, FigureConversion.Text);

    public static Figure? Number(FieldReading? f) => f is null ? null : Number(f.Source);
    public static Figure? Instant(FieldReading? f) => f is null ? null : Instant(f.Source);
}
