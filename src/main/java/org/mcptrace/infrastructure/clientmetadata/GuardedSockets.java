package org.mcptrace.infrastructure.clientmetadata;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS sockets of one fetch, each checked against {@link AddressRanges} once it is connected and before a byte is
 * sent. Checking the socket rather than a DNS answer closes the rebinding gap: a name that resolves to a public
 * address when asked and to 169.254.169.254 when connected is refused all the same.
 *
 * <p>HttpsURLConnection asks its factory for an unconnected socket first; this factory has none (the
 * {@link javax.net.SocketFactory} default), so the connection connects a plain socket itself and hands it to
 * {@link #createSocket(Socket, String, int, boolean)} to layer TLS over, which is where the address is checked. The
 * socket is also kept, so that the fetch's deadline can close it whatever it is waiting for.
 */
final class GuardedSockets extends SSLSocketFactory {

    /** The connection went to an address a fetch must not reach. */
    static final class RefusedAddress extends IOException {

        private static final long serialVersionUID = 1L;

        RefusedAddress(String message) {
            super(message);
        }
    }

    private final SSLSocketFactory tls;
    private final boolean allowPrivate;
    private volatile Socket connected;
    private volatile boolean closed;

    GuardedSockets(SSLSocketFactory tls, boolean allowPrivate) {
        this.tls = tls;
        this.allowPrivate = allowPrivate;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        connected = socket;
        if (closed) {
            socket.close();
            throw new IOException("the fetch's time is up");
        }
        InetAddress address = socket.getInetAddress();
        String refusal = address == null ? "not connected" : AddressRanges.refusal(address, allowPrivate);
        if (refusal != null) {
            socket.close();
            throw new RefusedAddress(host + " is at " + (address == null ? "no address" : address.getHostAddress())
                    + ", which is " + refusal + "; metadata documents are fetched from public addresses only");
        }
        SSLSocket layered = (SSLSocket) tls.createSocket(socket, host, port, autoClose);
        // the host name is checked against the certificate in the handshake, whatever hostname verifier is set
        SSLParameters parameters = layered.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        layered.setSSLParameters(parameters);
        return layered;
    }

    /** Closes the connection, or the next one made: whatever the fetch waits for (handshake, headers, body) ends. */
    void close() {
        closed = true;
        Socket socket = connected;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing is all that was wanted
            }
        }
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("only sockets already connected are layered here");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new IOException("only sockets already connected are layered here");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new IOException("only sockets already connected are layered here");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw new IOException("only sockets already connected are layered here");
    }
}
