package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.agent.DeviceAgent;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.SensorDescriptor;

import java.util.List;
import java.util.Set;

/**
 * Connects a {@link FirmwareUpdater} to the device's agent, which may not exist yet: {@code run} starts the updater
 * (and a trial's health clock) at boot, before a broker is known. Until an agent is attached the device counts as
 * not connected and the latest report waits for it.
 */
public final class AgentLink implements InstallReporter, HealthSignals {
    private DeviceAgent agent;
    private InstallProgress pending;

    public synchronized void attach(DeviceAgent attached) {
        agent = attached;
        if (pending != null) {
            attached.reportInstall(pending);
            pending = null;
        }
    }

    @Override
    public synchronized void report(InstallProgress progress) {
        if (agent == null) {
            pending = progress;
        } else {
            agent.reportInstall(progress);
        }
    }

    private synchronized DeviceAgent agent() {
        return agent;
    }

    @Override
    public boolean connected() {
        DeviceAgent current = agent();
        return current != null && current.isConnected();
    }

    @Override
    public List<String> sensors() {
        DeviceAgent current = agent();
        return current == null ? List.of() : current.info().sensors().stream().map(SensorDescriptor::id).toList();
    }

    @Override
    public Set<String> acknowledgedSensors() {
        DeviceAgent current = agent();
        return current == null ? Set.of() : current.acknowledgedSensors();
    }
}
