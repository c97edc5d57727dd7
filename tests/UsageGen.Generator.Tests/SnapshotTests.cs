using System.IO;
using System.Linq;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>The generated source of the five launch specs, pinned.</summary>
public class SnapshotTests
{
    public static TheoryData<string> HintNames()
    {
        var data = new TheoryData<string>();
        foreach (var provider in new[] { "CoinGecko", "CoinStats", "Sharpe", "Shoal", "Tavily" })
            foreach (var kind in new[] { "Models", "Client", "Usage" })
                data.Add($"{provider}.{kind}.g.cs");
        data.Add("UsageGen.Catalog.g.cs");
        return data;
    }

    private static readonly GeneratorHarness.Result Launch = GeneratorHarness.Run(GeneratorHarness.LaunchSpecs());

    [Theory]
    [MemberData(nameof(HintNames))]
    public void Generated_source_matches_snapshot(string hintName)
    {
        Snapshot.Verify(Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(hintName)), Launch.Source(hintName));
    }

    [Fact]
    public void Launch_specs_generate_exactly_the_expected_files()
    {
        var expected = HintNames().Cast<object[]>().Select(d => (string)d[0]).OrderBy(x => x).ToArray();
        Assert.Equal(expected, Launch.HintNames.OrderBy(x => x).ToArray());
    }

    [Fact]
    public void Output_is_deterministic()
    {
        var again = GeneratorHarness.Run(GeneratorHarness.LaunchSpecs().Reverse());
        foreach (var hint in Launch.HintNames) Assert.Equal(Launch.Source(hint), again.Source(hint));
    }

    [Fact]
    public void Emitter_alone_from_a_hand_built_model()
    {
        // The emitter does not need NSwag or Roslyn: a model built by hand gives source directly.
        var model = new Model.ProviderModel("Acme", "Acme.Api", "AcmeClient", true, "/x/acme.yaml", "acme.yaml", "Acme API", "1", "https://api.acme.test",
            new Model.EquatableArray<Model.SecuritySchemeModel>(new[] { new Model.SecuritySchemeModel("key", Model.AuthKindModel.ApiKeyHeader, "X-Key", null) }),
            new Model.EquatableArray<Model.TypeModel>(new[]
            {
                new Model.TypeModel("Usage", Model.TypeModelKind.Object, "Usage.", "/components/schemas/Usage",
                    new Model.EquatableArray<Model.PropertyModel>(new[]
                    {
                        new Model.PropertyModel("used", "Used", Model.TypeRef.Of(Model.PrimitiveKind.Int64), true, false, null),
                        new Model.PropertyModel("limit", "Limit", Model.TypeRef.Of(Model.PrimitiveKind.Int64, true), false, true, "null when unlimited"),
                    }), null, Model.EquatableArray<Model.EnumMemberModel>.Empty, Model.EquatableArray<Model.UnionCaseModel>.Empty),
            }),
            Model.EquatableArray<Model.OperationModel>.Empty, null);
        var files = new Emit.ProviderEmitter(model).EmitAll().ToDictionary(f => f.HintName, f => f.Source);
        Assert.Equal(new[] { "Acme.Client.g.cs", "Acme.Models.g.cs" }, files.Keys.OrderBy(k => k).ToArray());
        Snapshot.Verify("Emitter.HandBuilt.Models", files["Acme.Models.g.cs"]);
    }
}
