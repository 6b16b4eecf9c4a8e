package io.fleetdeck.console.gpio.ui;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.ui.DeviceDetailFactory;
import io.fleetdeck.console.gpio.GpioBench;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.util.Objects;
import java.util.concurrent.Executor;

/** A device's detail as tabs: the charts (another factory's pane) first, then its GPIO bench. */
public final class GpioDetailTabs implements DeviceDetailFactory {
    private final DeviceDetailFactory charts;
    private final GpioBench bench;
    private final Executor ui;

    public GpioDetailTabs(DeviceDetailFactory charts, GpioBench bench, Executor ui) {
        this.charts = Objects.requireNonNull(charts, "charts");
        this.bench = Objects.requireNonNull(bench, "bench");
        this.ui = Objects.requireNonNull(ui, "ui");
    }

    @Override
    public DetailPane open(DeviceSnapshot device) {
        DetailPane chartPane = charts.open(device);
        GpioBenchViewModel viewModel = new GpioBenchViewModel(device.id(), bench, ui);
        Tab chartTab = new Tab("Charts", chartPane.node());
        chartTab.setId("charts-tab");
        Tab gpioTab = new Tab("GPIO", new GpioBenchView(viewModel).node());
        gpioTab.setId("gpio-tab");
        TabPane tabs = new TabPane(chartTab, gpioTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("device-detail-tabs");
        // The split beside the tiles decides the width: a tab's content must not push its divider when it opens.
        tabs.setMinSize(0, 0);
        return new DetailPane() {
            @Override
            public Node node() {
                return tabs;
            }

            @Override
            public void close() {
                viewModel.close();
                chartPane.close();
            }
        };
    }
}
