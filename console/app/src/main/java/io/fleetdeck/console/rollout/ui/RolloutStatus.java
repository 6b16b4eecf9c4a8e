package io.fleetdeck.console.rollout.ui;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The status bar's rollout line: the outcome of the operator's last firmware action. FX thread only. */
public final class RolloutStatus {
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper problem = new ReadOnlyBooleanWrapper();

    public void info(String message) {
        text.set(message);
        problem.set(false);
    }

    public void problem(String message) {
        text.set(message);
        problem.set(true);
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** True when {@link #textProperty()} reports a failure. */
    public ReadOnlyBooleanProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
