package io.fleetdeck.console.broker.auth;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded broker's gatekeeper, as a HiveMQ extension: {@link ClientAdmission} at CONNECT, {@link TopicPolicy}
 * for every PUBLISH and SUBSCRIBE. A refused PUBLISH is answered with PUBACK {@code NOT_AUTHORIZED} (0x87), not
 * delivered, and HiveMQ then closes the connection (its rule for MQTT 5; the daemon reconnects); a refused SUBSCRIBE
 * gets SUBACK 0x87 and the client stays. Each refusal is written to the log through {@link AccessLog}.
 */
public final class AccessControl implements ExtensionMain {
    private static final String ROLE = "fleetdeck.role";
    private static final String USER = "fleetdeck.user";

    private final ClientAdmission admission;
    private final AccessLog log;

    private AccessControl(BrokerAccounts accounts, AccessLog log) {
        this.admission = new ClientAdmission(accounts);
        this.log = log;
    }

    /** The extension's main, for an embedded HiveMQ that combines it with others (one embedded extension each). */
    public static ExtensionMain main(BrokerAccounts accounts, AccessLog log) {
        return new AccessControl(Objects.requireNonNull(accounts, "accounts"), log);
    }

    /** The extension to add to an embedded HiveMQ so it admits only the accounts in {@code accounts}. */
    public static EmbeddedExtension extension(BrokerAccounts accounts, AccessLog log) {
        return EmbeddedExtension.builder()
                .withId("fleetdeck-access-control")
                .withName("Fleetdeck access control")
                .withVersion("1")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new AccessControl(Objects.requireNonNull(accounts, "accounts"), log))
                .build();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        // One shared instance each: they keep no state per client (that is in the connection's attribute store).
        SimpleAuthenticator authenticator = this::authenticate;
        Authorizer authorizer = new Authorizer();
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
        Services.interceptorRegistry().setConnectInboundInterceptorProvider(providerInput -> AccessControl::expire);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // Nothing to release: HiveMQ drops the providers with the extension.
    }

    /**
     * Only the console keeps a session while it is away (the broker queues its telemetry); anyone else's session ends
     * with its connection, so clients that come and go cannot pile up sessions and queues on the broker.
     */
    private static void expire(ConnectInboundInput input, ConnectInboundOutput output) {
        if (!output.getConnectPacket().getUserName().map(BrokerAccounts.CONSOLE_USER::equals).orElse(false)) {
            output.getConnectPacket().setSessionExpiryInterval(0);
        }
    }

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        Optional<String> password = connect.getPassword().map(AccessControl::utf8);
        Admission decision = admission.decide(connect.getClientId(), connect.getUserName(), password);
        String address = input.getConnectionInformation().getInetAddress().map(Object::toString).orElse("?");
        if (!decision.isAdmitted()) {
            log.connectRefused(connect.getClientId(), connect.getUserName().orElse(""), address, decision.refusal());
            output.failAuthentication(decision.badCredentials() ? ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD
                    : ConnackReasonCode.NOT_AUTHORIZED, decision.refusal());
            return;
        }
        ConnectionAttributeStore attributes = input.getConnectionInformation().getConnectionAttributeStore();
        attributes.putAsString(ROLE, decision.role().name());
        attributes.putAsString(USER, connect.getUserName().orElseThrow());
        output.authenticateSuccessfully();
    }

    private final class Authorizer implements PublishAuthorizer, SubscriptionAuthorizer {
        @Override
        public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
            String topic = input.getPublishPacket().getTopic();
            Optional<Client> client = client(input.getConnectionInformation().getConnectionAttributeStore());
            if (client.isPresent() && TopicPolicy.mayPublish(client.get().role(), client.get().user(), topic)) {
                output.authorizeSuccessfully();
                return;
            }
            String reason = "may not publish to " + topic;
            log.publishRefused(input.getClientInformation().getClientId(), topic);
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, reason);
        }

        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            String filter = input.getSubscription().getTopicFilter();
            Optional<Client> client = client(input.getConnectionInformation().getConnectionAttributeStore());
            if (client.isPresent() && TopicPolicy.maySubscribe(client.get().role(), client.get().user(), filter)) {
                output.authorizeSuccessfully();
                return;
            }
            log.subscribeRefused(input.getClientInformation().getClientId(), filter);
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "may not subscribe to " + filter);
        }
    }

    private record Client(ClientRole role, String user) {
    }

    private static Optional<Client> client(ConnectionAttributeStore attributes) {
        Optional<String> role = attributes.getAsString(ROLE);
        Optional<String> user = attributes.getAsString(USER);
        if (role.isEmpty() || user.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Client(ClientRole.valueOf(role.get()), user.get()));
    }

    private static String utf8(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
