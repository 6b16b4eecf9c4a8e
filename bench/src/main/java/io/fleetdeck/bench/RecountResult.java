package io.fleetdeck.bench;

import java.util.Map;

/**
 * A phase that ends in a recount: readings the load generator had acknowledged (PUBACK from the broker, exact
 * counters) against distinct readings in the console's SQLite file after it caught up and closed.
 *
 * @param phase        "overload" or "console kill -9"
 * @param load         what offered the load, for the table
 * @param published    readings PUBACKed to the load generator over the whole phase
 * @param offeredPerS  PUBACKed readings per second while the load ran
 * @param window       the (last) console's figures while the load ran: rates, history queue, drops
 * @param catchUp      how the wait for the console to catch up ended
 * @param counted      what the file holds
 * @param totals       the (last) console's totals after it flushed and closed
 * @param note         what else the phase saw (kill exit status, restart time)
 * @param unacknowledged readings the publisher still held unacknowledged when it closed (sent at least once, or
 *                       waiting): the console may have stored them and died, or closed, before their PUBACK left
 */
record RecountResult(String phase, String load, long published, double offeredPerS, Map<String, String> window,
                     CatchUp catchUp, HistoryRecount.Counted counted, Map<String, String> totals, String note,
                     long unacknowledged) {

    RecountResult(String phase, String load, long published, double offeredPerS, Map<String, String> window,
                  CatchUp catchUp, HistoryRecount.Counted counted, Map<String, String> totals, String note) {
        this(phase, load, published, offeredPerS, window, catchUp, counted, totals, note, 0);
    }

    /**
     * No acknowledged reading missing: stored equals PUBACKed, or exceeds it by no more than the readings the
     * publisher never got a PUBACK for (committed, but the acknowledgement was lost with the console or the close).
     */
    boolean met() {
        long lost = lost();
        return lost == 0 || (lost < 0 && -lost <= unacknowledged);
    }

    /** PUBACKed but not in the file: the figure issue #10 wants at 0. Negative if the file holds more. */
    long lost() {
        return published - counted.distinct();
    }

    double window(String key) {
        String value = window.get(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }
}
