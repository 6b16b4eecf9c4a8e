package io.fleetdeck.daemon.ota;

/** Receives progress on the installing thread; throttled to about one call per megabyte, so keep it cheap. */
@FunctionalInterface
public interface InstallListener {
    InstallListener NONE = progress -> { };

    void onProgress(InstallerProgress progress);
}
