using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Normalization;
using Xunit;
using static UsageGen.Generator.Tests.Normalization.Hand;

namespace UsageGen.Generator.Tests.Normalization;

/// <summary>The whole stage on hand-built models: operation choice, quotas, conversions, overrides and issues.</summary>
public class UsageNormalizerTests
{
    private static readonly TypeModel Usage = Object("Usage",
        Prop("plan", Text),
        Prop("credits_used", Int),
        Prop("credits_limit", Int, "Monthly limit; null means unlimited."),
        Prop("resets_at", Instant));

    private static NormalizationResult Normalize(ProviderModel model, params OperationOverride[] overrides) =>
        UsageNormalizer.Normalize(model, overrides);

    [Fact]
    public void A_usage_get_is_chosen_over_other_operations_and_mapped()
    {
        var model = Provider(new[] { Usage, Object("Pets", Prop("count", Int)) },
            Get("/pets", "ListPets", Named("Pets")),
            Get("/account/usage", "GetUsage", Named("Usage")));
        var r = Normalize(model);
        var u = Assert.IsType<UsageMapping>(r.Mapping);
        Assert.Equal("GET /account/usage", u.OperationDisplay);
        Assert.Equal("plan", u.Plan!.Display);
        var q = Assert.Single(u.Quotas);
        Assert.Equal(("credits_used", "credits_limit"), (q.Used!.Display, q.Limit!.Display));
        Assert.Equal(("credits", "month"), (q.Unit, q.Window)); // "Monthly" in the limit's description
        Assert.Equal("resets_at", u.ResetsAt!.Display);
        // The stage says it chose, at the operation's key.
        var chosen = Assert.Single(r.Issues);
        Assert.Equal(("UG0009", "/paths/~1account~1usage/get", IssueAnchor.Key), (chosen.DescriptorId, chosen.Pointer, chosen.Anchor));
    }

    [Fact]
    public void Operation_score_is_the_sum_of_weighed_signals()
    {
        var op = Get("/account/usage", "GetUsage", Named("Usage"));
        var fields = new FieldCollector(Provider(new[] { Usage }, op)).Collect(op).Select(FieldClassifier.Classify).ToList();
        var facts = new OperationFacts(op, fields);
        Assert.Equal(2, facts.Figures);
        Assert.Equal(Weights.UsageWord + Weights.AccountWord + Weights.GetMethod + 2 * Weights.PerFigure, OperationSignals.Score(facts));
        var post = new OperationFacts(op with { HttpMethod = "POST" }, fields);
        Assert.Equal(OperationSignals.Score(facts) - Weights.GetMethod + Weights.OtherMethod, OperationSignals.Score(post));
    }

    [Fact]
    public void No_operation_with_figures_gives_no_mapping_and_one_issue_at_paths()
    {
        var model = Provider(new[] { Object("Pets", Prop("count", Int), Prop("name", Text)) }, Get("/usage", "GetUsage", Named("Pets")));
        var r = Normalize(model);
        Assert.Null(r.Mapping);
        var issue = Assert.Single(r.Issues);
        Assert.Equal(("UG0007", "/paths"), (issue.DescriptorId, issue.Pointer));
    }

    [Fact]
    public void Two_operations_with_the_same_score_are_an_ambiguity_and_the_first_path_wins()
    {
        var model = Provider(new[] { Usage }, Get("/usage/b", "B", Named("Usage")), Get("/usage/a", "A", Named("Usage")));
        var r = Normalize(model);
        Assert.Equal("GET /usage/a", r.Mapping!.OperationDisplay);
        var ambiguity = r.Issues.Single(i => i.DescriptorId == "UG0008");
        Assert.Equal("the usage operation", ambiguity.Args[0]);
        Assert.Equal("GET /usage/a or GET /usage/b", ambiguity.Args[1]);
    }

    [Fact]
    public void Usage_true_forces_an_operation_and_usage_false_excludes_one()
    {
        var model = Provider(new[] { Usage }, Get("/stats", "Stats", Named("Usage")), Get("/usage", "GetUsage", Named("Usage")));
        Assert.Equal("GET /stats", Normalize(model, Override("/paths/~1stats/get", usage: true)).Mapping!.OperationDisplay);
        Assert.Equal("GET /stats", Normalize(model, Override("/paths/~1usage/get", usage: false)).Mapping!.OperationDisplay);
    }

    [Fact]
    public void A_limit_that_is_null_when_unlimited_is_null_tracked_on_its_property()
    {
        var body = Object("Body", Prop("data", Named("Data", nullable: false), required: true));
        var data = Object("Data", Prop("used", TypeRef.Of(PrimitiveKind.Int64), required: true),
            Prop("limit", TypeRef.Of(PrimitiveKind.Int64), "The limit, or null when unlimited", required: true));
        var model = Provider(new[] { body, data }, Get("/usage", "GetUsage", Named("Body", nullable: false)));
        var u = Normalize(model).Mapping!;
        var flag = u.Quotas[0].Unlimited!;
        Assert.Equal(("LimitIsUnlimited", "data"), (flag.FlagProperty, flag.Parent.Single().JsonName));
        Assert.Equal(new NullTrackedProperty("Data", "limit"), Assert.Single(u.NullTracked));

        // Applied to the model: the property may now be null, and the models writer gives it its flag.
        var applied = UsageNormalizer.ApplyNullTracking(model, u);
        var limit = applied.Types.Single(t => t.Name == "Data").Properties.Single(p => p.JsonName == "limit");
        Assert.True(limit.NullMeansUnlimited);
        Assert.True(limit.Type.Nullable);
        Assert.False(applied.Types.Single(t => t.Name == "Data").Properties.Single(p => p.JsonName == "used").NullMeansUnlimited);
        Assert.Same(u, applied.Usage);
    }

