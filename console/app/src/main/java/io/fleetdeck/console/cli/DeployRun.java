package io.fleetdeck.console.cli;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.broker.auth.PasswordHash;
import io.fleetdeck.console.firmware.LocalRoutes;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.groups.GroupTargets;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.console.rollout.ReleaseOptions;
import io.fleetdeck.console.rollout.RolloutException;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.console.rollout.RolloutSettings;
import io.fleetdeck.console.rollout.Rollouts;
import io.fleetdeck.console.rollout.staged.RolloutTargets;
import io.fleetdeck.console.runtime.ConsoleServices;
import io.fleetdeck.console.tls.ConsoleCa;
import io.fleetdeck.console.tls.ConsoleTls;
import io.fleetdeck.console.trust.AcceptedOffer;
import io.fleetdeck.console.trust.KeyInstaller;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One deploy from start to exit code: connects with a short-lived session that follows only the named devices, waits
 * for their retained info, offers them the console's key if asked, imports, signs and pre-flights the image, installs
 * on the devices that passed, follows each job to its end and cancels those still running at the timeout.
 */
final class DeployRun {
    static final int ALL_COMMITTED = 0;
    static final int SOME_FAILED = 1;
    static final int CANNOT_RUN = 2;
    private static final long POLL_MS = 100;
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Made with the run, not with the class: only after the command pointed the log at deploy.log. */
    private final Logger log = LoggerFactory.getLogger(DeployRun.class);
    private final DeployRequest request;
    private final DeployPrinter printer;
    private final BlockingQueue<RolloutJob> changes = new LinkedBlockingQueue<>();
    /** The devices named, and once resolved, the group's members. */
    private List<DeviceId> targets;

    DeployRun(DeployRequest request, DeployPrinter printer) {
        this.request = request;
        this.printer = printer;
        this.targets = request.targets();
    }

    /** Runs the deploy and closes everything it opened; returns the exit code. */
    int run() {
        try (ConsoleServices services = open()) {
            return deploy(services);
        } catch (RuntimeException e) {
            printer.error(e.getMessage());
            log.error("deploy failed", e);
            return CANNOT_RUN;
        }
    }

    private ConsoleServices open() {
        ConsoleServices.Builder builder = ConsoleServices.builder(request.dataDirectory());
        if (request.tls()) {
            builder.tls(0); // external broker: only the image server changes
        }
        brokerCa().ifPresent(builder::brokerCa);
        String session = "deploy-" + HexFormat.of().formatHex(randomBytes(4));
        if (request.group().isPresent()) {
            // A group is picked by what devices announce, so every device's info has to be seen.
            builder.followAllDevices(session);
        } else {
            builder.followOnly(targets, session);
        }
        return builder
                .externalBroker(request.broker())
                // The window's history is left alone, and a clean session leaves nothing queued on the broker.
                .withoutHistory()
                // Without mDNS there are no pinned keys; the devices' own pre-flight checks the release's key.
                .rolloutSettings(RolloutSettings.defaults().withRequireAdoption(false))
                .imageServer(this::imageAddress)
                .jobListener(changes::add)
                // The window's staged rollouts are the window's to drive; this run drives only its own.
                .leaveStoredStagedRollouts()
                .build();
    }

    /** The CA to trust for an ssl:// broker: as given, else the console's own when this machine has one. */
    private Optional<Path> brokerCa() {
        if (request.brokerCa().isPresent() || !request.broker().startsWith("ssl://")) {
            return request.brokerCa();
        }
        Path own = request.dataDirectory().resolve(ConsoleTls.DIRECTORY).resolve(ConsoleCa.CERTIFICATE_FILE);
        return Files.exists(own) ? Optional.of(own) : Optional.empty();
    }

    /** Where devices can reach this machine: as given, else our address on the way to the broker. */
    private InetSocketAddress imageAddress(String brokerUrl) {
        InetAddress host;
        if (request.bind().isPresent()) {
            String bind = request.bind().get();
            host = LocalRoutes.literal(bind).orElseThrow(() -> new IllegalArgumentException(
                    "--bind " + bind + ": not an IP address"));
        } else {
            String brokerHost = URI.create(brokerUrl).getHost();
            host = LocalRoutes.toward(brokerHost == null ? List.of() : List.of(brokerHost),
                    InetAddress.getLoopbackAddress());
        }
        return new InetSocketAddress(host, request.imagePort());
    }

