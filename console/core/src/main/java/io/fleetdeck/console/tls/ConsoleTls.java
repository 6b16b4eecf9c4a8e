package io.fleetdeck.console.tls;

import io.fleetdeck.common.files.DurableFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * What the console's TLS servers need, from {@code <data>/tls/}: the {@link ConsoleCa} and a
 * {@link ServerCertificate} for the addresses the servers are reached at, as a key store (the broker reads it from
 * a file), an {@link SSLContext} (the image server) and the CA's PEM (for clients and devices).
 */
public final class ConsoleTls {
    public static final String DIRECTORY = "tls";
    /** Only TLS 1.3 and 1.2: what the JDK and HiveMQ enable by default minus the long-deprecated versions. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final String SERVER_ALIAS = "server";
    static final String CA_ALIAS = "fleetdeck-ca";

    private final ConsoleCa ca;
    private final ServerCertificate server;

    private ConsoleTls(ConsoleCa ca, ServerCertificate server) {
        this.ca = ca;
        this.server = server;
    }

    /**
     * Loads or makes the CA in {@code <dataDirectory>/tls/} and a server certificate for {@code names}.
     *
     * @throws TlsMaterialException naming the file that cannot be read or written
     */
    public static ConsoleTls open(Path dataDirectory, ServerNames names, Clock clock) {
        Path directory = dataDirectory.resolve(DIRECTORY);
        ConsoleCa ca = ConsoleCa.loadOrCreate(directory, clock);
        return new ConsoleTls(ca, ServerCertificate.loadOrIssue(ca, directory, names, clock));
    }

    /**
     * The CA in {@code <dataDirectory>/tls/} with a server certificate for {@code names} kept in memory only (see
     * {@link ServerCertificate#issueInMemory}).
     */
    public static ConsoleTls openInMemory(Path dataDirectory, ServerNames names, Clock clock) {
        ConsoleCa ca = ConsoleCa.loadOrCreate(dataDirectory.resolve(DIRECTORY), clock);
        return new ConsoleTls(ca, ServerCertificate.issueInMemory(ca, names, clock));
    }

    public ConsoleCa ca() {
        return ca;
    }

    /** The CA certificate as PEM: what clients and devices trust. */
    public String caCertificatePem() {
        return ca.caCertificatePem();
    }

    /** The file holding {@link #caCertificatePem()}, for clients on this machine. */
    public Path caCertificateFile() {
        return ca.certificateFile();
    }

    public ServerCertificate server() {
        return server;
    }

    /** A PKCS#12 store with the server key under {@code server}, its chain ending in the CA. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(SERVER_ALIAS, server.keyPair().getPrivate(), password,
                    new Certificate[]{server.certificate(), ca.certificate()});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory PKCS#12 key store", e);
        }
    }

    /** A PKCS#12 store trusting the CA only: for the broker to check client certificates signed by it. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(CA_ALIAS, ca.certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory PKCS#12 trust store", e);
        }
    }

    /** A server context presenting the server certificate. */
    public SSLContext serverContext() {
        try {
            char[] password = randomPassword().toCharArray();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the server's TLS context", e);
        }
    }

    /** Writes {@code store} to {@code file} (0600, crash-safe), for a server that reads its store from a file. */
    public static void write(KeyStore store, char[] password, Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            store.store(bytes, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsMaterialException(file, "cannot encode the key store", e);
        }
        try {
            DurableFiles.writeAtomically(file, bytes.toByteArray(), ConsoleCa.posix() ? ConsoleCa.OWNER_ONLY : null);
        } catch (IOException e) {
            throw new TlsMaterialException(file, "cannot write it", e);
        }
    }

    /** A fresh password for a key store that lives as long as one start: its file is 0600 anyway. */
    public static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
