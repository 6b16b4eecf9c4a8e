package io.fleetdeck.console.export;

/**
 * Text fields for the console's CSV files. Text that starts like a formula gets a leading {@code '}: reasons and
 * messages come from devices and operators, and a spreadsheet would run {@code =HYPERLINK(…)} in a cell as a
 * formula (OWASP "CSV injection"). Numbers are written by their callers, never through here, so a negative reading
 * stays a number.
 */
public final class CsvFields {
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvFields() {
    }

    /** {@code text} as one CSV field: defused when it starts like a formula, quoted as RFC 4180 asks when needed. */
    public static String text(String text) {
        String safe = !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + safe.replace("\"", "\"\"") + '"';
            }
        }
        return safe;
    }
}
