package io.fleetdeck.common.mdns;

import java.net.InetAddress;
import java.util.Timer;
import java.util.concurrent.ThreadLocalRandom;
import javax.jmdns.impl.DNSIncoming;
import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.tasks.state.Announcer;
import javax.jmdns.impl.tasks.state.Canceler;
import javax.jmdns.impl.tasks.state.Prober;
import javax.jmdns.impl.tasks.state.Renewer;

/**
 * JmDNS's task starter with the probe and announcement pace of RFC 6762 §8: the first probe after a random 0–250 ms,
 * three probes 250 ms apart, the first announcement 250 ms after the last probe, the second one second later. A new
 * service is thus claimed and announced about 0.75–1 s after it is registered.
 *
 * <p>JmDNS 3.6.1 probes at that pace only once its host name has been announced; until then (always, right after
 * {@code JmDNS.create}) it probes once a second, and it waits a further second before announcing: about 4 s before a
 * browser hears of the first service. Its constants are compiled into its tasks, so this starter runs subclasses of
 * its prober and announcer that schedule themselves differently; what they send, conflict detection and renaming
 * stay JmDNS's. The probe throttle stays JmDNS's too: after ten prober starts within 5 s (repeated conflicts, or many
 * services registered at once) probes go out once a second.
 *
 * <p>JmDNS starts one prober for its host name when it is created and one more for each service registered; a service
 * registered while an earlier prober still waits for its first probe probes at that same moment (RFC 6762 §8.1 lets
 * a host probe for all its records together). Otherwise the host's address and the service would be announced
 * apart, and a browser resolving the service waits for the later of two random delays.
 *
 * <p>Every state task (probe, announce, renew, goodbye) runs on this starter's one state timer, as in JmDNS, so they
 * never run concurrently; queries, responses and the cache reaper run on JmDNS's own starter.
 */
final class RfcPacedTasks implements DNSTaskStarter {
    /** RFC 6762 §8.1: probes 250 ms apart; §8.3: announce after the last probe's 250 ms passed quietly. */
    static final int PROBE_INTERVAL_MS = 250;
    /** RFC 6762 §8.3: the second announcement one second after the first. */
    static final int ANNOUNCE_INTERVAL_MS = 1000;

    private final JmDNSImpl jmdns;
    private final DNSTaskStarter others;
    private final Timer stateTimer;
    /** When the latest prober sends its first probe (epoch ms); guarded by this. */
    private long firstProbeAt;

    private RfcPacedTasks(JmDNSImpl jmdns) {
        this.jmdns = jmdns;
        this.others = new DNSTaskStarterImpl(jmdns);
        this.stateTimer = new DNSTaskStarterImpl.StarterTimer("JmDNS(" + jmdns.getName() + ").RfcState.Timer", true);
    }

    /** Makes every JmDNS created from now on in this JVM use this starter. Idempotent. */
    static void install() {
        if (!(Factory.classDelegate() instanceof Delegate)) {
            Factory.setClassDelegate(new Delegate());
        }
    }

    private static final class Delegate implements Factory.ClassDelegate {
        @Override
        public DNSTaskStarter newDNSTaskStarter(JmDNSImpl jmdns) {
            return new RfcPacedTasks(jmdns);
        }
    }

    @Override
    public void startProber() {
        long now = System.currentTimeMillis();
        long delay;
        synchronized (this) {
            if (firstProbeAt <= now) {
                firstProbeAt = now + ThreadLocalRandom.current().nextInt(PROBE_INTERVAL_MS + 1);
            }
            delay = firstProbeAt - now;
        }
        new PacedProber(jmdns, delay).start(stateTimer);
    }

    @Override
    public void startAnnouncer() {
        new PacedAnnouncer(jmdns).start(stateTimer);
    }

    @Override
    public void startRenewer() {
        new Renewer(jmdns).start(stateTimer);
    }

    @Override
    public void startCanceler() {
        new Canceler(jmdns).start(stateTimer);
    }

    @Override
    public void purgeStateTimer() {
        stateTimer.purge();
        others.purgeStateTimer();
    }

    @Override
    public void cancelStateTimer() {
        stateTimer.cancel();
        others.cancelStateTimer();
    }

    @Override
    public void purgeTimer() {
        others.purgeTimer();
    }

    @Override
    public void cancelTimer() {
        others.cancelTimer();
    }

    @Override
    public void startReaper() {
        others.startReaper();
    }

    @Override
    public void startServiceInfoResolver(ServiceInfoImpl info) {
        others.startServiceInfoResolver(info);
    }

    @Override
    public void startTypeResolver() {
        others.startTypeResolver();
    }

    @Override
    public void startServiceResolver(String type) {
        others.startServiceResolver(type);
    }

    @Override
    public void startResponder(DNSIncoming in, InetAddress address, int port) {
        others.startResponder(in, address, port);
    }

    /** JmDNS's prober, paced as RFC 6762 §8.1 asks also before the host name was announced. */
    private static final class PacedProber extends Prober {
        private final long initialDelay;

        /** @param initialDelay RFC 6762 §8.1's random 0–250 ms before the first probe */
        PacedProber(JmDNSImpl jmdns, long initialDelay) {
            super(jmdns);
            this.initialDelay = initialDelay;
        }

        @Override
        public void start(Timer timer) {
            JmDNSImpl dns = getDns();
            long now = System.currentTimeMillis();
            boolean recent = now - dns.getLastThrottleIncrement() < DNSConstants.PROBE_THROTTLE_COUNT_INTERVAL;
            dns.setThrottle(recent ? dns.getThrottle() + 1 : 1);
            dns.setLastThrottleIncrement(now);
            if (dns.isCanceling() || dns.isCanceled()) {
                return;
            }
            if (dns.getThrottle() < DNSConstants.PROBE_THROTTLE_COUNT) {
                timer.schedule(this, initialDelay, PROBE_INTERVAL_MS);
            } else {
                timer.schedule(this, DNSConstants.PROBE_CONFLICT_INTERVAL, DNSConstants.PROBE_CONFLICT_INTERVAL);
            }
        }
    }

    /** JmDNS's announcer, first sending 250 ms after the last probe instead of a second after it. */
    private static final class PacedAnnouncer extends Announcer {
        PacedAnnouncer(JmDNSImpl jmdns) {
            super(jmdns);
        }

        @Override
        public void start(Timer timer) {
            if (!getDns().isCanceling() && !getDns().isCanceled()) {
                timer.schedule(this, PROBE_INTERVAL_MS, ANNOUNCE_INTERVAL_MS);
            }
        }
    }
}
