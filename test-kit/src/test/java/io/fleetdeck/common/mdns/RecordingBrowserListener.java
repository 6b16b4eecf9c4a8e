package io.fleetdeck.common.mdns;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a {@link ServiceBrowser} reported, for polling assertions. */
final class RecordingBrowserListener implements ServiceBrowser.Listener {
    final List<ResolvedService> resolved = new CopyOnWriteArrayList<>();
    final List<String> removed = new CopyOnWriteArrayList<>();

    @Override
    public void resolved(ResolvedService service) {
        resolved.add(service);
    }

    @Override
    public void removed(String instance, String via) {
        removed.add(instance);
    }

    Optional<ResolvedService> last(String instance) {
        return resolved.stream().filter(s -> s.instance().equals(instance)).reduce((a, b) -> b);
    }

    long count(String instance) {
        return resolved.stream().filter(s -> s.instance().equals(instance)).count();
    }
}
