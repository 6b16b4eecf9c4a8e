package io.fleetdeck.console.tls;

import io.fleetdeck.console.runtime.ConsoleServices;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.ota.ImageHttpClient;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimulatedFleet;
import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's services with TLS on, and devices as the daemon builds them: an MQTT v5 session over {@code ssl://}
 * trusting only the console CA, and the download client trusting the same CA.
 */
class TlsEndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path data;

    private ConsoleServices services;

    @BeforeEach
    void startConsoleWithTls() {
        services = ConsoleServices.builder(data)
                .embeddedBroker("127.0.0.1", 0)
                .tls(0)
                .imageServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .build();
    }

    @AfterEach
    void stop() {
        services.close();
    }

    @Test
    void devicesAreGivenSslAndTheConsolesOwnSessionStaysOnLoopback() {
        Poll.until("the console's session is subscribed", PATIENCE, services::subscribed);

        assertThat(services.deviceBrokerUrl()).startsWith("ssl://127.0.0.1:");
        assertThat(services.brokerUrl()).startsWith("tcp://127.0.0.1:");
        assertThat(services.tls()).isPresent();
        assertThat(services.tls().orElseThrow().caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(data.resolve("tls/ca.pem")).exists();
    }

    @Test
    void aDeviceSessionOverSslTrustingTheConsoleCaPublishesTelemetryTheConsoleIngests() {
        Path ca = services.tls().orElseThrow().caCertificateFile();
        MqttSettings mqtt = MqttSettings.defaults(services.deviceBrokerUrl()).withCaFile(ca);

        try (SimulatedFleet fleet = SimulatedFleet.start(new FleetOptions(1, 20, "tls", mqtt))) {
            Poll.until("the device is connected over TLS", PATIENCE, () -> fleet.connectedDevices() == 1);
            Poll.until("its readings reach the console", PATIENCE,
                    () -> services.registry().totals().readings() > 20);
        }
        assertThat(services.registry().totals().rejected()).isZero();
    }

    @Test
    void aDeployBesideTheConsoleServesHttpsFromTheSameCaWithoutReplacingTheConsolesCertificate() throws Exception {
        Path serverCertificate = data.resolve("tls").resolve(ServerCertificate.CERTIFICATE_FILE);
        byte[] before = Files.readAllBytes(serverCertificate);
        // As DeployRun wires it: the local console's broker, no history, a clean session, TLS for its image server.
        try (ConsoleServices deploy = ConsoleServices.builder(data).externalBroker(services.brokerUrl())
                .withoutHistory().followOnly(java.util.List.of(io.fleetdeck.model.DeviceId.of("pi-1")), "deploy-tls")
                .tls(0).imageServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build()) {
            Path image = Files.write(data.resolve("deploy.img"), new byte[10_000]);
            String token = io.fleetdeck.console.firmware.ImageServer.newToken();
            deploy.imageServer().grant("job-deploy", token, image, "deploy.img", "aa".repeat(32),
                    "application/octet-stream");
            URI uri = deploy.imageServer().uri("job-deploy", "deploy.img");

            try (HttpClient client = ImageHttpClient.create(Duration.ofSeconds(5),
                    Optional.of(services.tls().orElseThrow().caCertificateFile()))) {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());

                assertThat(uri.getScheme()).isEqualTo("https");
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        assertThat(Files.readAllBytes(serverCertificate)).isEqualTo(before);
    }

    @Test
    void theDevicesDownloadClientFetchesAnImageOverHttpsWithTheConsoleCa() throws Exception {
        Path image = Files.write(data.resolve("fw.img"), new byte[300_000]);
        String token = io.fleetdeck.console.firmware.ImageServer.newToken();
        services.imageServer().grant("job-https", token, image, "fw.img", "ef".repeat(32),
                "application/octet-stream");
        URI uri = services.imageServer().uri("job-https", "fw.img");
        Path ca = services.tls().orElseThrow().caCertificateFile();

        try (HttpClient client = ImageHttpClient.create(Duration.ofSeconds(5), Optional.of(ca))) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(uri.getScheme()).isEqualTo("https");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).hasSize(300_000);
        }
    }
}
