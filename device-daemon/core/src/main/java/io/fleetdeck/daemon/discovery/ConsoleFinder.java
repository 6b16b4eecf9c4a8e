package io.fleetdeck.daemon.discovery;

import io.fleetdeck.common.mdns.MdnsEndpoints;
import io.fleetdeck.common.mdns.ResolvedService;
import io.fleetdeck.common.mdns.ServiceBrowser;
import io.fleetdeck.daemon.identity.ConsolePin;
import io.fleetdeck.model.AnnouncementException;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Finds the console over mDNS ({@code _fleetdeck-console._tcp}) for a daemon that has no broker configured: the one
 * named (by console id or instance name), or else the first one seen. Tells its listener the console's announcement
 * whenever the broker URL to use changes: first when found, then if the chosen console comes back on another
 * address, or, once it has left, when another matching console appears.
 *
 * <p>A device adopted by a console ({@link ConsolePin}) follows only that console: announcements of another console
 * id, another key or no key are ignored (logged once each), also when the pinned console is gone, so whoever
 * announces a console on the LAN cannot move the device to their broker. The pin is read each time an announcement
 * is weighed, so one saved while the daemon runs counts from the next announcement on.
 */
public final class ConsoleFinder implements ServiceBrowser.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleFinder.class);

    private final Optional<String> wanted;
    private final Consumer<ConsoleAnnouncement> onChange;
    private final ConsolePinCheck pinCheck;
    private final ServiceBrowser browser;
    /** Usable consoles by instance and interface, in the order seen; touched on the browser thread only. */
    private final Map<String, ConsoleAnnouncement> present = new LinkedHashMap<>();
    private ConsoleAnnouncement chosen;
    private boolean chosenPresent;

    /**
     * @param wanted   a console id or instance name to accept, or empty for the first console found
     * @param pin      the console the device was adopted by, if any; the only one it may then follow
     * @param requery  browser re-query period
     * @param onChange called on the browser thread with the console to use; must return quickly
     */
    public ConsoleFinder(MdnsEndpoints endpoints, Optional<String> wanted, ConsolePin pin, Duration requery,
                         Consumer<ConsoleAnnouncement> onChange) {
        this.wanted = Objects.requireNonNull(wanted, "wanted");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.pinCheck = new ConsolePinCheck(pin);
        log.info("looking for {} over mDNS on {}, {}", wanted.map(w -> "console \"" + w + "\"").orElse("a console"),
                endpoints.interfaces(), pinCheck.describe());
        this.browser = new ServiceBrowser(endpoints, ConsoleAnnouncement.SERVICE_TYPE, requery, this);
    }

    /** The console in use, if one was found. */
    public synchronized Optional<ConsoleAnnouncement> current() {
        return Optional.ofNullable(chosen);
    }

    /** Waits until a console is found. */
    public synchronized ConsoleAnnouncement await(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (chosen == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no console announced " + ConsoleAnnouncement.SERVICE_TYPE + " within "
                        + timeout.toSeconds() + " s" + wanted.map(w -> " named \"" + w + "\"").orElse(""));
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return chosen;
    }

    @Override
    public void resolved(ResolvedService service) {
        ConsoleAnnouncement console;
        try {
            console = ConsoleAnnouncement.fromTxt(service.instance(), service.txt());
        } catch (AnnouncementException e) {
            log.warn("ignoring console announcement via {}: {}", service.via(), e.getMessage());
            return;
        }
        if (wanted.isPresent() && !wanted.get().equals(console.consoleId())
                && !wanted.get().equals(service.instance())) {
            log.debug("ignoring console {} ({}): looking for {}", console.consoleId(), console.brokerUrl(),
                    wanted.get());
            return;
        }
        if (!pinCheck.allows(console, service.instance(), service.via())) {
            return;
        }
        ConsoleAnnouncement changed = null;
        synchronized (this) {
            present.put(key(service.instance(), service.via()), console);
            // A console chosen before the device was adopted by another gives way to the pinned one.
            if (chosen == null || !chosenPresent || chosen.consoleId().equals(console.consoleId())
                    || !pinCheck.stillAllows(chosen)) {
                chosenPresent = true;
                if (!console.equals(chosen)) {
                    chosen = console;
                    changed = console;
                    notifyAll();
                }
            }
        }
        if (changed != null) {
            log.info("console {} found via {}: broker {}", Identifiers.quote(changed.consoleId()), service.via(),
                    changed.brokerUrl());
            onChange.accept(changed);
        }
    }

    @Override
    public void removed(String instance, String via) {
        ConsoleAnnouncement changed = null;
        synchronized (this) {
            ConsoleAnnouncement gone = present.remove(key(instance, via));
            if (gone == null || chosen == null || !gone.consoleId().equals(chosen.consoleId())) {
                return;
            }
            Optional<ConsoleAnnouncement> same = present.values().stream()
                    .filter(c -> c.consoleId().equals(chosen.consoleId())).findFirst();
            if (same.isPresent()) {
                return; // still seen on another interface
            }
            log.info("console {} left; its devices keep retrying {} until it or another console is announced",
                    Identifiers.quote(chosen.consoleId()), chosen.brokerUrl());
            chosenPresent = false;
            Optional<ConsoleAnnouncement> other = present.values().stream().filter(pinCheck::stillAllows)
                    .findFirst();
            if (other.isPresent()) {
                chosen = other.get();
                chosenPresent = true;
                changed = chosen;
            }
        }
        if (changed != null) {
            onChange.accept(changed);
        }
    }

    private static String key(String instance, String via) {
        return instance + "\u0000" + via;
    }

    @Override
    public void close() {
        browser.close();
    }
}
