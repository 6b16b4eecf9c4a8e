package io.fleetdeck.daemon.ota;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whether the shutdown that follows a restart request is a restart: known before the rebooter even returns. */
class DeviceRestartTest {
    @Test
    void saysARestartIsUnderWayWhileTheRebooterRuns() throws Exception {
        AtomicBoolean seenDuringReboot = new AtomicBoolean();
        DeviceRestart[] restart = new DeviceRestart[1];
        restart[0] = new DeviceRestart((trial, why) -> seenDuringReboot.set(restart[0].requested()));

        assertThat(restart[0].requested()).isFalse();
        restart[0].reboot(true, "job-1 installed 1.1.0 into slot B");

        assertThat(seenDuringReboot).isTrue();
        assertThat(restart[0].requested()).isTrue();
    }

    @Test
    void forgetsTheRequestWhenTheRebootCannotStart() {
        DeviceRestart restart = new DeviceRestart((trial, why) -> {
            throw new IOException("'reboot' exited with 1");
        });

        assertThatThrownBy(() -> restart.reboot(false, "rolled back")).isInstanceOf(IOException.class)
                .hasMessageContaining("exited with 1");
        assertThat(restart.requested()).isFalse();
    }
}
