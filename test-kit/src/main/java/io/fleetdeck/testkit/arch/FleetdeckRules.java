package io.fleetdeck.testkit.arch;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules every module's architecture test applies to its own classes: the module boundaries of
 * docs/architecture.md, checked where the classes are compiled. Each module's {@code *ArchitectureTest} picks the
 * rules that hold for it; the Maven enforcer keeps Pi4J out of the console's dependency tree as well.
 */
public final class FleetdeckRules {
    private FleetdeckRules() {
    }

    /** No two packages under {@code root} depend on each other in a circle: each package is its own slice. */
    public static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles()
                .because("a cycle means two packages are one concept in two places; split or merge them");
    }

    /** JavaFX and ChartFX belong to the console app only. */
    public static ArchRule noJavaFx() {
        return noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..")
                .because("only the console app draws; services, devices and the protocol run headless");
    }

    /** Pi4J belongs to device-daemon only: the hardware of a real Pi. */
    public static ArchRule noPi4j() {
        return noClasses().should().dependOnClassesThat().resideInAnyPackage("com.pi4j..")
                .because("only device-daemon (fleetdeckd.jar) drives hardware; the console never ships Pi4J");
    }

    /** Nothing below the console reaches up into it. */
    public static ArchRule noConsole() {
        return noClasses().should().dependOnClassesThat().resideInAnyPackage("io.fleetdeck.console..")
                .because("the console depends on the protocol and the common parts, never the other way round");
    }

    /** Console core knows no views: the deploy CLI and the benchmarks use it without a toolkit. */
    public static ArchRule noConsoleViews() {
        return noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.fleetdeck.console.app..", "io.fleetdeck.console.cli..",
                        "io.fleetdeck.console.charts..", "io.fleetdeck.console.fleet.ui..",
                        "io.fleetdeck.console.rollout.ui..")
                .because("console core is what both the window and the command line stand on");
    }

    /** Nothing outside the device side uses the device agent, and the device core knows no drivers. */
    public static ArchRule noDeviceDaemon() {
        return noClasses().should().dependOnClassesThat().resideInAnyPackage("io.fleetdeck.daemon..",
                        "io.fleetdeck.simulator..")
                .because("device code reaches the console only through the protocol (shared-model)");
    }

    /** The hardware drivers and the fleetdeckd command line stay in device-daemon. */
    public static ArchRule noHardwareOrDaemonCli() {
        return noClasses().should().dependOnClassesThat().resideInAnyPackage("io.fleetdeck.daemon.hardware..",
                        "io.fleetdeck.daemon.tryboot..")
                .orShould().dependOnClassesThat().resideInAPackage("io.fleetdeck.daemon")
                .because("device core and the simulator run without a Pi: drivers plug in from device-daemon");
    }

    /** Simulated devices are a separate module: the device core must not know them. */
    public static ArchRule noSimulator() {
        return noClasses().should().dependOnClassesThat().resideInAnyPackage("io.fleetdeck.simulator..")
                .because("the device core runs the same with real or simulated sensors and slots");
    }
}
