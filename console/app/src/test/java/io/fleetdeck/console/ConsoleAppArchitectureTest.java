package io.fleetdeck.console;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fleetdeck.testkit.arch.FleetdeckRules;

/** Console app: the window and the command line; no Pi4J, no daemon internals, no package cycles. */
@AnalyzeClasses(packages = "io.fleetdeck.console",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ConsoleAppArchitectureTest {
    @ArchTest
    static final ArchRule moduleBoundaries = FleetdeckRules.consoleApp();
}
