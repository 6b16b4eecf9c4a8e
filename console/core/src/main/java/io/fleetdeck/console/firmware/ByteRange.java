package io.fleetdeck.console.firmware;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of a file of known size, from an HTTP {@code Range} header.
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** What a {@code Range} header asks of a file of {@code size} bytes. */
    sealed interface Request permits Whole, Part, Unsatisfiable {
    }

    /** No header, or one we do not serve (several ranges, other units): RFC 9110 lets us send the whole file. */
    record Whole() implements Request {
    }

    record Part(ByteRange range) implements Request {
    }

    /** The range starts past the end: 416. */
    record Unsatisfiable() implements Request {
    }

    static Request parse(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return new Whole();
        }
        Matcher matcher = SINGLE.matcher(header.get().strip());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return new Whole();
        }
        try {
            if (matcher.group(1).isEmpty()) {
                // bytes=-K: the last K bytes
                long suffix = Long.parseLong(matcher.group(2));
                if (suffix == 0 || size == 0) {
                    return new Unsatisfiable();
                }
                return new Part(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(matcher.group(1));
            if (first >= size) {
                return new Unsatisfiable();
            }
            long last = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(matcher.group(2)));
            return last < first ? new Whole() : new Part(new ByteRange(first, last));
        } catch (NumberFormatException tooLong) {
            return new Whole();
        }
    }
}
