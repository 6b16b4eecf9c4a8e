package io.fleetdeck.testkit.arch;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module boundaries of docs/architecture.md as ArchUnit rules, checked where each module's classes are compiled:
 * each module's {@code *ArchitectureTest} applies its profile ({@link #deviceCore()}, {@link #consoleCore()}, …) to
 * its own classes, and adds rules about its inside. The Maven enforcer keeps Pi4J out of the dependency trees too.
 */
public final class FleetdeckRules {
    private FleetdeckRules() {
    }

    /** device-core: the agent without hardware, simulator or console. */
    public static ArchRule deviceCore() {
        return CompositeArchRule.of(noPackageCycles("io.fleetdeck.daemon")).and(noJavaFx()).and(noPi4j())
                .and(noConsole()).and(noHardwareOrDaemonCli()).and(noSimulator());
    }

    /** device-simulator: virtual devices on the device core, Pi4J-free so the console's demo can run them. */
    public static ArchRule simulator() {
        return CompositeArchRule.of(noPackageCycles("io.fleetdeck.simulator")).and(noJavaFx()).and(noPi4j())
                .and(noConsole()).and(noHardwareOrDaemonCli());
    }

    /** device-daemon: the hardware and the fleetdeckd command line; never the console or JavaFX. */
    public static ArchRule fleetdeckd() {
        return CompositeArchRule.of(noPackageCycles("io.fleetdeck.daemon")).and(noJavaFx()).and(noConsole());
    }

    /** console-core: services without a window or device code, usable by the deploy CLI and the benchmarks. */
    public static ArchRule consoleCore() {
        return CompositeArchRule.of(noPackageCycles("io.fleetdeck.console")).and(noJavaFx()).and(noPi4j())
                .and(noDeviceDaemon()).and(noConsoleViews());
    }

    /** console-app: the window and the command line; it may run the simulator for the demo, never drive hardware. */
    public static ArchRule consoleApp() {
        return CompositeArchRule.of(noPackageCycles("io.fleetdeck.console")).and(noPi4j())
                .and(noHardwareOrDaemonCli());
    }

    /** test-kit: fixtures on the protocol and the common parts only, so every module's tests can use it. */
    public static ArchRule testKit() {
        return CompositeArchRule.of(noPackageCycles("io.fleetdeck.testkit")).and(noJavaFx()).and(noPi4j())
                .and(noConsole()).and(noDeviceDaemon());
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
