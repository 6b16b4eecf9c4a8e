package io.fleetdeck.console.broker.auth;

/** What an authenticated client may do on the broker; see {@link TopicPolicy}. */
public enum ClientRole {
    /** The console's window or its {@code deploy} command: the whole fleet's topics. */
    CONSOLE,
    /** An adopted device with the password the console issued: its own topics and its commands. */
    DEVICE,
    /**
     * A device that is not adopted yet: it may show itself (info, status, telemetry, events) and hear only the
     * adoption command, so it can be seen and adopted but never sent firmware or commands.
     */
    NEW_DEVICE
}
