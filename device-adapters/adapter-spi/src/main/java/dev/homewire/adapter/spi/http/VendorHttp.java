package dev.homewire.adapter.spi.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CallBudget;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.VendorAccount;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP plumbing every adapter of a JSON-over-HTTPS vendor cloud needs, done once and right:
 * bounded calls, typed failures, no leaked secrets. One instance per adapter, thread-safe, over
 * the shared Apache HttpClient 5 (classic) client core hands the adapter in its
 * {@link AdapterContext}.
 *
 * <h2>What a call does</h2>
 * {@link #call(VendorAccount, HttpUriRequestBase, String)}:
 * <ol>
 *   <li>authorizes the request for the account ({@link Auth}, e.g. {@link Auth#bearer a bearer token}
 *       from one of its credentials) and asks for JSON;</li>
 *   <li>bounds it by the call timeout twice over: as the request's connection-request and response
 *       timeouts, and as a hard deadline that cancels the exchange (which also caps retries the
 *       shared client may make);</li>
 *   <li>reads the body (up to {@link #MAX_BODY_CHARS}), the {@code Retry-After} header and when the
 *       answer arrived into an {@link Answer};</li>
 *   <li>turns a non-2xx answer into an {@link AdapterException} (below); a time-out, a cancelled
 *       call, a failed connect or any other I/O failure into {@link Reason#VENDOR_UNAVAILABLE}.</li>
 * </ol>
 * Read bodies with {@link #readJson}: a body that is empty or not JSON is
 * {@link Reason#VENDOR_UNAVAILABLE} too ({@link #unreadable}).
 *
 * <h2>Errors</h2>
 * A non-2xx answer's body is read as the usual vendor error object
 * {@code {"error": "<code>", "message": "<text>"}} (other field names: {@link Builder#errorFields});
 * the exception message is {@code "<what>: <Vendor> answered HTTP <status> <code> (<message>)"},
 * with the account's secret (and those a call names, e.g. a PIN) scrubbed out and vendor text
 * truncated to {@link #MAX_MESSAGE_CHARS}.
 * The reason is the first non-null answer of: the call's own {@link ErrorMapping} (e.g. a 404 on a
 * list endpoint is no missing device, {@link ErrorMapping#NO_DEVICE_ADDRESSED}), the adapter's ({@link Builder#errors}, e.g. 409
 * {@code device_offline} → {@link Reason#DEVICE_OFFLINE}, 422 → {@link Reason#INVALID_VALUE}),
 * then {@link #standardFailure}: 401/403 {@link Reason#CREDENTIALS_EXPIRED}, 404
 * {@link Reason#DEVICE_NOT_FOUND}, 429 {@link Reason#RATE_LIMITED} (naming {@code Retry-After}),
 * 5xx {@link Reason#VENDOR_UNAVAILABLE}, anything else {@link Reason#VENDOR_ERROR}.
 *
 * <pre>{@code
 * http = VendorHttp.builder("Acme", baseUrl, context.httpClient(), context.callTimeout())
 *         .auth(VendorHttp.Auth.bearer("accessToken"))
 *         .errors(f -> f.is(409, "device_offline") ? f.as(Reason.DEVICE_OFFLINE) : null)
 *         .build();
 * VendorHttp.Answer answer = http.call(account, new HttpGet(http.uri("/v1/devices")), "discovery");
 * JsonNode devices = http.readJson(answer, "discovery");
 * }</pre>
 */
public final class VendorHttp {

    /** The most characters of a response body read; a longer body fails the call. */
    public static final int MAX_BODY_CHARS = 1 << 20;
    /** The most characters of vendor text (error codes, messages, Retry-After) put into a message. */
    public static final int MAX_MESSAGE_CHARS = 300;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String vendor;
    private final String baseUrl;
    private final CloseableHttpClient httpClient;
    private final Duration callTimeout;
    private final Auth auth;
    private final ErrorMapping errors;
    private final String codeField;
    private final String messageField;
    private final Logger log;

    private VendorHttp(Builder builder, String baseUrl) {
        this.vendor = builder.vendor;
        this.baseUrl = baseUrl;
        this.httpClient = builder.httpClient;
        this.callTimeout = builder.callTimeout;
        this.auth = builder.auth;
        this.errors = builder.errors;
        this.codeField = builder.codeField;
        this.messageField = builder.messageField;
        this.log = builder.log;
    }

    /** @param vendor the vendor's name as messages show it, e.g. {@code "Lumio"} */
    public static Builder builder(String vendor) {
        return new Builder(vendor);
    }

    /**
     * A builder with what every adapter has: its vendor's name, base URL, the shared client and
     * the call timeout (as an adapter's constructor gets them from its factory).
     */
    public static Builder builder(String vendor, URI baseUrl, CloseableHttpClient httpClient, Duration callTimeout) {
        return new Builder(vendor).baseUrl(baseUrl).httpClient(httpClient).callTimeout(callTimeout);
    }

    /** How a {@link VendorHttp} is made; {@link #baseUrl}, {@link #httpClient} and {@link #callTimeout} are required. */
    public static final class Builder {
        private final String vendor;
        private URI baseUrl;
        private CloseableHttpClient httpClient;
        private Duration callTimeout;
        private Auth auth = Auth.NONE;
        private ErrorMapping errors;
        private String codeField = "error";
        private String messageField = "message";
        private Logger log = LoggerFactory.getLogger(VendorHttp.class);

        private Builder(String vendor) {
            this.vendor = Objects.requireNonNull(vendor, "vendor");
        }

        /**
         * Where the vendor's API lives: an http(s) URL without query or fragment, possibly with a
         * path prefix; trailing slashes are dropped. {@link #build()} refuses others with an
         * {@link IllegalArgumentException}.
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** The shared client from {@link AdapterContext#httpClient()}; never closed here. */
        public Builder httpClient(CloseableHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Upper bound of one call, {@link AdapterContext#callTimeout()}; must be positive. */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /** How requests are authorized for an account; default: not at all. */
        public Builder auth(Auth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * The adapter's own status mapping, asked before {@link VendorHttp#standardFailure} (and
         * after a call's own): returns the exception for the failures it knows, null for the rest.
         */
        public Builder errors(ErrorMapping errors) {
            this.errors = errors;
            return this;
        }

        /** The fields of the vendor's error body holding the error code and message; default {@code error}, {@code message}. */
        public Builder errorFields(String codeField, String messageField) {
            this.codeField = Objects.requireNonNull(codeField, "codeField");
            this.messageField = Objects.requireNonNull(messageField, "messageField");
            return this;
        }

        /** Where calls are logged (at debug: method, path, status, time); default this class's logger. */
        public Builder logger(Logger log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * @throws NullPointerException     when the base URL, client or call timeout is missing
         * @throws IllegalArgumentException when the base URL is no http(s) URL without query, or
         *                                  the call timeout is not positive
         */
        public VendorHttp build() {
            String url = normalizedBaseUrl(vendor, baseUrl);
            Objects.requireNonNull(httpClient, "httpClient");
            Objects.requireNonNull(callTimeout, "callTimeout");
            if (callTimeout.isNegative() || callTimeout.isZero()) {
                throw new IllegalArgumentException("callTimeout must be positive");
            }
            return new VendorHttp(this, url);
        }
    }

    private static String normalizedBaseUrl(String vendor, URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null
                || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException(vendor + " base URL must be an http(s) URL without query: " + baseUrl);
        }
        String url = baseUrl.toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    // ------------------------------------------------------------------ types

    /** A vendor's 2xx answer: status, body text, {@code Retry-After} (or null), and when it arrived. */
    public record Answer(int status, String body, String retryAfter, Instant receivedAt) {
    }

    /**
     * A non-2xx answer, as an {@link ErrorMapping} sees it.
     *
     * @param status     the HTTP status
     * @param code       the error code of the body ({@code "error"} field), or {@code ""}
     * @param body       the parsed body (a missing node when it was no JSON), for further fields such as a range
     * @param message    the finished exception message: what was attempted, status, code and
     *                   vendor message, secret scrubbed, vendor text truncated
     * @param retryAfter the {@code Retry-After} header, or null
     */
    public record Failure(int status, String code, JsonNode body, String message, String retryAfter) {
        /** Whether this is the given status with the given error code. */
        public boolean is(int status, String code) {
            return this.status == status && this.code.equals(code);
        }

        /** An exception of this reason with the {@link #message}. */
        public AdapterException as(Reason reason) {
            return new AdapterException(reason, message);
        }
    }

    /** Maps a vendor's failure answer to an exception; null leaves it to the next mapping. */
    @FunctionalInterface
    public interface ErrorMapping {
        /**
         * For a call whose path names no device (e.g. the list of the account's devices): a 404
         * there is no missing device but a wrong path (a base URL pointing elsewhere), so
         * {@link Reason#VENDOR_ERROR}.
         */
        ErrorMapping NO_DEVICE_ADDRESSED = failure -> failure.status() == 404 ? failure.as(Reason.VENDOR_ERROR) : null;

        AdapterException map(Failure failure);
    }

    /** Makes the exception of a range error: the failure and the range its body names. */
    @FunctionalInterface
    public interface RangeError {
        AdapterException map(Failure failure, double min, double max);
    }

    /** Authorizes a request for a vendor account. */
    @FunctionalInterface
    public interface Auth {
        /** No authorization at all. */
        Auth NONE = (account, request) -> null;

        /**
         * Sets the headers that authorize the request for the account.
         *
         * @return the secret sent, which is then scrubbed from every message; null if none
         * @throws AdapterException e.g. {@link Reason#CREDENTIALS_EXPIRED} when the account lacks the credential
         */
        String authorize(VendorAccount account, HttpRequest request);

        /** {@code Authorization: Bearer <credential>}, from the account's credential of that name. */
        static Auth bearer(String credentialName) {
            Objects.requireNonNull(credentialName, "credentialName");
            return (account, request) -> {
                String token = account.credential(credentialName);
                request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
                return token;
            };
        }

        /** {@code <header>: <credential>}, e.g. an API key header. */
        static Auth header(String headerName, String credentialName) {
            Objects.requireNonNull(headerName, "headerName");
            Objects.requireNonNull(credentialName, "credentialName");
            return (account, request) -> {
                String secret = account.credential(credentialName);
                request.setHeader(headerName, secret);
                return secret;
            };
        }
    }

    // ------------------------------------------------------------------ calls

    /** The vendor's name, as messages show it. */
    public String vendor() {
        return vendor;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    /** The base URL followed by {@code pathAndQuery} (which starts with {@code /}; encode ids with {@link #pathSegment}). */
    public URI uri(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    /** {@link #call(VendorAccount, HttpUriRequestBase, String, ErrorMapping)} without a mapping of its own. */
    public Answer call(VendorAccount account, HttpUriRequestBase request, String what) {
        return call(account, request, what, null);
    }

    /**
     * Performs one call within the call timeout.
     *
     * @param what    what is attempted, for messages (e.g. {@code "state query of Acme device d1"})
     * @param mapping this call's own error mapping, asked first; null for none
     * @return the 2xx answer
     * @throws AdapterException for a non-2xx answer (see the class comment), and
     *                          {@link Reason#VENDOR_UNAVAILABLE} when no answer came in time or at all
     */
    public Answer call(VendorAccount account, HttpUriRequestBase request, String what, ErrorMapping mapping) {
        return exchange(account, request, what, mapping, List.of());
    }

    /**
     * {@link #call(VendorAccount, HttpUriRequestBase, String, ErrorMapping)} of a request that
     * carries secrets besides the account's (e.g. a disarm PIN in its body): they are scrubbed from
     * every message too, should the vendor ever echo them; null ones are ignored. The error
     * mappings see the scrubbed message.
     */
    public Answer call(VendorAccount account, HttpUriRequestBase request, String what, ErrorMapping mapping, String... secrets) {
        return exchange(account, request, what, mapping, Arrays.asList(secrets));
    }

    private Answer exchange(VendorAccount account, HttpUriRequestBase request, String what, ErrorMapping mapping,
                            List<String> secrets) {
        Duration limit = CallBudget.cap(callTimeout);
        if (limit.toMillis() < 1) {
            throw new AdapterException(Reason.VENDOR_UNAVAILABLE, what + ": no time left before the answer is due; not called");
        }
        String secret = auth.authorize(account, request);
        request.setHeader(HttpHeaders.ACCEPT, ContentType.APPLICATION_JSON.getMimeType());
        Timeout timeout = Timeout.of(limit);
        request.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setResponseTimeout(timeout)
                .build());
        long started = System.nanoTime();
        ScheduledFuture<?> deadline = Deadlines.EXECUTOR.schedule(request::cancel, limit.toNanos(), TimeUnit.NANOSECONDS);
        Answer answer;
        try {
            answer = httpClient.execute(request, VendorHttp::read);
        } catch (IOException e) {
            long elapsed = millisSince(started);
            String problem;
            if (request.isCancelled() || e instanceof SocketTimeoutException) {
                problem = "no answer within " + limit.toMillis() + " ms";
            } else if (e instanceof ConnectTimeoutException) {
                problem = "could not connect in time";
            } else {
                problem = "cloud unreachable (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + scrubAll(scrub(e.getMessage(), secret), secrets)) + ")";
            }
            log.debug("{} {} {} failed after {} ms: {}", vendor, request.getMethod(), request.getPath(), elapsed, problem);
            throw new AdapterException(Reason.VENDOR_UNAVAILABLE, what + ": " + problem, e);
        } finally {
            deadline.cancel(false);
        }
        log.debug("{} {} {} -> {} in {} ms", vendor, request.getMethod(), request.getPath(), answer.status(), millisSince(started));
        if (answer.status() / 100 != 2) {
            throw failure(answer, what, secret, secrets, mapping);
        }
        return answer;
    }

    /**
     * A {@code Retry-After} value (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) as a wait from
     * {@code now}; null when absent or unreadable.
     */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 3600));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Answer read(ClassicHttpResponse response) throws IOException {
        String text;
        try {
            text = response.getEntity() == null ? ""
                    : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8, MAX_BODY_CHARS);
        } catch (ParseException e) {
            throw new IOException("unreadable response body", e);
        }
        Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        return new Answer(response.getCode(), text, retryAfter == null ? null : retryAfter.getValue(), Instant.now());
    }

    private AdapterException failure(Answer answer, String what, String secret, List<String> secrets, ErrorMapping mapping) {
        int status = answer.status();
        JsonNode error = parseQuietly(answer.body());
        String code = error.path(codeField).asText("");
        String vendorMessage = scrub(error.path(messageField).asText(""), secret);
        String message = scrubAll(what + ": " + vendor + " answered HTTP " + status
                + (code.isEmpty() ? "" : " " + truncate(code))
                + (vendorMessage.isEmpty() ? "" : " (" + truncate(vendorMessage) + ")"), secrets);
        Failure failure = new Failure(status, code, error, message, answer.retryAfter());
        for (ErrorMapping candidate : new ErrorMapping[] {mapping, errors}) {
            AdapterException mapped = candidate == null ? null : candidate.map(failure);
            if (mapped != null) {
                return mapped;
            }
        }
        return standardFailure(failure);
    }

    /**
     * The mapping every vendor gets unless it says otherwise: 401/403
     * {@link Reason#CREDENTIALS_EXPIRED}, 404 {@link Reason#DEVICE_NOT_FOUND}, 429
     * {@link Reason#RATE_LIMITED} (the message naming {@code Retry-After}), 5xx
     * {@link Reason#VENDOR_UNAVAILABLE}, anything else {@link Reason#VENDOR_ERROR}.
     */
    public static AdapterException standardFailure(Failure failure) {
        int status = failure.status();
        if (status == 401 || status == 403) {
            return failure.as(Reason.CREDENTIALS_EXPIRED);
        }
        if (status == 404) {
            return failure.as(Reason.DEVICE_NOT_FOUND);
        }
        if (status == 429) {
            return new AdapterException(Reason.RATE_LIMITED, failure.message()
                    + (failure.retryAfter() == null ? "" : "; retry after " + truncate(failure.retryAfter()) + " s"))
                    .retryAfter(retryAfter(failure.retryAfter(), Instant.now()));
        }
        if (status >= 500) {
            return failure.as(Reason.VENDOR_UNAVAILABLE);
        }
        return failure.as(Reason.VENDOR_ERROR);
    }

    /**
     * The rule of the vendors that answer a refused value with {@code 422}: {@code value_out_of_range}
     * whose body names a numeric {@code min} and {@code max} is
     * {@link AdapterException#valueOutOfRange} with that range, any other 422
     * {@link Reason#INVALID_VALUE}; null for other statuses (for an adapter's {@link Builder#errors}).
     */
    public static AdapterException unprocessable(Failure failure) {
        return unprocessable(failure, (refused, min, max) -> AdapterException.valueOutOfRange(refused.message(), min, max));
    }

    /** {@link #unprocessable(Failure)} with the range error made by {@code rangeError} (e.g. in a setpoint's scale). */
    public static AdapterException unprocessable(Failure failure, RangeError rangeError) {
        if (failure.status() != 422) {
            return null;
        }
        JsonNode error = failure.body();
        if (failure.code().equals("value_out_of_range") && error.path("min").isNumber() && error.path("max").isNumber()) {
            return rangeError.map(failure, error.path("min").doubleValue(), error.path("max").doubleValue());
        }
        return failure.as(Reason.INVALID_VALUE);
    }

    // ------------------------------------------------------------------ bodies

    /**
     * The answer's body as JSON.
     *
     * @throws AdapterException {@link Reason#VENDOR_UNAVAILABLE} when it is empty or no JSON
     */
    public JsonNode readJson(Answer answer, String what) {
        try {
            JsonNode node = MAPPER.readTree(answer.body());
            if (node == null || node.isMissingNode()) {
                throw unreadable(what, "empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw unreadable(what, "not JSON");
        }
    }

    /**
     * The array {@code field} of a JSON object answer, e.g. the devices of a list answer.
     *
     * @param problem the detail of the failure when there is no such array
     * @throws AdapterException {@link #unreadable} with {@code problem} when the field is no array
     */
    public JsonNode arrayField(JsonNode body, String field, String what, String problem) {
        JsonNode array = body.path(field);
        if (!array.isArray()) {
            throw unreadable(what, problem);
        }
        return array;
    }

    /**
     * The id of the operation a {@code 202} answer accepted: the non-blank string {@code field} of
     * its JSON body.
     *
     * @param missing the detail of the failure when the body holds no such id
     * @throws AdapterException {@link #unreadable}: when the body is empty or no JSON, or with
     *                          {@code missing} when it holds no id
     */
    public String acceptedId(Answer answer, String field, String what, String missing) {
        JsonNode id = readJson(answer, what).path(field);
        if (!id.isTextual() || id.asText().isBlank()) {
            throw unreadable(what, missing);
        }
        return id.asText();
    }

    /**
     * A 2xx answer the adapter cannot make sense of: {@link Reason#VENDOR_UNAVAILABLE} (a vendor
     * fault, worth a retry), {@code "<what>: unreadable answer from <Vendor> (<detail>)"}.
     */
    public AdapterException unreadable(String what, String detail) {
        return new AdapterException(Reason.VENDOR_UNAVAILABLE, what + ": unreadable answer from " + vendor + " (" + detail + ")");
    }

    private static JsonNode parseQuietly(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MAPPER.missingNode() : node;
        } catch (JsonProcessingException e) {
            return MAPPER.missingNode();
        }
    }

    // ------------------------------------------------------------------ text

    /** One percent-encoded URL path segment (a space as {@code %20}). */
    public static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Vendor text cut to {@link #MAX_MESSAGE_CHARS}, marked with {@code …} when cut. */
    public static String truncate(String text) {
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    /** The text with every occurrence of the secret replaced by {@code ***}. */
    public static String scrub(String text, String secret) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    private static String scrubAll(String text, List<String> secrets) {
        String scrubbed = text;
        for (String secret : secrets) {
            scrubbed = scrub(scrubbed, secret);
        }
        return scrubbed;
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** One daemon thread that cancels calls exceeding their deadline. */
    private static final class Deadlines {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "vendor-call-deadline");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
