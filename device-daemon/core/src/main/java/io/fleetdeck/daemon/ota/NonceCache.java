package io.fleetdeck.daemon.ota;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The nonces of signed commands this run of the daemon has seen, each until its command expires: a copy of a command
 * is {@code REPLAYED} while it could still pass the expiry check. In memory only; after a restart, or once a nonce is
 * forgotten, an install's copy is still {@code STALE} ({@link InstallFreshness}).
 *
 * <p>Bounded: on a device whose clock was never set nothing expires, so when full the nonce that expires first is
 * forgotten. Only commands signed by a trusted key get this far, so filling it takes the operator's own traffic.
 */
final class NonceCache {
    static final int DEFAULT_CAPACITY = 4_096;

    private record Seen(String nonce, long expiresMs) {
    }

    private final int capacity;
    private final Map<String, Seen> seen = new HashMap<>();
    private final PriorityQueue<Seen> byExpiry = new PriorityQueue<>(Comparator.comparingLong(Seen::expiresMs));

    NonceCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Remembers {@code nonce} until {@code expiresMs}; false when it is remembered already (a replay). Nonces that
     * expired before {@code forgetBeforeMs} are forgotten first.
     */
    synchronized boolean add(String nonce, long expiresMs, long forgetBeforeMs) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresMs() < forgetBeforeMs) {
            seen.remove(byExpiry.poll().nonce());
        }
        if (seen.containsKey(nonce)) {
            return false;
        }
        if (seen.size() >= capacity) {
            seen.remove(byExpiry.poll().nonce());
        }
        Seen entry = new Seen(nonce, expiresMs);
        seen.put(nonce, entry);
        byExpiry.add(entry);
        return true;
    }

    synchronized int size() {
        return seen.size();
    }
}
