package io.fleetdeck.model;

/** The two firmware slots of an A/B device. */
public enum Slot {
    A, B;

    public Slot other() {
        return this == A ? B : A;
    }
}
