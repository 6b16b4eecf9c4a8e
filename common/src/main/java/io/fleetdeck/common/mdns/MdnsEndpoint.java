package io.fleetdeck.common.mdns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;
import javax.jmdns.JmDNS;

/** One JmDNS instance bound to one interface address: JmDNS answers and listens on exactly one address. */
public final class MdnsEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MdnsEndpoint.class);

    private final MdnsInterface iface;
    private final JmDNS jmdns;

    private MdnsEndpoint(MdnsInterface iface, JmDNS jmdns) {
        this.iface = iface;
        this.jmdns = jmdns;
    }

    /**
     * Starts JmDNS on {@code iface}'s address, announcing {@code hostName}.local.
     *
     * @throws MdnsStartException when the socket cannot be opened there
     */
    public static MdnsEndpoint open(MdnsInterface iface, String hostName) {
        Objects.requireNonNull(iface, "iface");
        long started = System.nanoTime();
        RfcPacedTasks.install();
        try {
            JmDNS jmdns = JmDNS.create(iface.address(), HostNames.label(hostName));
            log.debug("mDNS on {} as {} started in {} ms", iface, jmdns.getHostName(),
                    (System.nanoTime() - started) / 1_000_000);
            return new MdnsEndpoint(iface, jmdns);
        } catch (IOException e) {
            throw new MdnsStartException(iface, e);
        }
    }

    public MdnsInterface iface() {
        return iface;
    }

    /** The JmDNS instance; only this package's advertiser and browser use it. */
    JmDNS jmdns() {
        return jmdns;
    }

    /** Stops JmDNS; services still registered on it get goodbye packets first. */
    @Override
    public void close() {
        try {
            jmdns.close();
        } catch (IOException e) {
            log.warn("closing mDNS on {}: {}", iface, e.toString());
        }
    }
}
