package io.fleetdeck.testkit.lab;

/** A host's cable into the lab switch: pulling it ({@link #down()}) is what a link-flap test does. */
public final class LabLink {
    private final String switchNamespace;
    private final String port;

    public LabLink(String switchNamespace, String port) {
        this.switchNamespace = switchNamespace;
        this.port = port;
    }

    /** Takes the switch port down: the host sees no carrier and nothing crosses until {@link #up()}. */
    public void down() {
        IpCommand.run("-n", switchNamespace, "link", "set", port, "down");
    }

    public void up() {
        IpCommand.run("-n", switchNamespace, "link", "set", port, "up");
    }
}
