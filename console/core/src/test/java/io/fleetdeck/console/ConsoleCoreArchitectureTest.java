package io.fleetdeck.console;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fleetdeck.testkit.arch.FleetdeckRules;

import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

/** Console core: services without a window (usable by the deploy CLI and the benchmarks); no device code. */
@AnalyzeClasses(packages = "io.fleetdeck.console",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ConsoleCoreArchitectureTest {
    @ArchTest
    static final ArchRule moduleBoundaries = FleetdeckRules.consoleCore();

    @ArchTest
    static final ArchRule writesNothingToStandardStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
