package org.mcptrace.interfaces.rest;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a request body member by member with JSON-P, so that a wrong type or an unknown member is answered with a
 * problem that names the member. Not JSON-B binding, for correctness rather than speed: Yasson 3 (Liberty's jsonb-3.0),
 * even with {@code jsonb.fail-on-unknown-properties}, binds {@code "active": "yes"} as false, {@code "version": 1.5}
 * as 1, {@code "version": 99999999999} as 1215752191 and {@code "name": 5} as "5" without a word, and names Java types
 * rather than the member in the errors it does raise (checked against the runtime's own Yasson).
 */
final class JsonBody {

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    /** A body whose members are those of {@code type}, a record of the API. */
    static JsonBody parse(String body, Class<? extends Record> type) {
        return parse(body, Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toUnmodifiableSet()));
    }

    static JsonBody parse(String body, Set<String> members) {
        if (body == null || body.isBlank()) {
            throw invalid("body", "The request body is empty; send a JSON object.");
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw invalid("body", "The body is not valid JSON: " + Problem.oneLine(e.getMessage()));
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid("body", "The body must be a JSON object.");
        }
        JsonObject object = value.asJsonObject();
        for (String member : object.keySet()) {
            if (!members.contains(member)) {
                throw invalid(member, "Unknown member '" + member + "'; expected " + String.join(", ", members.stream()
                        .sorted().toList()) + ".");
            }
        }
        return new JsonBody(object);
    }

    /** Whether the member is there and not null. */
    boolean has(String member) {
        return present(member) != null;
    }

    String string(String member) {
        JsonValue value = present(member);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw invalid(member, "'" + member + "' must be a string.");
    }

    Boolean bool(String member) {
        JsonValue value = present(member);
        return value == null ? null : switch (value.getValueType()) {
            case TRUE -> true;
            case FALSE -> false;
            default -> throw invalid(member, "'" + member + "' must be true or false.");
        };
    }

    Integer integer(String member) {
        Long number = number(member, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return number == null ? null : number.intValue();
    }

    Long id(String member) {
        return number(member, 1, Long.MAX_VALUE);
    }

    List<String> strings(String member) {
        JsonValue value = present(member);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw invalid(member, "'" + member + "' must be an array of strings.");
        }
        List<String> strings = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString text)) {
                throw invalid(member + "[" + i + "]", "'" + member + "[" + i + "]' must be a string.");
            }
            strings.add(text.getString());
        }
        return strings;
    }

    private Long number(String member, long min, long max) {
        JsonValue value = present(member);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long exact = number.bigDecimalValue().longValueExact();
                if (exact >= min && exact <= max) {
                    return exact;
                }
            } catch (ArithmeticException e) {
                // falls through to the problem below
            }
        }
        throw invalid(member, "'" + member + "' must be an integer" + (min == 1 ? " id" : "") + ".");
    }

    private JsonValue present(String member) {
        JsonValue value = object.get(member);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    static ProblemException invalid(String field, String detail) {
        return new ProblemException(400, "Invalid request", detail, field);
    }
}
