package io.fleetdeck.console.gpio.ui;

import io.fleetdeck.model.GpioPin;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The GPIO tab of a device's detail: one line per pin (number, direction, live level, a toggle for outputs), a line
 * to ask for any pin by number, and the outcome of the last write. Binds to its {@link GpioBenchViewModel} only.
 */
public final class GpioBenchView {
    private final GpioBenchViewModel viewModel;
    private final GridPane grid = new GridPane();
    private final VBox root;

    public GpioBenchView(GpioBenchViewModel viewModel) {
        this.viewModel = viewModel;
        Label title = new Label("GPIO bench");
        title.getStyleClass().add("detail-title");
        Label hint = new Label("Levels as the device reports them. Only pins its config declares as outputs "
                + "(gpio.outputs) can be driven; the device refuses any other, whatever is sent from here. Every "
                + "write is in the audit log.");
        hint.setWrapText(true);
        hint.getStyleClass().add("detail-subtitle");
        Label none = new Label("This device has not reported any GPIO pins (gpio.inputs and gpio.outputs in its "
                + "config).");
        none.setId("gpio-none");
        none.getStyleClass().add("placeholder");
        none.visibleProperty().bind(viewModel.reportedProperty().not());
        none.managedProperty().bind(none.visibleProperty());
        grid.setId("gpio-pins");
        grid.setHgap(16);
        grid.setVgap(6);
        grid.visibleProperty().bind(viewModel.reportedProperty());
        grid.managedProperty().bind(grid.visibleProperty());

        TextField pin = new TextField();
        pin.setId("gpio-pin");
        pin.setPromptText("BCM pin");
        pin.setPrefColumnCount(5);
        pin.textProperty().bindBidirectional(viewModel.otherPinProperty());
        Button high = new Button("Drive high");
        high.setId("gpio-drive-high");
        high.setOnAction(event -> viewModel.driveOtherPin(true));
        Button low = new Button("Drive low");
        low.setId("gpio-drive-low");
        low.setOnAction(event -> viewModel.driveOtherPin(false));
        HBox other = new HBox(8, new Label("Any pin:"), pin, high, low);
        other.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("gpio-status");
        status.setWrapText(true);
        status.textProperty().bind(viewModel.statusProperty());
        viewModel.refusedProperty().addListener((obs, was, refusal) -> status.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("refused"), refusal));
        status.getStyleClass().add("gpio-status");

        root = new VBox(10, title, hint, none, grid, other, status);
        root.setId("gpio-bench");
        root.setPadding(new Insets(12));
        viewModel.pins().addListener((ListChangeListener<GpioPin>) change -> rebuild());
        rebuild();
    }

    private void rebuild() {
        grid.getChildren().clear();
        int row = 0;
        grid.addRow(row++, header("Pin"), header("Direction"), header("Level"), header(""));
        for (GpioPin pin : viewModel.pins()) {
            Label name = new Label("GPIO " + pin.pin());
            Label direction = new Label(pin.direction().name().toLowerCase(Locale.ROOT));
            Label level = new Label(pin.high() ? "HIGH" : "low");
            level.setId("gpio-level-" + pin.pin());
            level.getStyleClass().addAll("gpio-level", pin.high() ? "gpio-high" : "gpio-low");
            Button toggle = new Button(pin.high() ? "Set low" : "Set high");
            toggle.setId("gpio-toggle-" + pin.pin());
            toggle.setOnAction(event -> viewModel.toggle(pin));
            if (!GpioBenchViewModel.toggleable(pin)) {
                // Offered only for outputs; the device would refuse an input anyway.
                toggle.setDisable(true);
                toggle.setText("input");
                toggle.setTooltip(new Tooltip("GPIO " + pin.pin() + " is an input: read only"));
            } else {
                toggle.disableProperty().bind(viewModel.sendingProperty());
            }
            grid.addRow(row++, name, direction, level, toggle);
        }
    }

    private static Label header(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("gpio-header");
        return label;
    }

    public VBox node() {
        return root;
    }
}
