package org.mcptrace.interfaces.rest;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.trace.AuthorizationReport;

/**
 * Reads gateway reports. Only structure is judged here (JSON, member types, the client address); what the redirect URI
 * or resource says is resolution's business, so a well-formed report with a bad URI is traced, not refused.
 */
final class AuthorizationReports {

    static final int MAX_BODY = 64 * 1024;
    static final int MAX_STRING = 8 * 1024;
    static final int MAX_BATCH = 1000;
    // a thousand realistic reports fit easily; a thousand at the per-string maximum do not, and need not
    static final int MAX_BATCH_BODY = 8 * 1024 * 1024;

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final Set<String> FIELDS = Set.of("clientIp", "receivedAt", "redirectUri", "resource", "clientId",
            "requestId", "authorizationQuery");

    private AuthorizationReports() {
    }

    static JsonValue parse(String body, int maxBytes) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(400, "Empty body", "Send the report as a JSON object.", "body");
        }
        // bytes, not characters: only measured when the characters alone do not settle it
        if (body.length() > maxBytes || (body.length() * 3L > maxBytes
                && body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBytes)) {
            throw new ProblemException(413, "Body too large", "The body exceeds " + maxBytes + " bytes.", "body");
        }
        try (var reader = READERS.createReader(new StringReader(body))) {
            return reader.readValue();
        } catch (JsonParsingException e) {
            throw new ProblemException(400, "Unreadable JSON", "The body is not valid JSON: "
                    + Problem.oneLine(e.getMessage()), "body");
        } catch (RuntimeException e) {
            throw new ProblemException(400, "Unreadable JSON", "The body is not valid JSON.", "body");
        }
    }

    static AuthorizationReport one(JsonValue value, Instant arrival, String gatewayId) {
        return read(value, "", arrival, gatewayId, true);
    }

    /** A what-if typed by an operator or script: no client address is needed, nothing else changes. */
    static AuthorizationReport dryRun(JsonValue value, Instant arrival) {
        return read(value, "", arrival, null, false);
    }

    /** All items are checked before any is traced: a batch with one structurally bad item is refused whole. */
    static List<AuthorizationReport> batch(JsonValue value, Instant arrival, String gatewayId) {
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new ProblemException(400, "Invalid batch", "A batch is a JSON array of reports.", "body");
        }
        JsonArray array = value.asJsonArray();
        if (array.size() > MAX_BATCH) {
            throw new ProblemException(413, "Batch too large", "A batch holds at most " + MAX_BATCH + " reports; this one has "
                    + array.size() + ".", "body");
        }
        List<AuthorizationReport> reports = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            reports.add(read(array.get(i), "[" + i + "].", arrival, gatewayId, true));
        }
        return reports;
    }

    private static AuthorizationReport read(JsonValue value, String at, Instant arrival, String gatewayId,
                                            boolean clientIpRequired) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid(at.isEmpty() ? "body" : at.substring(0, at.length() - 1), "A report is a JSON object.");
        }
        JsonObject report = value.asJsonObject();
        for (String name : report.keySet()) {
            if (!FIELDS.contains(name)) {
                throw invalid(at + name, "Unknown member '" + name + "'. Known members: clientIp, receivedAt, redirectUri, "
                        + "resource, clientId, requestId, authorizationQuery.");
            }
        }
        String clientIp = string(report, "clientIp", at);
        if (clientIp == null && clientIpRequired) {
            throw invalid(at + "clientIp", "clientIp is required: the IP address the authorization request came from.");
        }
        if (clientIp != null && !IpLiterals.isValid(clientIp)) {
            throw invalid(at + "clientIp", "clientIp must be an IPv4 or IPv6 address literal.");
        }
        Instant receivedAt = arrival;
        String receivedText = string(report, "receivedAt", at);
        if (receivedText != null) {
            try {
                receivedAt = OffsetDateTime.parse(receivedText, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw invalid(at + "receivedAt", "receivedAt must be an RFC 3339 timestamp with offset, "
                        + "e.g. 2026-11-27T14:20:01.123Z.");
            }
        }
        String query = string(report, "authorizationQuery", at);
        String redirectUri = string(report, "redirectUri", at);
        String resource = string(report, "resource", at);
        String clientId = string(report, "clientId", at);
        String requestId = string(report, "requestId", at);
        AuthorizationRequest request;
        if (query != null) {
            if (report.containsKey("redirectUri") || report.containsKey("resource") || report.containsKey("clientId")) {
                throw invalid(at + "authorizationQuery", "Give either authorizationQuery or redirectUri/resource/clientId, not both.");
            }
            request = AuthorizationRequest.fromQuery(query);
        } else {
            request = AuthorizationRequest.of(redirectUri, resource, clientId);
        }
        return new AuthorizationReport(receivedAt, gatewayId, requestId, clientIp, request);
    }

    private static String string(JsonObject report, String name, String at) {
        JsonValue value = report.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw invalid(at + name, name + " must be a string, was " + value.getValueType().name().toLowerCase() + ".");
        }
        String text = ((JsonString) value).getString();
        if (text.length() > MAX_STRING) {
            throw invalid(at + name, name + " is longer than " + MAX_STRING + " characters.");
        }
        return text;
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(400, "Invalid report", detail, field);
    }
}
