package io.fleetdeck.common;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The common module serves console and device alike, so it knows neither. (The test kit's FleetdeckRules depend on
 * this module, so its rules are spelled out here.)
 */
@AnalyzeClasses(packages = "io.fleetdeck.common", importOptions = ImportOption.DoNotIncludeTests.class)
class CommonArchitectureTest {
    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("io.fleetdeck.common.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule knowsOnlyTheProtocol = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.fleetdeck.console..", "io.fleetdeck.daemon..", "io.fleetdeck.simulator..",
                    "io.fleetdeck.testkit..")
            .because("common is below both sides; it may use shared-model and nothing else of ours");

    @ArchTest
    static final ArchRule noJavaFxNoPi4j = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("javafx..", "io.fair_acc..", "com.pi4j..")
            .because("the console ships common without Pi4J, the device without JavaFX");

    @ArchTest
    static final ArchRule writesNothingToStandardStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
