package io.fleetdeck.bench;

import java.util.Map;

/**
 * One run's figures; times in ms.
 *
 * @param load1            1-minute load average when the run started
 * @param curl             curl fetching the image once per device, at once
 * @param curlCpu          CPU in % of one core during the curl fan-out (console, fleet, machine, other)
 * @param accepted         from {@code Rollouts.start} until every device had accepted cmd/install
 * @param allDownloading   until the last device reported DOWNLOADING
 * @param allWritten       until the last device reported VERIFYING: downloaded, written and checkpointed
 * @param pastVerifying    until the last device reported a state after VERIFYING: also fsynced and read back
 * @param committed        until the last device reported COMMITTED: also restarted and health-checked
 * @param medianDownloadWrite median per device from DOWNLOADING to VERIFYING
 * @param medianReadBack   median per device from VERIFYING to the next state
 * @param medianRestart    median per device from past VERIFYING to COMMITTED
 * @param fleetCpu         CPU in % of one core from start until all past VERIFYING (console, fleet, machine, other)
 * @param dd               {@code dd ... conv=fsync} into a slot file
 * @param ddCpuS           CPU seconds of the dd process
 * @param installerCpuS    CPU seconds of the installer JVM over its first install
 * @param serverCpuS       CPU seconds of the console JVM (image server) over that install
 * @param firstWrite       the installer's first install in a fresh JVM: until VERIFYING
 * @param firstTotal       the same install until verified
 * @param secondWrite      a second install in the same JVM: until VERIFYING
 * @param secondTotal      the same install until verified
 */
record OtaRunResult(int run, double load1, Baselines.CurlResult curl, Map<String, Double> curlCpu, long accepted,
                    long allDownloading, long allWritten, long pastVerifying, long committed,
                    long medianDownloadWrite, long medianReadBack, long medianRestart, Map<String, Double> fleetCpu,
                    double dd, double firstWrite, double firstTotal, double secondWrite, double secondTotal,
                    double ddCpuS, double installerCpuS, double serverCpuS) {

    double fanOutRatioDurable() {
        return pastVerifying / (double) curl.durableMs();
    }

    double fanOutRatioCurlOnly() {
        return pastVerifying / (double) curl.curlMs();
    }

    /** Throughput ratio Fleetdeck / dd = dd time / Fleetdeck time, for the installer's first install. */
    double writePathRatio() {
        return dd / firstTotal;
    }

    double writePhaseRatio() {
        return dd / firstWrite;
    }
}
