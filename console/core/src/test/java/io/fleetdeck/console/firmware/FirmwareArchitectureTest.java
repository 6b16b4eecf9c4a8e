package io.fleetdeck.console.firmware;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The firmware services run off the FX thread and in the headless deploy command, so they never touch JavaFX. */
@AnalyzeClasses(packages = "io.fleetdeck.console.firmware", importOptions = ImportOption.DoNotIncludeTests.class)
class FirmwareArchitectureTest {
    @ArchTest
    static final ArchRule firmwareServicesKnowNoJavaFx = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..");

    @ArchTest
    static final ArchRule firmwareServicesDoNotWriteToStandardStreams = noClasses()
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err");
}
