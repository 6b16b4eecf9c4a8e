package io.fleetdeck.console;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the console's layers honest: views → view models → services → shared-model, nothing pointing back up. */
@AnalyzeClasses(packages = "io.fleetdeck.console", importOptions = ImportOption.DoNotIncludeTests.class)
class ConsoleArchitectureTest {
    private static final String[] IO = {"java.sql..", "java.net..", "java.nio.file..", "java.nio.channels..",
            "org.eclipse.paho..", "com.hivemq..", "org.sqlite..", "io.fleetdeck.daemon.."};

    @ArchTest
    static final ArchRule viewsDoNoIo = noClasses().that().haveSimpleNameEndingWith("View")
            .or().haveSimpleNameEndingWith("Tile").or().haveSimpleNameEndingWith("Chart")
            .should().dependOnClassesThat().resideInAnyPackage(IO)
            .because("views only bind to view models; I/O happens in services off the FX thread");

    @ArchTest
    static final ArchRule viewModelsDoNoIo = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage(IO)
            .because("view models hold state and call services; they never touch sockets, files or SQL");

    @ArchTest
    static final ArchRule servicesKnowNoJavaFx = noClasses().that()
            .resideInAnyPackage("io.fleetdeck.console.history..", "io.fleetdeck.console.broker..",
                    "io.fleetdeck.console.ingest..", "io.fleetdeck.console.mqtt..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..")
            .because("services are plain Java, usable by the deploy CLI and the benchmarks without a toolkit");

    @ArchTest
    static final ArchRule servicesDoNotReachUp = noClasses().that()
            .resideInAnyPackage("io.fleetdeck.console.history..", "io.fleetdeck.console.broker..",
                    "io.fleetdeck.console.ingest..", "io.fleetdeck.console.mqtt..")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("View")
            .orShould().dependOnClassesThat().haveSimpleNameEndingWith("ViewModel");

    @ArchTest
    static final ArchRule noStandardStreamsOutsideTheLauncher = noClasses().that()
            .doNotHaveSimpleName("ConsoleCommand").and().doNotHaveSimpleName("Launcher")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .because("the console logs through SLF4J; only the CLI talks to the terminal");
}
