package org.mcptrace.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * The server serves META-INF/openapi.yaml as committed in src/openapi and does not scan the application itself
 * (microprofile-config.properties). That file is what both the packaged WAR and {@code mvn liberty:run}'s loose
 * application carry: liberty:run copies resources and compiles, and runs no other build step, so a document that only
 * a build plugin wrote (as until 2026-11-30) was served empty there while the tests, on the packaged WAR, saw it
 * whole. The build generates the document afresh from the annotations, merged into the committed copy as
 * MicroProfile's static file (which holds what an annotation on the shared ConfigurationResource cannot say of each
 * kind), into target/openapi; these checks hold the committed copy to it and the generated one to the resources.
 */
class OpenApiDocumentTest {

    static final java.nio.file.Path GENERATED = Paths.get("target/openapi");
    static final java.nio.file.Path SERVED = Paths.get("src/openapi/openapi.yaml");

    @Test
    void documentListsExactlyTheResourceOperations() throws Exception {
        assertEquals(operationsOfResources(), operationsInDocument());
    }

    @Test
    void everyOperationHasASummaryAndEveryResponseADescription() throws IOException {
        // what the committed copy alone says (see ConfigurationResource) would be missing from a document generated without it
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(GENERATED.resolve("openapi.json")))) {
            reader.readObject().getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((verb, op) -> {
                assertTrue(op.asJsonObject().containsKey("summary"), verb + " " + path + " has no summary");
                op.asJsonObject().getJsonObject("responses").forEach((status, response) -> assertFalse(
                        response.asJsonObject().getString("description", "").isBlank(),
                        verb + " " + path + " answers " + status + " without a description"));
            }));
        }
    }

    @Test
    void servedDocumentIsTheGeneratedOne() throws IOException {
        assertTrue(Files.isRegularFile(GENERATED.resolve("openapi.yaml")),
                "the build (smallrye-open-api-maven-plugin) writes target/openapi/openapi.yaml before the tests");
        assertEquals(Files.readString(GENERATED.resolve("openapi.yaml")), Files.exists(SERVED) ? Files.readString(SERVED) : "",
                "the API changed: cp target/openapi/openapi.yaml " + SERVED + " and commit it");
    }

    private static Map<String, Set<String>> operationsInDocument() throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(GENERATED.resolve("openapi.json")))) {
            JsonObject paths = reader.readObject().getJsonObject("paths");
            Map<String, Set<String>> operations = new TreeMap<>();
            paths.forEach((path, item) -> operations.put(path, new TreeSet<>(item.asJsonObject().keySet())));
            return operations;
        }
    }

    private static Map<String, Set<String>> operationsOfResources() throws IOException, URISyntaxException {
        String root = "/" + RestApplication.class.getAnnotation(ApplicationPath.class).value();
        Map<String, Set<String>> operations = new TreeMap<>();
        for (Class<?> type : resourceClasses()) {
            String base = join(root, type.getAnnotation(Path.class).value());
            for (Method method : type.getMethods()) {
                String verb = httpMethod(method);
                Operation operation = method.getAnnotation(Operation.class);
                if (verb == null || (operation != null && operation.hidden())) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = sub == null ? base : join(base, sub.value());
                operations.computeIfAbsent(path, p -> new TreeSet<>()).add(verb.toLowerCase(Locale.ROOT));
            }
        }
        assertFalse(operations.isEmpty(), "no resources found");
        return operations;
    }

    private static Set<Class<?>> resourceClasses() throws IOException, URISyntaxException {
        java.nio.file.Path folder = Paths.get(RestApplication.class.getResource("RestApplication.class").toURI()).getParent();
        Set<Class<?>> resources = new java.util.HashSet<>();
        try (Stream<java.nio.file.Path> files = Files.list(folder)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".class")) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName(RestApplication.class.getPackageName() + "."
                            + name.substring(0, name.length() - ".class".length()), false, OpenApiDocumentTest.class.getClassLoader());
                    if (type.isAnnotationPresent(Path.class)) {
                        resources.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException(name, e);
                }
            }
        }
        return resources;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String left, String right) {
        String joined = (left + "/" + right).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
