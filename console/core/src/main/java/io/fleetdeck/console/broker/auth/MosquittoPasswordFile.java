package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;

import java.util.Map;
import java.util.TreeMap;

/**
 * The Mosquitto {@code password_file}: one {@code user:$7$…} line for the console role and one per adopted device,
 * the same PBKDF2-SHA512 hashes the console keeps, so no password is ever written here.
 */
public final class MosquittoPasswordFile {
    private MosquittoPasswordFile() {
    }

    /** The file's text: the console first, then the devices by id. */
    public static String render(PasswordHash console, Map<DeviceId, PasswordHash> devices) {
        StringBuilder passwd = new StringBuilder();
        line(passwd, BrokerAccounts.CONSOLE_USER, console);
        for (Map.Entry<DeviceId, PasswordHash> device : new TreeMap<>(devices).entrySet()) {
            line(passwd, device.getKey().value(), device.getValue());
        }
        return passwd.toString();
    }

    private static void line(StringBuilder passwd, String user, PasswordHash hash) {
        passwd.append(user).append(':').append(hash.encoded()).append('\n');
    }
}
