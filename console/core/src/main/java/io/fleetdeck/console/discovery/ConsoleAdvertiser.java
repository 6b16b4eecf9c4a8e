package io.fleetdeck.console.discovery;

import io.fleetdeck.common.mdns.Advertisement;
import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.MdnsInterface;
import io.fleetdeck.common.mdns.ServiceAdvertiser;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.KeyFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;

/**
 * Announces the console as {@code _fleetdeck-console._tcp} on each of its mDNS interfaces, with the broker URL that
 * is reachable there: {@code tcp://<that interface's IPv4>:<port>}, and the fingerprint of the operator key, which a
 * daemon adopted by this console pinned and checks before it follows an announcement. SRV port = the broker port.
 * The record also says {@code tel=json,compact}: this console's ingest reads both telemetry encodings, so devices on
 * {@code telemetry.encoding = auto} send it the compact one.
 */
public final class ConsoleAdvertiser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvertiser.class);

    private final ServiceAdvertiser advertiser;
    private final Advertisement advertisement;

    /**
     * @param consoleId   the console's id, also its instance name
     * @param operatorKey fingerprint of the console's operator key, announced as {@code fp=}
     * @param brokerBind  the address the broker listens on; interfaces it does not cover are not given a URL that
     *                    would not work (a warning says so)
     * @param brokerPort  the broker's TCP port
     */
    public ConsoleAdvertiser(MdnsEndpoints endpoints, String consoleId, KeyFingerprint operatorKey,
                             String brokerBind, int brokerPort) {
        this(endpoints, consoleId, operatorKey, brokerBind, brokerPort, "tcp");
    }

    /**
     * As above, announcing {@code scheme://} ({@code ssl} when the broker runs TLS: {@code brokerPort} is then its TLS
     * port, and only TLS is announced, since the plain listener is on loopback).
     */
    public ConsoleAdvertiser(MdnsEndpoints endpoints, String consoleId, KeyFingerprint operatorKey,
                             String brokerBind, int brokerPort, String scheme) {
        Objects.requireNonNull(consoleId, "consoleId");
        Objects.requireNonNull(operatorKey, "operatorKey");
        this.advertiser = new ServiceAdvertiser(endpoints);
        this.advertisement = advertiser.advertise(ConsoleAnnouncement.SERVICE_TYPE, consoleId, brokerPort,
                iface -> txtFor(consoleId, operatorKey, iface, brokerBind, brokerPort, scheme));
    }

    /** The console's TXT record on {@code iface}, or null when the broker cannot be reached there. */
    static Map<String, String> txtFor(String consoleId, KeyFingerprint operatorKey, MdnsInterface iface, String bind,
                                      int port) {
        return txtFor(consoleId, operatorKey, iface, bind, port, "tcp");
    }

    static Map<String, String> txtFor(String consoleId, KeyFingerprint operatorKey, MdnsInterface iface, String bind,
                                      int port, String scheme) {
        String address = iface.address().getHostAddress();
        boolean reachable = BrokerBinding.covers(bind, iface);
        if (!reachable) {
            log.warn("the broker listens on {} only; devices on {} could not reach it, so the console is not "
                    + "announced there. Start the console with --bind {} (or --bind 0.0.0.0), or leave --bind out",
                    bind, iface, address);
            return null;
        }
        String host = BrokerBinding.isWildcard(bind) ? address : bind;
        Map<String, String> txt = new ConsoleAnnouncement(consoleId, scheme + "://" + host + ":" + port, operatorKey)
                .toTxt();
        log.info("announcing console {} on {} with broker {} and operator key {}", consoleId, iface,
                txt.get("broker"), operatorKey);
        return txt;
    }

    public Advertisement advertisement() {
        return advertisement;
    }

    /** Withdraws the console: devices get a goodbye. */
    @Override
    public void close() {
        advertiser.close();
    }
}
