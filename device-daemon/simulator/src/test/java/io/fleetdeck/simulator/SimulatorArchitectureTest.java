package io.fleetdeck.simulator;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fleetdeck.testkit.arch.FleetdeckRules;

/** The simulator: virtual devices on the device core, Pi4J-free so the console's demo can run it. */
@AnalyzeClasses(packages = "io.fleetdeck.simulator",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class SimulatorArchitectureTest {
    @ArchTest
    static final ArchRule packagesHaveNoCycles = FleetdeckRules.noPackageCycles("io.fleetdeck.simulator");

    @ArchTest
    static final ArchRule noJavaFx = FleetdeckRules.noJavaFx();

    @ArchTest
    static final ArchRule noPi4j = FleetdeckRules.noPi4j();

    @ArchTest
    static final ArchRule noConsole = FleetdeckRules.noConsole();

    @ArchTest
    static final ArchRule noDrivers = FleetdeckRules.noHardwareOrDaemonCli();
}
