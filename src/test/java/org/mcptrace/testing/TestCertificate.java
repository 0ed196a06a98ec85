package org.mcptrace.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed TLS certificate for 127.0.0.1 and localhost, made by the JDK's keytool (nothing to install), written as
 * the PEM files a proxy such as nginx reads, with an SSLContext for clients that trust exactly that certificate.
 */
public record TestCertificate(Path certificate, Path key, SSLContext trusting) {

    private static final String ALIAS = "proxy";

    public static TestCertificate create(Path dir) throws Exception {
        Path work = Files.createDirectories(dir.toAbsolutePath());
        Path store = work.resolve("tls.p12");
        Files.deleteIfExists(store);
        String password = "test-" + System.nanoTime();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool could not make a certificate: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password.toCharArray());
        }
        Certificate certificate = keys.getCertificate(ALIAS);
        PrivateKey key = (PrivateKey) keys.getKey(ALIAS, password.toCharArray());
        Path certificateFile = work.resolve("proxy.crt");
        Path keyFile = work.resolve("proxy.key");
        Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
        // PKCS#8, unencrypted: what nginx reads without a passphrase prompt
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return new TestCertificate(certificateFile, keyFile, context);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
