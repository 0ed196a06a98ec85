package org.mcptrace.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The application under test is the WAR the build just packaged, so container tests exercise exactly what ships.
 * It is deployed under its own name because a leftover mcptrace.war from liberty:run must never answer instead.
 */
public final class Deployments {

    public static final String NAME = "mcptrace-it.war";

    private Deployments() {
    }

    public static WebArchive application() {
        File war = new File(System.getProperty("app.war", "target/mcptrace.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("package the application first: " + war + " is missing");
        }
        return ShrinkWrap.create(ZipImporter.class, NAME).importFrom(war).as(WebArchive.class);
    }
}
