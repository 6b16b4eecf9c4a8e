package io.fleetdeck.console.fleet.ui;

import io.fleetdeck.model.PairingCode;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.Optional;

/**
 * Asks the operator to confirm a device before adopting it: the key it announces (to compare with
 * {@code fleetdeckd status} on the device) and the pairing code the device shows in its log. A device whose image
 * carries this console's key needs no code. The result is the code typed, or empty; cancelling yields no result.
 */
final class AdoptDialog extends Dialog<Optional<PairingCode>> {
    static final ButtonType ADOPT = new ButtonType("Adopt", ButtonBar.ButtonData.OK_DONE);

    AdoptDialog(Window owner, String device, String announcedKey) {
        initOwner(owner);
        setTitle("Adopt " + device);
        setHeaderText("Adopt " + device + "?");
        Label key = new Label(announcedKey);
        key.setId("adopt-key");
        key.getStyleClass().add("adopt-key");
        TextField code = new TextField();
        code.setId("pairing-code");
        code.setPromptText("ABCD-EFGH");
        Label error = new Label();
        error.setId("pairing-code-error");
        error.getStyleClass().add("adopt-error");
        Label help = new Label("The device shows its pairing code in its log and in `fleetdeckd status` until a"
                + " console adopts it.\nLeave it empty for a device whose image carries this console's key.");
        help.setWrapText(true);
        GridPane grid = new GridPane(8, 8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, new Label("Device key"), key);
        grid.addRow(1, new Label("Pairing code"), code);
        grid.add(error, 1, 2);
        grid.add(help, 0, 3, 2, 1);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(ADOPT, ButtonType.CANCEL);
        getDialogPane().lookupButton(ADOPT).setId("adopt-confirm");
        // A mistyped code is caught here rather than spending one of the device's five tries.
        getDialogPane().lookupButton(ADOPT).addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            try {
                parse(code.getText());
                error.setText("");
            } catch (IllegalArgumentException e) {
                error.setText(e.getMessage());
                event.consume();
            }
        });
        setResultConverter(button -> button == ADOPT ? parse(code.getText()) : null);
        setOnShown(event -> code.requestFocus());
    }

    static Optional<PairingCode> parse(String typed) {
        return typed == null || typed.isBlank() ? Optional.empty() : Optional.of(PairingCode.parse(typed));
    }
}
