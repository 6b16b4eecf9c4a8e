package io.fleetdeck.console.export;

/** The export was cancelled (flag or interrupt) before it finished; an export into a file left no file behind. */
public final class ExportCancelledException extends RuntimeException {
    private final long written;

    public ExportCancelledException(long written) {
        super("export cancelled after " + written + " readings");
        this.written = written;
    }

    public long written() {
        return written;
    }
}
