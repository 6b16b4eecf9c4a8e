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
    static final ArchRule moduleBoundaries = FleetdeckRules.simulator();
}
