package io.fleetdeck.common.mdns;

import io.fleetdeck.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Advertiser and browser, each with its own JmDNS, both on loopback only. */
class ServiceAdvertiserTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final String TYPE = "_fleetdeck-test._tcp.local.";
    private static final Logger log = LoggerFactory.getLogger(ServiceAdvertiserTest.class);

    private MdnsEndpoints publisherSide;
    private MdnsEndpoints secondPublisher;
    private MdnsEndpoints browserSide;

    @AfterEach
    void close() {
        if (publisherSide != null) {
            publisherSide.close();
        }
        if (secondPublisher != null) {
            secondPublisher.close();
        }
        if (browserSide != null) {
            browserSide.close();
        }
    }

    @Test
    void aTakenInstanceNameIsRenamedNotShared() {
        String instance = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        publisherSide = MdnsEndpoints.open(List.of("lo"), "fd-first-" + instance, Duration.ofSeconds(3));
        secondPublisher = MdnsEndpoints.open(List.of("lo"), "fd-second-" + instance, Duration.ofSeconds(3));
        browserSide = MdnsEndpoints.open(List.of("lo"), "fd-browse-" + instance, Duration.ofSeconds(3));
        RecordingBrowserListener seen = new RecordingBrowserListener();
        try (ServiceAdvertiser first = new ServiceAdvertiser(publisherSide);
             ServiceAdvertiser second = new ServiceAdvertiser(secondPublisher);
             ServiceBrowser browser = new ServiceBrowser(browserSide, TYPE, Duration.ofSeconds(2), seen)) {
            first.advertise(TYPE, instance, 0, Map.of("who", "first"));
            Poll.until("the first service resolves", DEADLINE, () -> seen.last(instance).isPresent());
            second.advertise(TYPE, instance, 0, Map.of("who", "second"));

            ResolvedService renamed = Poll.value("the second service resolves under another name", DEADLINE,
                    () -> seen.resolved.stream().filter(s -> s.instance().startsWith(instance)
                            && !s.instance().equals(instance)).findFirst().orElse(null));
            assertThat(new String(renamed.txt().get("who"), StandardCharsets.UTF_8)).isEqualTo("second");
            assertThat(renamed.hostname()).isEqualTo("fd-second-" + instance + ".local.");
            assertThat(seen.resolved.stream().filter(s -> s.instance().equals(instance))
                    .map(s -> new String(s.txt().get("who"), StandardCharsets.UTF_8)))
                    .as("the original name still means the first service only").containsOnly("first");
        }
    }

    @Test
    void browserSeesTheServiceItsTxtChangeAndItsGoodbye() {
        String instance = "adv-" + UUID.randomUUID().toString().substring(0, 8);
        publisherSide = MdnsEndpoints.open(List.of("lo"), "fd-pub-" + instance, Duration.ofSeconds(3));
        browserSide = MdnsEndpoints.open(List.of("lo"), "fd-browse-" + instance, Duration.ofSeconds(3));
        RecordingBrowserListener seen = new RecordingBrowserListener();
        ServiceAdvertiser advertiser = new ServiceAdvertiser(publisherSide);
        try (ServiceBrowser browser = new ServiceBrowser(browserSide, TYPE, Duration.ofSeconds(2), seen)) {
            long start = System.nanoTime();
            Advertisement ad = advertiser.advertise(TYPE, instance, 0, Map.of("fw", "1.0"));

            ResolvedService first = Poll.value("the service resolves", DEADLINE,
                    () -> seen.last(instance).orElse(null));
            log.info("registration to resolved on lo: {} ms", (System.nanoTime() - start) / 1_000_000);
            assertThat(first.txt().get("fw")).isEqualTo("1.0".getBytes(StandardCharsets.UTF_8));
            assertThat(first.ipv4()).extracting(a -> a.getHostAddress()).contains("127.0.0.1");
            assertThat(first.via()).isEqualTo("lo");
            assertThat(first.hostname()).isEqualTo("fd-pub-" + instance + ".local.");

            long update = System.nanoTime();
            advertiser.update(ad, Map.of("fw", "2.0"));
            Poll.until("the new TXT arrives", DEADLINE, () -> seen.last(instance)
                    .filter(s -> new String(s.txt().get("fw"), StandardCharsets.UTF_8).equals("2.0")).isPresent());
            log.info("TXT update to resolved on lo: {} ms", (System.nanoTime() - update) / 1_000_000);
            assertThat(seen.removed).doesNotContain(instance);

            long goodbye = System.nanoTime();
            advertiser.close();
            Poll.until("the goodbye is seen", DEADLINE, () -> seen.removed.contains(instance));
            log.info("withdraw to removed on lo: {} ms", (System.nanoTime() - goodbye) / 1_000_000);
        }
    }

    @Test
    void repeatsOfTheSameAnswerAreReportedOnce() throws Exception {
        String instance = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        publisherSide = MdnsEndpoints.open(List.of("lo"), "fd-pub-" + instance, Duration.ofSeconds(3));
        browserSide = MdnsEndpoints.open(List.of("lo"), "fd-browse-" + instance, Duration.ofSeconds(3));
        RecordingBrowserListener seen = new RecordingBrowserListener();
        try (ServiceAdvertiser advertiser = new ServiceAdvertiser(publisherSide);
             ServiceBrowser browser = new ServiceBrowser(browserSide, TYPE, Duration.ofMillis(500), seen)) {
            advertiser.advertise(TYPE, instance, 0, Map.of("k", "v"));
            Poll.until("the service resolves", DEADLINE, () -> seen.count(instance) > 0);
            // An observation window, not a timing assumption: six re-list rounds (every 500 ms) and JmDNS's own
            // repeated announcements answer the same again, and none of them may be reported again.
            Thread.sleep(3000);
            assertThat(seen.count(instance)).isEqualTo(1);
        }
    }
}
