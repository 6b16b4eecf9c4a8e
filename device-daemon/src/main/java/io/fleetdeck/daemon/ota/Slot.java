package io.fleetdeck.daemon.ota;

/** One of the two firmware slots: an A/B pair, so the running firmware is never the one being overwritten. */
public enum Slot {
    A, B;

    public Slot other() {
        return this == A ? B : A;
    }
}
