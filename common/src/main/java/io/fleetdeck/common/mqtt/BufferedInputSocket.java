package io.fleetdeck.common.mqtt;

import java.io.IOException;
import java.io.InputStream;

/**
 * A plain socket whose input is buffered. Paho reads each packet from the socket's stream unbuffered: a byte for the
 * type, one per length byte, then the body, i.e. three to five system calls a message. At tens of thousands of
 * telemetry batches a second that made Paho's receiver thread the console's busiest; one read now fetches many
 * packets. Not {@link java.io.BufferedInputStream}: Paho copies each packet's body a byte at a time through
 * {@code read()}, and that class takes a lock for every byte.
 */
final class BufferedInputSocket extends java.net.Socket {
    private static final int BUFFER_BYTES = 64 * 1024;
    private InputStream input;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (input == null) {
            input = new ReadAheadInputStream(super.getInputStream(), BUFFER_BYTES);
        }
        return input;
    }
}
