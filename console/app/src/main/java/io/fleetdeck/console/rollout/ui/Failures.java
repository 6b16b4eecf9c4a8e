package io.fleetdeck.console.rollout.ui;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure a future completed with, as the operator should read it: the cause, not its wrapper. */
final class Failures {
    private Failures() {
    }

    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String message(Throwable failure) {
        Throwable cause = cause(failure);
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
