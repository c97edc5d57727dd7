using System.Linq;

namespace UsageGen.Generator.Normalization.FieldRoles;

/// <summary>
/// A page size is not a quota: a <c>limit</c> (or <c>page_size</c>, <c>per_page</c>) beside <c>offset</c>, <c>page</c>
/// or a cursor (Hunter's domain-search <c>meta.limit</c>, any search API's paging block). Fields that set a request
/// are not quotas either (an AI response's <c>max_output_tokens</c>).
/// </summary>
internal sealed class PageSizeIsNoFigure : IFieldRoleRule
{
    public string Name => "PageSizeIsNoFigure";

    public bool TryMatch(Field f, out RoleMatch match)
    {
        match = new RoleMatch(FieldRole.None);
        var pageSize = f.Name.All(Lexicon.PageSize.Contains) && f.SiblingWords.Overlaps(Lexicon.Pagination);
        var setting = f.NameWords.Overlaps(Lexicon.RequestSetting);
        return pageSize || setting;
    }
}
