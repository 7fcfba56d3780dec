namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// A webhook did not accept a notification: an HTTP status other than 2xx, a platform's error code in a 200 answer
/// (<c>errcode</c> of WeCom and DingTalk, <c>code</c> of Feishu), an answer that is not the platform's, or a request that
/// could not be sent. The dispatcher counts the attempt as failed and retries it through the outbox.
/// </summary>
/// <remarks>
/// The message names the channel, the status and the platform's code and message — never the URL (it carries the
/// robot's key), the secret, or what was posted.
/// </remarks>
public sealed class WebhookDeliveryException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WebhookDeliveryException"/> class.</summary>
    public WebhookDeliveryException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WebhookDeliveryException"/> class.</summary>
    /// <param name="message">The message.</param>
    public WebhookDeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WebhookDeliveryException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WebhookDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WebhookDeliveryException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status of the answer, if there was one.</param>
    /// <param name="errorCode">The platform's error code, if it gave one.</param>
    public WebhookDeliveryException(string message, int? statusCode, string? errorCode)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>Gets the HTTP status of the answer; <see langword="null"/> when there was none (the request could not be sent).</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the platform's error code (<c>errcode</c>, <c>code</c>); <see langword="null"/> when it gave none.</summary>
    public string? ErrorCode { get; }
}
