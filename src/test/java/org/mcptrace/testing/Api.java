package org.mcptrace.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small JSON-over-HTTP client for container tests, talking to the deployed application as a gateway or script would.
 * HTTP/1.1 because the JDK client's h2c upgrade attempt on plain HTTP stalls against Liberty.
 *
 * <p>By default it signs in as the operator (HTTP Basic) and reports to the ingestion endpoints with the bootstrap
 * gateway token, as a gateway would; {@link #asViewer()}, {@link #anonymous()}, {@link #withBearer(String)} and
 * {@link #as(String, String)} answer copies that authenticate differently.
 */
public final class Api {

    public static final String OPERATOR_PASSWORD = "operator";
    public static final String VIEWER_PASSWORD = "viewer";
    public static final String GATEWAY_TOKEN = "dev-gateway-token";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final HttpClient http;
    private final URI base;
    private final String basic;
    private final String bearer;
    private final boolean bearerEverywhere;

    public Api(URL deployment) {
        this(deployment, HTTP);
    }

    /** Through the given client: one that trusts a test's own TLS certificate, say. */
    public Api(URL deployment, HttpClient http) {
        this(URI.create(deployment.toExternalForm().endsWith("/") ? deployment.toExternalForm() : deployment.toExternalForm() + "/"),
                basic("operator", OPERATOR_PASSWORD), GATEWAY_TOKEN, false, http);
    }

    private Api(URI base, String basic, String bearer, boolean bearerEverywhere, HttpClient http) {
        this.http = http;
        this.base = base;
        this.basic = basic;
        this.bearer = bearer;
        this.bearerEverywhere = bearerEverywhere;
    }

    /** The Authorization header this client sends outside ingestion, for tests that use their own HTTP client. */
    public String authorization() {
        return basic;
    }

    public Api asViewer() {
        return as("viewer", VIEWER_PASSWORD);
    }

    public Api as(String user, String password) {
        return new Api(base, basic(user, password), bearer, false, http);
    }

    /** No credentials at all, neither Basic nor a gateway token. */
    public Api anonymous() {
        return new Api(base, null, null, false, http);
    }

    /** Only this Bearer token, on every request (null: none), and no Basic credentials. */
    public Api withBearer(String token) {
        return new Api(base, null, token, true, http);
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static boolean ingestion(HttpRequest request) {
        String path = request.uri().getPath();
        return "POST".equals(request.method()) && (path.endsWith("/api/v1/authorization-requests")
                || path.endsWith("/api/v1/authorization-requests/batch"));
    }

    public URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.copy().build();
            if (built.headers().firstValue("Authorization").isEmpty()) {
                if (bearer != null && (bearerEverywhere || ingestion(built))) {
                    request.header("Authorization", "Bearer " + bearer);
                } else if (basic != null && !ingestion(built)) {
                    request.header("Authorization", basic);
                }
            }
            if (built.headers().firstValue("Accept").isEmpty()) {
                request.header("Accept", "application/json, application/problem+json");
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public JsonObject json() {
            return (JsonObject) parse();
        }

        public JsonArray array() {
            return (JsonArray) parse();
        }

        private JsonStructure parse() {
            try (var reader = Json.createReader(new StringReader(raw.body()))) {
                return reader.read();
            } catch (RuntimeException e) {
                throw new AssertionError("not JSON (" + raw.statusCode() + "): " + raw.body(), e);
            }
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
