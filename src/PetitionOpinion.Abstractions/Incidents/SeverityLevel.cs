namespace PetitionOpinion.Incidents;

/// <summary>
/// The severity level (事件等级) on the national four-grade convention: <see cref="I"/> is the most severe.
/// Numerically smaller is more severe.
/// </summary>
public enum SeverityLevel
{
    /// <summary>I — especially major (特别重大), red (红).</summary>
    I = 1,

    /// <summary>II — major (重大), orange (橙).</summary>
    II = 2,

    /// <summary>III — relatively major (较大), yellow (黄).</summary>
    III = 3,

    /// <summary>IV — general (一般), blue (蓝).</summary>
    IV = 4,
}
