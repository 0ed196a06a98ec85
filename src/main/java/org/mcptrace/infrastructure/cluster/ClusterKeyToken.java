package org.mcptrace.infrastructure.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;
import org.jgroups.util.Util;

/**
 * What a node shows to join: a proof derived from MCPTRACE_CLUSTER_KEY (never the key itself). The coordinator admits
 * a node only when the proofs match, so a node started with another key is refused at the door and its connect fails
 * with the reason, rather than sitting beside the cluster unable to read it.
 */
public class ClusterKeyToken extends AuthToken {

    private String proof;

    /** For JGroups, which reads a joiner's token into a fresh instance. */
    public ClusterKeyToken() {
    }

    ClusterKeyToken(String proof) {
        this.proof = proof;
    }

    @Override
    public String getName() {
        return "mcptrace-cluster-key";
    }

    @Override
    public int size() {
        return Util.size(proof);
    }

    @Override
    public boolean authenticate(AuthToken token, Message message) {
        return token instanceof ClusterKeyToken other && proof != null && other.proof != null
                && MessageDigest.isEqual(proof.getBytes(StandardCharsets.US_ASCII),
                        other.proof.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        Util.writeString(proof, out);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        proof = Util.readString(in);
    }
}
