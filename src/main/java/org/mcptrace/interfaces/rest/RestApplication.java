package org.mcptrace.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(title = "mcptrace API", version = "v1",
        description = "Report MCP authorization requests, read live traces, and administer workloads and access policies."))
public class RestApplication extends Application {
}
