using PetitionOpinion.Notifications;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>The traditional-to-simplified table derived from OpenCC: a few known pairs, pinned.</summary>
public sealed class HanVariantsTests
{
    [Theory]
    [InlineData('紅', '红')]
    [InlineData('張', '张')]
    [InlineData('陳', '陈')]
    [InlineData('劉', '刘')]
    [InlineData('黃', '黄')]
    [InlineData('吳', '吴')]
    [InlineData('鄭', '郑')]
    [InlineData('趙', '赵')]
    [InlineData('歐', '欧')]
    [InlineData('陽', '阳')]
    [InlineData('麗', '丽')]
    [InlineData('偉', '伟')]
    public void ToSimplified_TraditionalCharacter_GivesTheSimplifiedOne(char traditional, char simplified)
        => Assert.Equal(simplified, HanVariants.ToSimplified(traditional));

    [Theory]
    [InlineData('红')]
    [InlineData('林')]
    [InlineData('a')]
    [InlineData('1')]
    public void ToSimplified_SimplifiedOrOtherCharacter_IsItself(char c)
        => Assert.Equal(c, HanVariants.ToSimplified(c));

    [Fact]
    public void Count_WholeSingleCharacterTable_HasThousandsOfPairs()
        => Assert.InRange(HanVariants.Count, 2_500, 4_000);
}