    /**
     * {@code --adopt}: offers each online target the console's key (with its pairing code, if given) and pins the
     * key it answers with, and its broker password, in the window's history, so the console's broker admits it.
     * Without mDNS there is no announced key to compare: the printed key is what the operator checks on the device.
     *
     * @return an exit code when interrupted; empty to go on with the devices left in {@code remaining}
     */
    private Optional<Integer> adopt(ConsoleServices services, FleetRegistry registry, Map<DeviceId, String> failed,
                                    List<DeviceId> remaining) {
        KeyInstaller installer = new KeyInstaller(services.commands(), services.consoleId(),
                services.operatorKey().keyPair());
        try (PinnedKeyStore pins = services.openWindowPins()) {
            for (DeviceId device : targets) {
                if (registry.device(device).filter(d -> d.presence() == PresenceState.ONLINE).isEmpty()) {
                    String reason = "not online on " + request.broker() + ", so it cannot be given the key";
                    services.audit().failed(AuditAction.ADOPT, device.value(), "by deploy --adopt: " + reason);
                    printer.notAdopted(device, reason);
                    failed.put(device, reason);
                    remaining.remove(device);
                    continue;
                }
                try {
                    AcceptedOffer accepted = installer.install(device, Optional.empty(),
                            Optional.ofNullable(request.pairingCodes().get(device))).get();
                    pins.adopt(device, accepted.answer().deviceKey(),
                            PasswordHash.of(accepted.answer().password(), new SecureRandom()),
                            System.currentTimeMillis());
                    services.audit().succeeded(AuditAction.ADOPT, device.value(), "by deploy --adopt; it trusts key "
                            + installer.fingerprint().value() + ", its key " + accepted.answer().fingerprint()
                            + " is pinned");
                    printer.trustsKey(device, installer.fingerprint().value() + " (device key "
                            + accepted.answer().fingerprint() + ")");
                } catch (ExecutionException e) {
                    String reason = e.getCause().getMessage();
                    services.audit().failed(AuditAction.ADOPT, device.value(), "by deploy --adopt: " + reason);
                    printer.notAdopted(device, reason);
                    failed.put(device, reason);
                    remaining.remove(device);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.of(SOME_FAILED);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Adds the members of the saved group {@code name} to the targets, as the devices announced themselves by the end
     * of {@code --wait} (retained info arrives right after subscribing; there is no telling when the last has).
     *
     * @return an exit code when the group is unknown or empty; empty to go on
     */
    private Optional<Integer> resolveGroup(ConsoleServices services, String name) {
        if (services.groups().group(name).isEmpty()) {
            printer.error("no saved group \"" + name + "\" (fleetdeck group list)");
            return Optional.of(CANNOT_RUN);
        }
        sleep(request.retainedWait().toMillis());
        List<DeviceId> members = services.groups().members(name, services.registry().devices());
        if (members.isEmpty()) {
            printer.error("group \"" + name + "\" holds no device that announced itself within "
                    + request.retainedWait());
            return Optional.of(CANNOT_RUN);
        }
        printer.group(name, members);
        LinkedHashSet<DeviceId> all = new LinkedHashSet<>(targets);
        all.addAll(members);
        targets = List.copyOf(all);
        return Optional.empty();
    }

    private int deploy(ConsoleServices services) {
        if (!connected(services)) {
            printer.error("cannot reach the broker " + request.broker() + ": " + services.connection().detail());
            return CANNOT_RUN;
        }
        FleetRegistry registry = services.registry();
        if (request.group().isPresent()) {
            Optional<Integer> stopped = resolveGroup(services, request.group().get());
            if (stopped.isPresent()) {
                return stopped.get();
            }
        }
        awaitDevices(registry);
        Map<DeviceId, String> failed = new LinkedHashMap<>();
        List<DeviceId> remaining = new ArrayList<>(targets);
        if (request.adopt()) {
            Optional<Integer> stopped = adopt(services, registry, failed, remaining);
            if (stopped.isPresent()) {
                return stopped.get();
            }
        }
        if (remaining.isEmpty()) {
            return summary(failed);
        }
        Rollouts rollouts = services.rollouts();
        if (request.staged().isPresent()) {
            // A group's members are asked again while the rollout runs: a device that joins the group is taken too.
            RolloutTargets targets = request.group().isPresent()
                    ? new GroupTargets(services.groups(), registry, request.group().get(), remaining)
                    : RolloutTargets.of(remaining);
            Optional<Integer> stopped = new StagedDeploy(request, request.staged().get(), printer, changes)
                    .run(rollouts, services.stagedRollouts(), targets, failed);
            return stopped.orElseGet(() -> summary(failed));
        }
        RolloutPlan plan;
        try {
            plan = rollouts.plan(request.image(), remaining, new ReleaseOptions(request.version(),
                            request.securityVersion(), request.allowDowngrade()))
                    .get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            printer.error(cause instanceof RolloutException ? cause.getMessage() : cause.toString());
            return CANNOT_RUN;
        } catch (TimeoutException e) {
            printer.error("pre-flight took longer than " + request.timeout());
            return SOME_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SOME_FAILED;
        }
        printer.release(plan);
        for (PreflightVerdict verdict : plan.verdicts()) {
            if (verdict.cleared()) {
                printer.preflightOk(verdict.device(), verdict.message());
            } else {
                String reason = verdict.failure().orElseThrow().describe(verdict.message());
                printer.refused(verdict.device(), reason);
                failed.put(verdict.device(), reason);
            }
        }
        if (!plan.cleared().isEmpty()) {
            follow(rollouts, plan, failed);
        }
        return summary(failed);
    }

    private void follow(Rollouts rollouts, RolloutPlan plan, Map<DeviceId, String> failed) {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        List<RolloutJob> started;
        try {
            started = rollouts.start(plan).get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            for (PreflightVerdict verdict : plan.cleared()) {
                failed.put(verdict.device(), "the install could not be started: " + e);
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (PreflightVerdict verdict : plan.cleared()) {
            if (started.stream().noneMatch(job -> job.device().equals(verdict.device()))) {
                failed.put(verdict.device(), "the install could not be started (see deploy.log)");
            }
        }
        List<String> ids = started.stream().map(RolloutJob::id).toList();
        while (true) {
            RolloutJob change;
            try {
                change = changes.poll(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (change != null && ids.contains(change.id())) {
                printer.jobChanged(change);
                continue;
            }
            boolean allFinal = ids.stream().map(id -> current(rollouts, id)).allMatch(job -> job.state().isFinal());
            if (allFinal && changes.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                for (String id : ids) {
                    RolloutJob job = current(rollouts, id);
                    if (!job.state().isFinal()) {
                        rollouts.cancel(id);
                        failed.put(job.device(), "timed out after " + DeployPrinter.duration(request.timeout())
                                + " while " + job.state());
                        printer.timedOut(job, request.timeout());
                    }
                }
                return;
            }
        }
        for (String id : ids) {
            RolloutJob job = current(rollouts, id);
            if (job.state() != InstallState.COMMITTED) {
                failed.put(job.device(), job.state() + (job.reason().isEmpty() ? "" : ": " + job.reason()));
            }
        }
    }

    private static RolloutJob current(Rollouts rollouts, String id) {
        return rollouts.jobs().stream().filter(job -> job.id().equals(id)).findFirst().orElseThrow();
    }

    private int summary(Map<DeviceId, String> failed) {
        printer.summary(targets, failed);
        return failed.isEmpty() ? ALL_COMMITTED : SOME_FAILED;
    }

    private static boolean connected(ConsoleServices services) {
        long deadline = System.nanoTime() + CONNECT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (services.subscribed()) {
                return true;
            }
            sleep(POLL_MS);
        }
        return false;
    }

    /** Retained info and status arrive right after the subscription; wait for them, not longer. */
    private void awaitDevices(FleetRegistry registry) {
        long deadline = System.nanoTime() + request.retainedWait().toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = targets.stream().map(registry::device).allMatch(snapshot -> snapshot
                    .filter(s -> s.info().isPresent() && s.presence() != PresenceState.UNKNOWN).isPresent());
            if (all) {
                return;
            }
            sleep(POLL_MS);
        }
        for (DeviceId device : targets) {
            Optional<DeviceSnapshot> snapshot = registry.device(device);
            if (snapshot.flatMap(DeviceSnapshot::info).isEmpty()) {
                log.warn("No retained info from {} on {} within {}", device, request.broker(), request.retainedWait());
            }
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
