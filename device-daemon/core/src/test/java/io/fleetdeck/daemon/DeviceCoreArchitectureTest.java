package io.fleetdeck.daemon;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fleetdeck.testkit.arch.FleetdeckRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

/**
 * Device core: the agent without hardware, simulator or console; packages point one way: agent → session (mqtt) →
 * telemetry, sensors API, shared model.
 */
@AnalyzeClasses(packages = "io.fleetdeck.daemon",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class DeviceCoreArchitectureTest {
    @ArchTest
    static final ArchRule moduleBoundaries = FleetdeckRules.deviceCore();

    @ArchTest
    static final ArchRule writesNothingToStandardStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule sessionDoesNotKnowTheAgent = noClasses().that().resideInAPackage("io.fleetdeck.daemon.mqtt..")
            .should().dependOnClassesThat().resideInAPackage("io.fleetdeck.daemon.agent..")
            .because("the agent owns its session; what the session calls back through is declared on its side");

    @ArchTest
    static final ArchRule telemetryStandsAlone = noClasses().that().resideInAPackage("io.fleetdeck.daemon.telemetry..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fleetdeck.daemon.agent..",
                    "io.fleetdeck.daemon.mqtt..", "org.eclipse.paho..")
            .because("the sampler fills it and the session drains it; it depends on neither");
}
