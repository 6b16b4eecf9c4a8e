package io.fleetdeck.console;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.console.broker.EmbeddedBroker;
import io.fleetdeck.console.discovery.ConsoleAdvertiser;
import io.fleetdeck.console.discovery.DeviceBrowser;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.ingest.IngestPipeline;
import io.fleetdeck.console.mqtt.FleetSubscriber;
import io.fleetdeck.console.mqtt.MqttDeviceCommands;
import io.fleetdeck.console.mqtt.TelemetrySession;
import io.fleetdeck.console.rollout.RolloutService;
import io.fleetdeck.console.rollout.SqliteJobStore;
import io.fleetdeck.console.trust.DeviceTrust;

import java.nio.file.Path;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the console's layers honest: views → view models → services → shared-model, nothing pointing back up. */
@AnalyzeClasses(packages = "io.fleetdeck.console", importOptions = {ImportOption.DoNotIncludeTests.class,
        ConsoleArchitectureTest.DoNotIncludeTestJars.class})
class ConsoleArchitectureTest {
    /** Console core's test jar (shared fixtures, child-JVM mains) is test code too, though it comes as a jar. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static final String[] IO = {"java.sql..", "java.net..", "java.nio.file..", "java.nio.channels..",
            "org.eclipse.paho..", "io.netty..", "com.hivemq..", "org.sqlite..", "io.fleetdeck.daemon..",
            "io.fleetdeck.simulator.."};
    /**
     * A {@link Path} only names a file (a dropped image, a chosen one) and is what the services take; reading or
     * writing it ({@code Files}, channels) is still I/O and still forbidden.
     */
    private static final DescribedPredicate<JavaClass> DOING_IO = resideInAnyPackage(IO)
            .and(DescribedPredicate.not(equivalentTo(Path.class)));
    private static final String[] SERVICES = {"io.fleetdeck.console.history..", "io.fleetdeck.console.broker..",
            "io.fleetdeck.console.ingest..", "io.fleetdeck.console.mqtt..", "io.fleetdeck.console.rollout",
            "io.fleetdeck.console.runtime.."};

    /** Making or starting one of the services ConsoleServices wires. */
    private static final DescribedPredicate<JavaCall<?>> WIRING_A_SERVICE = JavaCall.Predicates.target(
            AccessTarget.Predicates.declaredIn(belongToAnyOf(FleetSubscriber.class, TelemetrySession.class,
                            MqttDeviceCommands.class, EmbeddedBroker.class, SqliteReadingStore.class,
                            PinnedKeyStore.class, SqliteFirmwareLibrary.class, SqliteJobStore.class, OperatorKey.class,
                            ImageServer.class, RolloutService.class, DeviceTrust.class, IngestPipeline.class,
                            MdnsEndpoints.class, DeviceBrowser.class, ConsoleAdvertiser.class))
                    .and(AccessTarget.Predicates.constructor()
                            .or(HasName.Predicates.nameMatching("start|open|loadOrCreate"))))
            .as("a service being made or started");

    @ArchTest
    static final ArchRule viewsDoNoIo = noClasses().that().haveSimpleNameEndingWith("View")
            .or().haveSimpleNameEndingWith("Tile").or().haveSimpleNameEndingWith("Chart")
            .should().dependOnClassesThat(DOING_IO)
            .because("views only bind to view models; I/O happens in services off the FX thread");

    @ArchTest
    static final ArchRule viewModelsDoNoIo = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat(DOING_IO)
            .because("view models hold state and call services; they never touch sockets, files or SQL");

    @ArchTest
    static final ArchRule servicesKnowNoJavaFx = noClasses().that().resideInAnyPackage(SERVICES)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..")
            .because("services are plain Java, usable by the deploy CLI and the benchmarks without a toolkit");

    @ArchTest
    static final ArchRule servicesDoNotReachUp = noClasses().that().resideInAnyPackage(SERVICES)
            .should().dependOnClassesThat().haveSimpleNameEndingWith("View")
            .orShould().dependOnClassesThat().haveSimpleNameEndingWith("ViewModel")
            .orShould().dependOnClassesThat().resideInAPackage("io.fleetdeck.console.rollout.ui..");

    @ArchTest
    static final ArchRule servicesKnowNoFrontEnd = noClasses().that().resideInAnyPackage(SERVICES)
            .should().dependOnClassesThat().resideInAnyPackage("io.fleetdeck.console.app..",
                    "io.fleetdeck.console.cli..", "io.fleetdeck.simulator..", "picocli..")
            .because("the window, the deploy command and the demo fleet build on the services, not the other way");

    @ArchTest
    static final ArchRule deployNeedsNoToolkit = noClasses().that().resideInAPackage("io.fleetdeck.console.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.fair_acc..",
                    "io.fleetdeck.simulator..", "io.fleetdeck.console.app..", "io.fleetdeck.console..ui..")
            .because("fleetdeck deploy runs headless and never starts the JavaFX toolkit");

    @ArchTest
    static final ArchRule servicesAreWiredInOnePlace = noClasses().that()
            .resideInAnyPackage("io.fleetdeck.console.app..", "io.fleetdeck.console.cli..",
                    "io.fleetdeck.console..ui..")
            .should().callCodeUnitWhere(WIRING_A_SERVICE)
            .because("the window and the deploy command get their services from ConsoleServices, so the two wirings "
                    + "cannot drift apart");

    @ArchTest
    static final ArchRule rolloutUiDoesNotKnowTiles = noClasses().that()
            .resideInAPackage("io.fleetdeck.console.rollout.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fleetdeck.console.fleet..",
                    "io.fleetdeck.console.app..")
            .because("the fleet view embeds the rollout panes and keeps the tiles' marks; the way back would be a cycle");

    @ArchTest
    static final ArchRule noStandardStreamsOutsideTheLauncher = noClasses().that()
            .doNotHaveSimpleName("ConsoleCommand").and().doNotHaveSimpleName("Launcher")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .because("the console logs through SLF4J; only the CLI talks to the terminal");
}
