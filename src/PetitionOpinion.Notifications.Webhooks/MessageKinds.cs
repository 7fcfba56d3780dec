namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>The message a WeCom (企业微信) group robot posts.</summary>
public enum WeComMessageKind
{
    /// <summary><c>msgtype: text</c>: plain text, at most 2,048 bytes of UTF-8 (longer text is cut).</summary>
    Text = 0,

    /// <summary><c>msgtype: markdown</c>: the subject in bold and the text quoted, at most 4,096 bytes of UTF-8 (longer text is cut).</summary>
    Markdown = 1,
}

/// <summary>The message a DingTalk (钉钉) custom robot posts.</summary>
public enum DingTalkMessageKind
{
    /// <summary><c>msgtype: text</c>: plain text.</summary>
    Text = 0,

    /// <summary><c>msgtype: markdown</c>: the subject as the title (the preview in the conversation list) and a heading, the text as paragraphs.</summary>
    Markdown = 1,
}

/// <summary>The message a Feishu/Lark (飞书) custom bot posts.</summary>
public enum FeishuMessageKind
{
    /// <summary><c>msg_type: text</c>: plain text.</summary>
    Text = 0,

    /// <summary><c>msg_type: post</c>: rich text with the subject as its title and one paragraph per line of the text.</summary>
    Post = 1,
}

/// <summary>Who reads what a <see cref="SignedWebhookChannel"/> posts, which decides what it may post.</summary>
public enum SignedWebhookAudience
{
    /// <summary>
    /// Several people read the receiver's messages (a chat, a shared queue, a wall screen): like a chat robot, the
    /// channel posts only notifications addressed to its <see cref="SignedWebhookOptions.Recipients"/>, once per
    /// occasion, with the text as an outsider reads it, and never where the person complained about reads.
    /// </summary>
    Group = 0,

    /// <summary>
    /// The receiver hands each notification to its recipient alone (the company's messaging gateway, an SMS or e-mail
    /// relay): the channel posts every notification as it is, with its recipient and the text fitted to them (the
    /// petitioner's details included for the petition handling and leading groups), one request per notification.
    /// </summary>
    Recipient = 1,
}
