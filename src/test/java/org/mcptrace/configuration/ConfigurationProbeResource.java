package org.mcptrace.configuration;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.annotation.Resource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Test-only: exposes what {@link ConfigurationProbe} observed. */
@Path("test/configuration-probe")
@RequestScoped
public class ConfigurationProbeResource {

    @Inject
    ConfigurationProbe probe;

    @Resource(lookup = "jdbc/mcptrace")
    DataSource dataSource;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ConfigurationProbe.Seen> seen() {
        return probe.seen();
    }

    /** Where the configuration is stored, and how many workloads the table holds, read with plain JDBC. */
    @GET
    @Path("database")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> database() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from CLIENT_WORKLOAD")) {
            rows.next();
            return Map.of("url", connection.getMetaData().getURL(), "clientWorkloads", rows.getLong(1));
        }
    }
}
