package io.fleetdeck.console.rollout;

import io.fleetdeck.console.mqtt.BrokerConnectionException;
import io.fleetdeck.console.mqtt.DeviceDidNotAnswerException;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.InstallFailure;

import java.util.concurrent.CompletionException;

/** How pre-flight and the launcher read a device's answer to a command, or its lack of one. */
final class DeviceAnswers {
    private DeviceAnswers() {
    }

    /** The failure a refusal names; BAD_REQUEST when it names none the console knows. */
    static InstallFailure refusalCode(CommandResponse answer) {
        return InstallFailure.of(answer.data().get(Commands.REASON)).orElse(InstallFailure.BAD_REQUEST);
    }

    /**
     * A message for people: the messages of a timeout or a lost broker already say what happened; anything else is
     * unexpected, so its type goes with it.
     */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DeviceDidNotAnswerException || cause instanceof BrokerConnectionException) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
