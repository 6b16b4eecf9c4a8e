package io.fleetdeck.console.ui;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The failure a future completed with, as the operator should read it: the cause, not its wrapper, and a message
 * even for a failure without one (a bug, not an operator mistake, still says what it was).
 */
public final class Failures {
    private Failures() {
    }

    public static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    public static String message(Throwable failure) {
        Throwable cause = cause(failure);
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
