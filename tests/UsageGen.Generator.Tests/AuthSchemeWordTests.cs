using UsageGen.Generator.Parsing;
using Xunit;

namespace UsageGen.Generator.Tests;

/// <summary>The scheme word an Authorization apiKey scheme shows in its description, as real providers write it.</summary>
public class AuthSchemeWordTests
{
    [Theory]
    // DeepL's API reference.
    [InlineData("Authentication with `Authorization` header and `DeepL-Auth-Key` authentication scheme. Example: DeepL-Auth-Key <api-key>", "DeepL-Auth-Key")]
    [InlineData("Send your key as `Authorization: Sweep-Auth-Key <key>`.", "Sweep-Auth-Key")]
    // GitHub's older docs: a lower-case word right after the header.
    [InlineData("Use the header Authorization: token OAUTH-TOKEN_KEY", "token")]
    [InlineData("Authorization: token ${GITHUB_TOKEN}", "token")]
    // Django REST framework style, fal.ai style, Okta style.
    [InlineData("Token-based: `Token <your token>`", "Token")]
    [InlineData("Prefix the key: Key {FAL_KEY}", "Key")]
    [InlineData("Authorization: SSWS {{apiToken}}", "SSWS")]
    [InlineData("Header value: ApiKey YOUR_API_KEY", "ApiKey")]
    [InlineData("Authorization: Bearer <token>", "Bearer")]
    public void A_shown_word_is_read(string description, string word) =>
        Assert.Equal(word, AuthSchemeWord.Read("Authorization", description));

    [Theory]
    [InlineData("Your API key, as is.")]
    [InlineData("Pass your API key in the Authorization header.")]
    [InlineData("Use <b>your key</b> in the header.")]
    [InlineData("Example: <your-key>")]
    [InlineData("")]
    [InlineData(null)]
    public void No_word_means_the_key_goes_raw(string? description) =>
        Assert.Null(AuthSchemeWord.Read("Authorization", description));

    [Fact]
    public void Only_the_Authorization_header_has_a_scheme_word() =>
        Assert.Null(AuthSchemeWord.Read("X-Api-Key", "Send `Token <key>`"));

    [Fact]
    public void The_spec_s_code_samples_give_the_word_when_the_description_shows_none()
    {
        // Stability.ai: an apiKey in Authorization with no description; its x-codeSamples send Bearer (as JSON text).
        var samples = new[]
        {
            "[{\"lang\":\"Shell\",\"source\":\"curl -f -sS \\\"https://api.stability.ai/v1/user/balance\\\" \\\\\\n  -H \\\"Authorization: Bearer $STABILITY_API_KEY\\\"\"}]",
            "[{\"lang\":\"Shell\",\"source\":\"curl -H 'Authorization: Bearer $STABILITY_API_KEY' https://api.stability.ai/v1/engines/list\"}]",
            "[{\"lang\":\"Shell\",\"source\":\"curl -H 'Authorization: Token <key>' https://example.test/other\"}]",
        };
        Assert.Equal("Bearer", AuthSchemeWord.ReadFromSamples("Authorization", samples));
    }

    [Fact]
    public void Samples_without_the_header_or_for_another_header_give_no_word()
    {
        Assert.Null(AuthSchemeWord.ReadFromSamples("Authorization", new[] { "[{\"source\":\"curl https://example.test/?key=$KEY\"}]" }));
        Assert.Null(AuthSchemeWord.ReadFromSamples("X-Api-Key", new[] { "[{\"source\":\"curl -H 'Authorization: Bearer $KEY'\"}]" }));
    }
}
