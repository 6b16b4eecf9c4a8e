package io.fleetdeck.common.mdns;

import java.io.IOException;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.DNSOutgoing;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.constants.DNSRecordClass;

/**
 * Sends a changed TXT record at once (RFC 6762 §8.4: "announce the new data with the cache-flush bit set").
 * JmDNS's {@code ServiceInfo.setText} only stores the new text and re-announces it whenever its next renewal task
 * happens to run, which with the default one-hour TTL is half an hour later; browsers would keep showing the old
 * firmware version. Withdrawing and registering again would work but tells every browser the device left.
 */
final class TxtAnnouncement {
    private TxtAnnouncement() {
    }

    static void send(JmDNS jmdns, ServiceInfo info) throws IOException {
        DNSOutgoing out = new DNSOutgoing(DNSConstants.FLAGS_QR_RESPONSE | DNSConstants.FLAGS_AA);
        out.addAnswer(new DNSRecord.Text(info.getQualifiedName(), DNSRecordClass.CLASS_IN, DNSRecordClass.UNIQUE,
                DNSConstants.DNS_TTL, info.getTextBytes()), 0);
        ((JmDNSImpl) jmdns).send(out);
    }
}
