package dev.homewire.adapter.spi;

/**
 * A webhook delivery that must change nothing: unsigned, forged or stale (HTTP 401), or
 * malformed (HTTP 400).
 */
public class WebhookRejectedException extends Exception {
    private final int httpStatus;

    public WebhookRejectedException(int httpStatus, String message) {
        super(message);
        if (httpStatus != 400 && httpStatus != 401) {
            throw new IllegalArgumentException("a rejected webhook answers 400 or 401");
        }
        this.httpStatus = httpStatus;
    }

    public static WebhookRejectedException unauthorized(String message) {
        return new WebhookRejectedException(401, message);
    }

    public static WebhookRejectedException malformed(String message) {
        return new WebhookRejectedException(400, message);
    }

    public int httpStatus() {
        return httpStatus;
    }
}
