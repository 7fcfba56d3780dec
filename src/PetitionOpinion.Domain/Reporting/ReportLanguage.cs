namespace PetitionOpinion.Reporting;

/// <summary>The languages the library's reports are written in (closure reports, statistics, readiness).</summary>
public enum ReportLanguage
{
    /// <summary>English (<c>en</c>).</summary>
    English = 1,

    /// <summary>Simplified Chinese (<c>zh-CN</c>).</summary>
    Chinese = 2,
}
