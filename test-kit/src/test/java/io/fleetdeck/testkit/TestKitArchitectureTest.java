package io.fleetdeck.testkit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fleetdeck.testkit.arch.FleetdeckRules;

/** The test kit: fixtures on the protocol and the common parts only, so every module's tests can use it. */
@AnalyzeClasses(packages = "io.fleetdeck.testkit",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class TestKitArchitectureTest {
    @ArchTest
    static final ArchRule moduleBoundaries = FleetdeckRules.testKit();
}
