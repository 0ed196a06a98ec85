package org.mcptrace.configuration;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Test-only: exposes what {@link ConfigurationProbe} observed. */
@Path("test/configuration-probe")
@RequestScoped
public class ConfigurationProbeResource {

    @Inject
    ConfigurationProbe probe;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ConfigurationProbe.Seen> seen() {
        return probe.seen();
    }
}
