package io.fleetdeck.model;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

@AnalyzeClasses(packages = "io.fleetdeck.model", importOptions = ImportOption.DoNotIncludeTests.class)
class SharedModelArchitectureTest {
    @ArchTest
    static final ArchRule speaksNoUiMqttOrJdbc = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("javafx..", "org.eclipse.paho..", "java.sql..", "javax.sql..", "com.hivemq..",
                    "org.xerial..", "com.pi4j..", "io.fair_acc..", "org.jmdns..")
            .because("shared-model is the plain-Java protocol both sides share");

    @ArchTest
    static final ArchRule knowsNoModuleAboveIt = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.fleetdeck.common..", "io.fleetdeck.console..", "io.fleetdeck.daemon..",
                    "io.fleetdeck.simulator..", "io.fleetdeck.testkit..")
            .because("every other module depends on the protocol, never the other way round");

    @ArchTest
    static final ArchRule writesNothingToStandardStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
