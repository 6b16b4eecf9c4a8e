package io.fleetdeck.console.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times {@code fleetdeck export} takes: {@code now}; relative to now ({@code -30m}, {@code -1h}, {@code -7d},
 * also {@code ms}, {@code s}, {@code w}); an ISO-8601 instant or offset date-time ({@code 2026-11-01T08:00:00Z},
 * {@code …+01:00}); a local date-time or date in the machine's zone ({@code 2026-11-01T08:00}, {@code 2026-11-01},
 * the date meaning its first millisecond); or epoch milliseconds.
 */
final class ExportTimes {
    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})(ms|s|m|h|d|w)");
    private static final Pattern EPOCH_MS = Pattern.compile("\\d{1,15}");

    private ExportTimes() {
    }

    /** Epoch milliseconds of {@code text}; {@link IllegalArgumentException} with the accepted forms when it is none. */
    static long parse(String text, Instant now, ZoneId zone) {
        String value = text.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("now")) {
            return now.toEpochMilli();
        }
        Matcher relative = RELATIVE.matcher(lower);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            long unitMs = switch (relative.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                default -> 7 * 86_400_000L;
            };
            return now.toEpochMilli() - amount * unitMs;
        }
        if (EPOCH_MS.matcher(value).matches()) {
            return Long.parseLong(value);
        }
        String iso = value.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeException notOffset) {
            // try the forms without an offset below
        }
        try {
            return LocalDateTime.parse(iso).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException notLocal) {
            // try a date
        }
        try {
            return LocalDate.parse(iso).atStartOfDay(zone).toInstant().toEpochMilli();
        } catch (DateTimeException notDate) {
            throw new IllegalArgumentException("not a time: '" + text + "' (use e.g. now, -30m, -1h, -7d, "
                    + "2026-11-01T08:00:00Z, 2026-11-01T08:00 or 2026-11-01 in the local zone, or epoch ms)");
        }
    }
}
