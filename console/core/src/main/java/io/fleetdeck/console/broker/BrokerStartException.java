package io.fleetdeck.console.broker;

/** The embedded broker did not start, e.g. because another process listens on its port. */
public final class BrokerStartException extends RuntimeException {
    private final String bindAddress;
    private final int port;

    public BrokerStartException(String bindAddress, int port, String reason, Throwable cause) {
        super("cannot start the MQTT broker on " + bindAddress + ":" + port + ": " + reason, cause);
        this.bindAddress = bindAddress;
        this.port = port;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }
}
