package io.fleetdeck.console.mqtt;

/** The console could not talk to its MQTT broker; carries the broker URL and Paho's reason code. */
public final class BrokerConnectionException extends RuntimeException {
    private final String broker;
    private final int reasonCode;

    public BrokerConnectionException(String broker, int reasonCode, String what, Throwable cause) {
        super(what + " (" + broker + ", reason " + reasonCode + "): "
                + (cause == null ? "" : String.valueOf(cause.getMessage())), cause);
        this.broker = broker;
        this.reasonCode = reasonCode;
    }

    public String broker() {
        return broker;
    }

    public int reasonCode() {
        return reasonCode;
    }
}
