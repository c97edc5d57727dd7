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
    public void Figures_inside_a_oneOf_object_or_error_string_are_read_through_the_object_case()
    {
        // Etherscan: result is oneOf an object with the credits or an error string.
        var body = Object("Body", Prop("status", Text), Prop("result", Named("Result")));
        var result = Union("Result", new UnionCaseModel(JsonKind.Object, Named("ResultObject"), "Object"), new UnionCaseModel(JsonKind.String, Text, "String"));
        var obj = Object("ResultObject", Prop("creditsUsed", Int), Prop("creditsAvailable", Int), Prop("creditLimit", Int),
            Prop("limitInterval", Text), Prop("intervalExpiryTimespan", Text));
        var u = Normalize(Provider(new[] { body, result, obj }, Get("/v2/api", "GetApiUsage", Named("Body")) with { Summary = "Get API Usage" })).Mapping!;
        var q = u.Quotas[0];
        Assert.Equal(("result.creditsUsed", "result.creditLimit", "result.creditsAvailable"), (q.Used!.Display, q.Limit!.Display, q.Remaining!.Display));
        Assert.Equal(PathStepKind.UnionCase, q.Used.Source.Path[1].Kind);
        Assert.Null(u.ResetsAt); // a countdown (timespan) is no instant
    }

    [Fact]
    public void A_record_wrapped_in_a_list_is_read_from_its_first_element_when_nothing_outside_is_a_figure()
    {
        // DeepSeek: balance_infos[0].total_balance (a decimal string) in the currency of its entry.
        var body = Object("Balance", Prop("is_available", Flag), Prop("balance_infos", TypeRef.ArrayOf(Named("Info"), true)));
        var info = Object("Info", Prop("currency", Text), Prop("total_balance", Text, "The total available balance."), Prop("granted_balance", Text));
        var u = Normalize(Provider(new[] { body, info }, Get("/user/balance", "GetUserBalance", Named("Balance")))).Mapping!;
        var q = u.Quotas[0];
        Assert.Equal("balance_infos[0].total_balance", q.Remaining!.Display);
        Assert.Equal(FigureConversion.NumberInText, q.Remaining.Conversion);
        Assert.Equal(PathStepKind.FirstElement, q.Remaining.Source.Path[1].Kind);
        Assert.Equal("balance_infos[0].currency", q.UnitSource!.Display); // the unit is read at run time
    }

    [Fact]
    public void Parameters_the_spec_fixes_or_that_carry_the_key_are_filled_by_the_adapter()
    {
        // Etherscan: module=getapilimit&action=getapilimit by default; Shodan: a required 'key' query parameter and no scheme.
        var t = Object("Usage", Prop("used", Int), Prop("limit", Int));
        var op = Get("/api", "GetUsage", Named("Usage")) with
        {
            Parameters = new[]
            {
                Param("module", ParameterLocation.Query, true, fixedValue: "getapilimit"),
                Param("key", ParameterLocation.Query, true, "To use the API you need to have an API key."),
                Param("id", ParameterLocation.Path, true, "User ID"),
            }.ToEquatableArray(),
        };
        var u = Normalize(Provider(new[] { t }, op)).Mapping!;
        Assert.Equal(new[] { new ParameterFill("module", ParameterFillKind.Fixed, "getapilimit"), new ParameterFill("key", ParameterFillKind.ApiKey, null) }, u.Parameters.ToArray());
        // With a security scheme on the operation, a 'key' parameter is the user's to give.
        var secured = Normalize(Provider(new[] { t }, op with { Security = new[] { "apiKey" }.ToEquatableArray() })).Mapping!;
        Assert.DoesNotContain(secured.Parameters, p => p.Kind == ParameterFillKind.ApiKey);
    }

    [Fact]
    public void Required_parameters_the_user_must_give_and_history_words_make_an_operation_less_likely()
    {
        // ZeroBounce: /getapiusage needs two dates; /getcredits is the balance. Firecrawl: /credit-usage/historical is a list of past periods.
        var credits = Object("Credits", Prop("Credits", Text, "The number of credits left in account."));
        var report = Object("Report", Prop("total", Int), Prop("credits_used", Int));
        var dated = Get("/getapiusage", "GetApiUsage", Named("Report")) with
        {
            Parameters = new[] { Param("start_date", ParameterLocation.Query, true), Param("end_date", ParameterLocation.Query, true) }.ToEquatableArray(),
        };
        var history = Get("/credit-usage/historical", "GetHistoricalCreditUsage", Named("Report"));
        var u = Normalize(Provider(new[] { credits, report }, dated, history, Get("/getcredits", "GetCredits", Named("Credits")) with { Summary = "Get Credit Balance" })).Mapping!;
        Assert.Equal("GET /getcredits", u.OperationDisplay);
        Assert.Equal("Credits", u.Quotas[0].Remaining!.Display);
    }

    [Fact]
    public void A_limit_documented_as_minus_one_for_unlimited_is_a_sentinel()
    {
        var t = Object("Usage", Prop("used", Int), Prop("limit", Int, "The monthly limit; -1 means unlimited."));
        var q = Normalize(Provider(new[] { t }, Get("/usage", "GetUsage", Named("Usage")))).Mapping!.Quotas[0];
        Assert.Equal("-1", q.UnlimitedSentinel);
        // "-1 means the key is invalid" is no sentinel (ZeroBounce).
        var z = Object("Usage", Prop("used", Int), Prop("limit", Int, "If a -1 is returned, that means your API Key is invalid."));
        Assert.Null(Normalize(Provider(new[] { z }, Get("/usage", "GetUsage", Named("Usage")))).Mapping!.Quotas[0].UnlimitedSentinel);
    }

    [Fact]
    public void General_api_operations_are_not_usage_operations()
    {
        // A search whose page block has a limit, an AI response with max_output_tokens and a token usage block, film credits.
        var search = Object("SearchResult", Prop("meta", Named("Meta")), Prop("items", TypeRef.ArrayOf(Named("Track"), true)));
        var meta = Object("Meta", Prop("limit", Int), Prop("offset", Int), Prop("total", Int));
        var track = Object("Track", Prop("name", Text), Prop("duration_ms", Int));
        var response = Object("Response", Prop("id", Text), Prop("max_output_tokens", Int), Prop("usage", Named("TokenUsage")));
        var tokens = Object("TokenUsage", Prop("input_tokens", Int), Prop("output_tokens", Int), Prop("total_tokens", Int));
        var credits = Object("Credits", Prop("id", Int), Prop("cast", TypeRef.ArrayOf(Named("Cast"), true)));
        var cast = Object("Cast", Prop("name", Text), Prop("order", Int), Prop("popularity", Number));
        var model = Provider(new[] { search, meta, track, response, tokens, credits, cast },
            Get("/search", "Search", Named("SearchResult")),
            Get("/responses/{id}", "GetResponse", Named("Response")),
            Get("/movie/{id}/credits", "GetMovieCredits", Named("Credits")));
        var r = Normalize(model);
        Assert.Null(r.Mapping);
        Assert.Equal("UG0007", Assert.Single(r.Issues).DescriptorId);
    }

    [Fact]
    public void The_explanation_names_the_field_rule_and_confidence_of_every_headline_figure()
    {
        var t = Object("Usage", Prop("plan", Text), Prop("credits_used", Int), Prop("credits_limit", Int), Prop("resets_at", Instant));
        var u = Normalize(Provider(new[] { t }, Get("/usage", "GetUsage", Named("Usage")))).Mapping!;
        Assert.Equal(new[]
        {
            new ExplainedFigure("plan", "plan", "PlanByName", Confidence.High),
            new ExplainedFigure("creditsUsed", "credits_used", "RoleByHeadWord", Confidence.High),
            new ExplainedFigure("creditsLimit", "credits_limit", "RoleByHeadWord", Confidence.High),
            new ExplainedFigure("resetsAt", "resets_at", "ResetByName", Confidence.High),
        }, u.Explained.ToArray());
        // An override says so.
        var o = Normalize(Provider(new[] { t }, Get("/usage", "GetUsage", Named("Usage"))),
            Override("/paths/~1usage/get", fields: new FieldOverride("limit", "credits_used", "/p"))).Mapping!;
        Assert.Contains(new ExplainedFigure("creditsLimit", "credits_used", "x-usagegen", Confidence.Override), o.Explained);
    }

    [Fact]
    public void The_stage_output_is_value_equal_for_an_equal_model()
    {
        ProviderModel Build() => Provider(new[] { Usage }, Get("/usage", "GetUsage", Named("Usage")));
        Assert.Equal(Normalize(Build()), Normalize(Build()));
    }
}

public class OperationBoundTests
{
    [Theory]
    // Nothing it says can make up for what its fields could add at most: its body is never read.
    [InlineData("POST", "/v1/charges", "createCharge", false)]
    [InlineData("DELETE", "/v1/customers/{id}", "deleteCustomer", false)]
    // A GET, or a name that says usage, could still reach the minimum with figures.
    [InlineData("GET", "/v1/customers", "listCustomers", true)]
    [InlineData("POST", "/v1/usage", "getUsage", true)]
    public void An_operation_whose_words_cannot_reach_the_minimum_is_not_read(string method, string path, string name, bool read)
    {
        var op = Hand.Operation(method, path, name, null);
        Assert.Equal(read, OperationSignals.MostItCouldScore(op) >= Weights.MinOperationScore);
    }
}
