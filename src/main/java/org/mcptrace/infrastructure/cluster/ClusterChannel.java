package org.mcptrace.infrastructure.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.ObjectMessage;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.JDBC_PING2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.pbcast.STATE_TRANSFER;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * One node's membership of the cluster, on JGroups: TCP between nodes, discovery through a table in the shared database
 * (JDBC_PING2 on the application's data source, so a new node needs no member list), joins admitted only with a proof
 * of MCPTRACE_CLUSTER_KEY (AUTH), every message encrypted with a key derived from it (SYM_ENCRYPT), and the current
 * buffer handed to a joiner (STATE_TRANSFER). Plain Java, so tests can run several nodes in one JVM.
 */
public final class ClusterChannel implements AutoCloseable {

    /** What the channel needs from the node it connects. */
    public interface Node {
        /** Entries another node resolved, oldest first, in the order that node sent them. */
        void received(List<TraceEntry> entries, String from);

        /** This node's buffer, oldest first, for a node that joins. */
        List<TraceEntry> state();

        /** The membership changed. */
        default void viewChanged(List<String> members) {
        }
    }

    /** Where the node listens and what it proves. */
    public record Settings(String clusterName, String nodeName, String key, InetAddress bind, int port) {
    }

    /** The failure-detection socket listens this far above the cluster port. */
    static final int FAILURE_DETECTION_OFFSET = 50;
    /** How many ports above the configured one a node tries when it is taken. */
    static final int PORT_RANGE = 20;
    private static final long STATE_TIMEOUT_MILLIS = 30_000;
    private static final Logger LOG = Logger.getLogger(ClusterChannel.class.getName());

    // the only classes a message may carry: the entry and what it is made of, nothing that could run code on reading
    private static final ObjectInputFilter ENTRIES = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;maxarray=100000;org.mcptrace.domain.**;java.lang.*;java.time.*;java.util.*;!*");

    private final JChannel channel;
    private final Node node;
    private volatile View view;

    private ClusterChannel(JChannel channel, Node node) {
        this.channel = channel;
        this.node = node;
    }

    /** Joins (or forms) the cluster and, unless alone, takes the current buffer from a member. */
    public static ClusterChannel connect(Settings settings, DataSource dataSource, Node node) throws Exception {
        JChannel channel = stack(settings, dataSource).name(settings.nodeName());
        channel.setDiscardOwnMessages(true);
        ClusterChannel cluster = new ClusterChannel(channel, node);
        channel.setReceiver(cluster.receiver());
        try {
            channel.connect(settings.clusterName());
            if (channel.getView().size() > 1) {
                channel.getState(null, STATE_TIMEOUT_MILLIS);
            }
        } catch (Exception e) {
            channel.close();
            throw e;
        }
        return cluster;
    }

    private static JChannel stack(Settings settings, DataSource dataSource) throws Exception {
        TCP tcp = new TCP();
        tcp.setBindAddress(settings.bind());
        tcp.setBindPort(settings.port());
        tcp.setPortRange(PORT_RANGE);
        JDBC_PING2 discovery = new JDBC_PING2().setDataSource(dataSource)
                // the table comes from a Flyway migration like every other; JGroups creates nothing
                .setInitializeSql(null);
        FD_SOCK2 sockets = new FD_SOCK2();
        sockets.setOffset(FAILURE_DETECTION_OFFSET);
        SYM_ENCRYPT encrypt = new SYM_ENCRYPT();
        encrypt.setSecretKey(new SecretKeySpec(derive(settings.key(), "mcptrace cluster encryption"), "AES"));
        AUTH auth = new AUTH();
        auth.setAuthToken(new ClusterKeyToken(HexFormat.of().formatHex(derive(settings.key(), "mcptrace cluster membership"))));
        GMS gms = new GMS();
        gms.setJoinTimeout(3000);
        // AUTH right below GMS checks every join; SYM_ENCRYPT right above GMS encrypts everything the application sends
        // (entries, the buffer for a joiner) while membership messages stay readable to AUTH, so a node with another
        // key is refused with a reason instead of being ignored until it gives up and forms a cluster of its own
        return new JChannel(tcp, discovery, new MERGE3(), sockets, new FD_ALL3(), new VERIFY_SUSPECT2(), new BARRIER(),
                new NAKACK2(), new UNICAST3(), new STABLE(), auth, gms, encrypt, new UFC(), new MFC(), new FRAG4(),
                new STATE_TRANSFER());
    }

    static byte[] derive(String key, String purpose) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends entries this node resolved to every other node, in one message. */
    public void send(List<TraceEntry> entries) throws Exception {
        channel.send(new ObjectMessage(null, serialized(entries)));
    }

    public List<String> members() {
        View current = view;
        return current == null ? List.of() : current.getMembers().stream().map(Object::toString).toList();
    }

    public String name() {
        return channel.getName();
    }

    @Override
    public void close() {
        channel.close();
    }

    private Receiver receiver() {
        return new Receiver() {
            @Override
            public void receive(Message message) {
                try {
                    node.received(entries(message.getObject()), String.valueOf(message.getSrc()));
                } catch (RuntimeException | IOException | ClassNotFoundException e) {
                    // one bad message must not stop the others: it is logged and dropped
                    LOG.log(Level.WARNING, "MCPTRACE-0032W: dropped entries from " + message.getSrc(), e);
                }
            }

            @Override
            public void viewAccepted(View accepted) {
                view = accepted;
                LOG.info(() -> "MCPTRACE-0030I: cluster members now " + accepted.getMembers());
                node.viewChanged(accepted.getMembers().stream().map(Object::toString).toList());
            }

            @Override
            public void getState(OutputStream output) throws Exception {
                output.write(serialized(node.state()));
            }

            @Override
            public void setState(InputStream input) throws Exception {
                List<TraceEntry> entries = entries(input.readAllBytes());
                LOG.info(() -> "MCPTRACE-0033I: took " + entries.size() + " entries from the cluster's buffer");
                node.received(entries, "state transfer");
            }
        };
    }

    static byte[] serialized(List<TraceEntry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(entries));
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static List<TraceEntry> entries(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ENTRIES);
            return (List<TraceEntry>) in.readObject();
        }
    }
}
