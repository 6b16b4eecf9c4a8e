package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;

import java.util.Objects;
import java.util.Optional;

/**
 * Decides who a connecting client is from its client id, user name and password. The rules:
 * <ul>
 *   <li>no user name: refused, the broker is not anonymous;</li>
 *   <li>{@value BrokerAccounts#CONSOLE_USER} with the console's password: the console, whose client ids start
 *       {@code fleetdeck-} (window) or {@code deploy-} (the CLI), so it can never take over a device's session;</li>
 *   <li>a device id as user name and the same client id: an adopted device must give its password; a device nobody
 *       adopted comes in without one as {@link ClientRole#NEW_DEVICE};</li>
 *   <li>device ids starting like console client ids are refused, so neither can knock the other off.</li>
 * </ul>
 */
public final class ClientAdmission {
    private static final String[] CONSOLE_PREFIXES = {"fleetdeck-", "deploy-"};

    private final BrokerAccounts accounts;

    public ClientAdmission(BrokerAccounts accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    public Admission decide(String clientId, Optional<String> user, Optional<String> password) {
        if (user.isEmpty() || user.get().isEmpty()) {
            return Admission.notAuthorized("anonymous clients are refused: connect with a user name (a device:"
                    + " its id)");
        }
        String name = user.get();
        if (BrokerAccounts.CONSOLE_USER.equals(name)) {
            if (password.isEmpty() || !accounts.consolePassword().matches(password.get())) {
                return Admission.badCredentials("wrong password for " + name);
            }
            if (!isConsoleClientId(clientId)) {
                return Admission.notAuthorized("a console's client id starts with fleetdeck- or deploy-, not "
                        + quote(clientId));
            }
            return Admission.admitted(ClientRole.CONSOLE);
        }
        DeviceId device;
        try {
            device = DeviceId.of(name);
        } catch (IllegalArgumentException e) {
            return Admission.badCredentials("user " + quote(name) + " is neither the console nor a device id");
        }
        if (isConsoleClientId(name)) {
            return Admission.notAuthorized("device ids starting with fleetdeck- or deploy- are reserved for consoles");
        }
        if (!name.equals(clientId)) {
            return Admission.notAuthorized("a device connects with its id as client id (user " + quote(name)
                    + ", client id " + quote(clientId) + ")");
        }
        Optional<PasswordHash> issued = accounts.devicePassword(device);
        if (issued.isEmpty()) {
            // An impostor can claim only an id nobody adopted; its tile says "not adopted" and it hears no commands.
            return password.filter(p -> !p.isEmpty()).isPresent()
                    ? Admission.badCredentials(device + " is not adopted by this console, so it has no password here")
                    : Admission.admitted(ClientRole.NEW_DEVICE);
        }
        if (password.isEmpty() || !issued.get().matches(password.get())) {
            return Admission.badCredentials(device + " is adopted and must give the password it was issued");
        }
        return Admission.admitted(ClientRole.DEVICE);
    }

    static boolean isConsoleClientId(String clientId) {
        for (String prefix : CONSOLE_PREFIXES) {
            if (clientId.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String text) {
        return "\"" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "\"";
    }
}
