package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.ui.FxmlViews;
import io.fleetdeck.console.ui.ScrollPanes;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code PreflightView.fxml}: the verdict of a drop, device by device, with the version to promise
 * and the button that starts the install. Binds only; every decision is the view model's.
 */
public final class PreflightView {
    private static final PseudoClass CLEARED = PseudoClass.getPseudoClass("cleared");
    private static final PseudoClass REFUSED = PseudoClass.getPseudoClass("refused");
    private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");

    private final PreflightViewModel viewModel;

    @FXML private VBox preflight;
    @FXML private Label imageLabel;
    @FXML private HBox checkingBox;
    @FXML private Label checkingLabel;
    @FXML private Label errorLabel;
    @FXML private GridPane facts;
    @FXML private TextField versionField;
    @FXML private Button recheckButton;
    @FXML private Label versionHint;
    @FXML private Label sizeLabel;
    @FXML private Label shaLabel;
    @FXML private Label modelsLabel;
    @FXML private Label devicesKicker;
    @FXML private Label summaryLabel;
    @FXML private ScrollPane verdictScroll;
    @FXML private VBox verdictBox;
    @FXML private Button cancelButton;
    @FXML private Button installButton;

    private PreflightView(PreflightViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public static Parent load(PreflightViewModel viewModel) {
        return FxmlViews.load(PreflightView.class, "PreflightView.fxml", () -> new PreflightView(viewModel));
    }

    /** As {@link #load(PreflightViewModel)}, with {@code extra} (the staged-rollout option) above the buttons. */
    public static Parent load(PreflightViewModel viewModel, Parent extra) {
        Parent root = load(viewModel);
        VBox box = (VBox) root;
        box.getChildren().add(box.getChildren().size() - 1, extra);
        return root;
    }

    @FXML
    private void initialize() {
        var stage = viewModel.stageProperty();
        preflight.visibleProperty().bind(stage.isNotEqualTo(PreflightViewModel.Stage.HIDDEN));
        preflight.managedProperty().bind(preflight.visibleProperty());
        imageLabel.textProperty().bind(viewModel.imageNameProperty());

        checkingBox.visibleProperty().bind(stage.isEqualTo(PreflightViewModel.Stage.CHECKING)
                .or(stage.isEqualTo(PreflightViewModel.Stage.STARTING)));
        checkingBox.managedProperty().bind(checkingBox.visibleProperty());
        checkingLabel.textProperty().bind(viewModel.messageProperty());
        errorLabel.visibleProperty().bind(stage.isEqualTo(PreflightViewModel.Stage.FAILED)
                .or(stage.isEqualTo(PreflightViewModel.Stage.VERDICT).and(viewModel.messageProperty().isNotEmpty())));
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        errorLabel.textProperty().bind(viewModel.messageProperty());

        facts.visibleProperty().bind(viewModel.sizeProperty().isNotEmpty()
                .or(stage.isEqualTo(PreflightViewModel.Stage.FAILED).and(viewModel.versionProperty().isNotEmpty())));
        facts.managedProperty().bind(facts.visibleProperty());
        versionField.textProperty().bindBidirectional(viewModel.versionProperty());
        versionField.disableProperty().bind(stage.isEqualTo(PreflightViewModel.Stage.CHECKING)
                .or(stage.isEqualTo(PreflightViewModel.Stage.STARTING)));
        versionField.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER) {
                viewModel.recheck();
                event.consume();
            }
        });
        recheckButton.disableProperty().bind(viewModel.recheckDisabledProperty());
        recheckButton.setOnAction(event -> viewModel.recheck());
        versionHint.visibleProperty().bind(viewModel.versionEditedProperty()
                .and(stage.isEqualTo(PreflightViewModel.Stage.VERDICT)));
        versionHint.managedProperty().bind(versionHint.visibleProperty());
        sizeLabel.textProperty().bind(viewModel.sizeProperty());
        shaLabel.textProperty().bind(viewModel.shaProperty());
        Tooltip shaTip = new Tooltip();
        shaTip.textProperty().bind(viewModel.shaFullProperty());
        shaLabel.setTooltip(shaTip);
        modelsLabel.textProperty().bind(viewModel.modelsProperty());

        viewModel.rows().addListener((ListChangeListener<VerdictRow>) change -> showRows());
        showRows();
        BooleanBinding hasRows = Bindings.isNotEmpty(viewModel.rows());
        devicesKicker.visibleProperty().bind(hasRows);
        ScrollPanes.drawnDirectly(verdictScroll);
        verdictScroll.visibleProperty().bind(hasRows);
        verdictScroll.managedProperty().bind(hasRows);
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
        summaryLabel.visibleProperty().bind(viewModel.summaryProperty().isNotEmpty());
        summaryLabel.managedProperty().bind(summaryLabel.visibleProperty());

        cancelButton.setOnAction(event -> viewModel.cancel());
        cancelButton.textProperty().bind(stage.map(now -> now == PreflightViewModel.Stage.FAILED ? "Close" : "Cancel"));
        installButton.textProperty().bind(viewModel.installTextProperty());
        installButton.disableProperty().bind(viewModel.installDisabledProperty());
        installButton.visibleProperty().bind(stage.isNotEqualTo(PreflightViewModel.Stage.FAILED));
        installButton.managedProperty().bind(installButton.visibleProperty());
        installButton.setOnAction(event -> viewModel.install());
    }

    private void showRows() {
        verdictBox.getChildren().setAll(viewModel.rows().stream().map(PreflightView::row).toList());
    }

    private static HBox row(VerdictRow row) {
        Label symbol = new Label(row.symbol());
        symbol.getStyleClass().add("verdict-symbol");
        Label device = new Label(row.device().value());
        device.getStyleClass().add("verdict-device");
        Label message = new Label(row.message());
        message.getStyleClass().add("verdict-message");
        message.setWrapText(true);
        VBox text = new VBox(1, device, message);
        HBox line = new HBox(8, symbol, text);
        line.setId("verdict-" + row.device().value());
        line.getStyleClass().add("verdict-row");
        line.pseudoClassStateChanged(CLEARED, row.state() == VerdictRow.State.CLEARED);
        line.pseudoClassStateChanged(REFUSED, row.state() == VerdictRow.State.REFUSED);
        line.pseudoClassStateChanged(PENDING, row.state() == VerdictRow.State.PENDING);
        return line;
    }
}
