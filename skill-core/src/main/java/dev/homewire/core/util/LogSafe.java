package dev.homewire.core.util;

/**
 * Values from outside (a directive's header fields, ids, messages built from them) as they may go
 * into a log line: one line, printable, short. Anyone can send the entrypoint a directive, so a
 * {@code messageId} with a newline must not forge a second log line, and a 100 KB field must not
 * fill the log.
 *
 * <p>Escaped as {@code \n}, {@code \r}, {@code \t}, {@code \\} and {@code \}{@code uXXXX} for every other
 * control character (C0, DEL, C1), the line and paragraph separators U+2028/U+2029, lone
 * surrogates and U+FFFE/U+FFFF; then cut after {@value #MAX_CHARS} characters with a note of how many
 * were left out. Never throws; {@code null} stays {@code null}.
 */
public final class LogSafe {
    /** Characters of the value kept in a log line. */
    public static final int MAX_CHARS = 200;

    private LogSafe() {
    }

    /** The value escaped to one printable line and cut at {@value #MAX_CHARS} characters. */
    public static String value(String value) {
        return value(value, MAX_CHARS);
    }

    /** The value escaped to one printable line and cut at {@code maxChars} characters of the original. */
    public static String value(String value, int maxChars) {
        if (value == null) {
            return null;
        }
        int keep = Math.min(value.length(), Math.max(0, maxChars));
        if (keep > 0 && keep < value.length() && Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--; // never cut a surrogate pair in two
        }
        StringBuilder out = null;
        for (int i = 0; i < keep; i++) {
            char c = value.charAt(i);
            String escaped = escape(value, i, c);
            if (escaped != null && out == null) {
                out = new StringBuilder(keep + 16).append(value, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        if (out == null && keep == value.length()) {
            return value;
        }
        if (out == null) {
            out = new StringBuilder(keep + 32).append(value, 0, keep);
        }
        if (keep < value.length()) {
            out.append("…(").append(value.length() - keep).append(" more chars)");
        }
        return out.toString();
    }

    /** Any value's {@code toString()}, made log-safe. */
    public static String value(Object value) {
        return value == null ? null : value(String.valueOf(value));
    }

    private static String escape(String value, int i, char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            default:
                break;
        }
        boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || c == '\uFFFE' || c == '\uFFFF';
        boolean loneSurrogate = Character.isHighSurrogate(c)
                ? i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))
                : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
        return control || loneSurrogate ? String.format("\\u%04X", (int) c) : null;
    }
}
