package org.mcptrace.interfaces.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.mcptrace.infrastructure.cluster.LiveFanOut;

/** The footer of every screen: which node served the page and how many nodes the cluster has, for operators behind a load balancer. */
@Named
@ApplicationScoped
public class Footer {

    @Inject
    LiveFanOut cluster;

    public String getNode() {
        return cluster.nodeName();
    }

    public String getCluster() {
        if (!cluster.enabled()) {
            return "single node";
        }
        String problem = cluster.problem();
        if (problem != null) {
            return "not in the cluster: " + problem;
        }
        int size = cluster.size();
        return "cluster of " + size + (size == 1 ? " node" : " nodes");
    }
}
