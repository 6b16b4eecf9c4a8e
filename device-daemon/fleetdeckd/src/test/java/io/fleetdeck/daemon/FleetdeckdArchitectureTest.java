package io.fleetdeck.daemon;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fleetdeck.testkit.arch.FleetdeckRules;

/** fleetdeckd: the hardware and the command line; no console, no JavaFX, no package cycles. */
@AnalyzeClasses(packages = "io.fleetdeck.daemon",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class FleetdeckdArchitectureTest {
    @ArchTest
    static final ArchRule moduleBoundaries = FleetdeckRules.fleetdeckd();
}
