package io.fleetdeck.common.mdns;

/** Told when {@link MdnsEndpoints} opens JmDNS on an interface and before it closes one (address change, shutdown). */
public interface EndpointListener {
    /** JmDNS now runs on this endpoint: register services, add service listeners. */
    void opened(MdnsEndpoint endpoint);

    /** The endpoint is about to close; stop using it. */
    void closing(MdnsEndpoint endpoint);
}