    [Fact]
    public void A_described_null_that_the_mapping_does_not_read_as_a_limit_is_not_tracked()
    {
        var t = Object("Usage", Prop("used", Int), Prop("limit", Int), Prop("seats", Int, "null means unlimited seats"));
        var u = Normalize(Provider(new[] { t }, Get("/usage", "GetUsage", Named("Usage")))).Mapping!;
        Assert.Empty(u.NullTracked);
        Assert.Null(u.Quotas[0].Unlimited);
    }

    [Theory]
    [InlineData(nameof(PrimitiveKind.DateTimeOffset), nameof(FigureConversion.DateTime))]
    [InlineData(nameof(PrimitiveKind.Date), nameof(FigureConversion.Date))]
    [InlineData(nameof(PrimitiveKind.Int64), nameof(FigureConversion.UnixSeconds))]
    [InlineData(nameof(PrimitiveKind.String), nameof(FigureConversion.InstantInText))]
    public void Every_reset_says_how_it_is_converted(string kindName, string expectedName)
    {
        var kind = System.Enum.Parse<PrimitiveKind>(kindName);
        var expected = System.Enum.Parse<FigureConversion>(expectedName);
        var t = Object("Usage", Prop("used", Int), Prop("limit", Int), Prop("reset", TypeRef.Of(kind, true)));
        var u = Normalize(Provider(new[] { t }, Get("/usage", "GetUsage", Named("Usage")))).Mapping!;
        Assert.Equal(expected, u.ResetsAt!.Conversion);
        Assert.Equal(expected, u.Quotas[0].ResetsAt!.Conversion);
    }

    [Fact]
    public void Numbers_in_headers_and_plans_say_how_they_are_converted()
    {
        var t = Object("Usage", Prop("used", Int), Prop("limit", Number), Prop("plan", Text));
        var op = Get("/usage", "GetUsage", Named("Usage"), ResponseHeader("X-Requests-Remaining", Int), ResponseHeader("X-Account-Id", Text));
        var model = Provider(new[] { t }, op);
        var u = Normalize(model).Mapping!;
        // One unscoped quota: used and limit from the body, remaining from the (declared, numeric) header.
        var q = Assert.Single(u.Quotas);
        Assert.Equal(FigureConversion.Number, q.Used!.Conversion);
        Assert.Equal(FigureConversion.Number, q.Limit!.Conversion);
        Assert.Equal(FigureConversion.Text, u.Plan!.Conversion);
        Assert.Equal(("header X-Requests-Remaining", FigureConversion.Number), (q.Remaining!.Display, q.Remaining.Conversion));
        var attribute = Assert.Single(u.Attributes);
        Assert.Equal(("X-Account-Id", FigureConversion.Text), (attribute.Source.HeaderName, attribute.Conversion));

        // An undeclared header named by an override is text, parsed as a number.
        var overridden = Normalize(model, Override("/paths/~1usage/get", fields: new FieldOverride("limit", "header:X-Limit", "/p"))).Mapping!;
        Assert.Equal(("header X-Limit", FigureConversion.NumberInText), (overridden.Quotas[0].Limit!.Display, overridden.Quotas[0].Limit!.Conversion));
    }

    [Fact]
    public void A_field_override_replaces_the_figure_and_a_wrong_path_is_an_issue_at_its_value()
    {
        var t = Object("Usage", Prop("used", Int), Prop("limit", Int), Prop("hard_cap", Int));
        var model = Provider(new[] { t }, Get("/usage", "GetUsage", Named("Usage")));
        var r = Normalize(model, Override("/paths/~1usage/get", fields: new[]
        {
            new FieldOverride("limit", "hard_cap", "/paths/~1usage/get/x-usagegen/limit"),
            new FieldOverride("used", "no.such.field", "/paths/~1usage/get/x-usagegen/used"),
        }));
        Assert.Equal("hard_cap", r.Mapping!.Quotas[0].Limit!.Display);
        Assert.Equal("used", r.Mapping.Quotas[0].Used!.Display);
        var issue = r.Issues.Single(i => i.DescriptorId == "UG0010");
        Assert.Equal(("/paths/~1usage/get/x-usagegen/used", IssueAnchor.Value), (issue.Pointer, issue.Anchor));
        Assert.Contains("no.such.field", issue.Args[0]);
    }

    [Fact]
    public void The_main_quota_is_the_scope_with_the_most_figures()
    {
        var t = Object("Usage", Prop("key", Named("Key")), Prop("account", Named("Account")));
        var key = Object("Key", Prop("used", Int));
        var account = Object("Account", Prop("used", Int), Prop("limit", Int), Prop("remaining", Int));
        var u = Normalize(Provider(new[] { t, key, account }, Get("/usage", "GetUsage", Named("Usage")))).Mapping!;
        Assert.Equal(new[] { ("account", QuotaScopeModel.Account), ("key", QuotaScopeModel.ApiKey) }, u.Quotas.Select(q => (q.Name, q.Scope)).ToArray());
    }

    [Fact]
    public void The_stage_output_is_value_equal_for_an_equal_model()
    {
        ProviderModel Build() => Provider(new[] { Usage }, Get("/usage", "GetUsage", Named("Usage")));
        Assert.Equal(Normalize(Build()), Normalize(Build()));
    }
}
