package dev.latchkey.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Bodies an endpoint does not expect: multipart, JSON where a form goes, bytes that are no text, broken JSON. */
final class Bodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String BOUNDARY = "fuzzBoundary";

    enum Kind {
        MULTIPART, MULTIPART_CUT, JSON, JSON_ARRAY, XML, NOT_UTF8, FORM_IN_LATIN1, EMPTY
    }

    enum JsonChange {
        STRING, MANY_STRINGS, NUMBER, OBJECT, NULL, BOOLEAN, ADD_FIELD, REMOVE_FIELD, CUT, DEEP, NOT_AN_OBJECT, NUL,
        LONE_SURROGATE, NOT_UTF8, DUPLICATE_KEY, BYTE_ORDER_MARK, BAD_ESCAPE
    }

    private Bodies() {
    }

    static void replace(HostileRequest request, Kind kind, String value, int cut) {
        switch (kind) {
            case MULTIPART, MULTIPART_CUT -> {
                byte[] multipart = multipart(request.parameters(), value);
                int length = kind == Kind.MULTIPART ? multipart.length : Math.floorMod(cut, multipart.length);
                bytes(request, Arrays.copyOf(multipart, length), "multipart/form-data; boundary=" + BOUNDARY);
            }
            case JSON -> bytes(request, JSON.writeValueAsBytes(Map.of("fuzz", value)), "application/json");
            case JSON_ARRAY -> bytes(request, JSON.writeValueAsBytes(List.of(value, value)), "application/json");
            case XML -> bytes(request, ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                    + "<a>&e;" + value + "</a>").getBytes(StandardCharsets.UTF_8), "application/xml");
            case NOT_UTF8 -> bytes(request, new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0xE9 },
                    request.header("Content-Type"));
            case FORM_IN_LATIN1 -> {
                request.body = HostileRequest.Body.FORM;
                request.header("Content-Type", "application/x-www-form-urlencoded");
                request.form.add(new String[] { "fuzz", "caf\u00e9" });
            }
            case EMPTY -> bytes(request, new byte[0], request.header("Content-Type"));
        }
    }

    @SuppressWarnings("unchecked")
    static void changeJson(HostileRequest request, JsonChange change, int position, String value, int size) {
        Map<String, Object> object;
        try {
            object = request.body == HostileRequest.Body.BYTES && request.bytes.length > 0
                    ? JSON.readValue(request.bytes, LinkedHashMap.class) : new LinkedHashMap<>();
        }
        catch (JacksonException ex) {
            object = new LinkedHashMap<>();
        }
        List<String> fields = new ArrayList<>(object.keySet());
        String field = fields.isEmpty() ? "fuzz" : fields.get(Math.floorMod(position, fields.size()));
        String text = switch (change) {
            case STRING -> put(object, field, value);
            case MANY_STRINGS -> put(object, field, Collections.nCopies(size, value.isEmpty() || value.length() > 20 ? "s"
                    : value));
            case NUMBER -> put(object, field, size);
            case OBJECT -> put(object, field, Map.of(value, value));
            case NULL -> put(object, field, null);
            case BOOLEAN -> put(object, field, true);
            case ADD_FIELD -> put(object, value, value);
            case REMOVE_FIELD -> {
                object.remove(field);
                yield JSON.writeValueAsString(object);
            }
            case CUT -> {
                String json = JSON.writeValueAsString(object);
                yield json.substring(0, Math.floorMod(position, json.length()));
            }
            case DEEP -> "[".repeat(size) + "]".repeat(size);
            case NOT_AN_OBJECT -> JSON.writeValueAsString(value);
            case NUL -> put(object, field, "fuzz\u0000" + value);
            case LONE_SURROGATE -> JSON.writeValueAsString(object).replaceFirst("\"([^\"]*)\"\\s*}", "\"\\\\ud800\"}");
            case NOT_UTF8 -> null;
            case DUPLICATE_KEY -> JSON.writeValueAsString(object).replaceFirst("^\\{", "{\"" + field + "\":\"first\",");
            case BYTE_ORDER_MARK -> "\ufeff" + JSON.writeValueAsString(object);
            case BAD_ESCAPE -> "{\"" + field + "\":\"\\x41\\u12\"}";
        };
        byte[] bytes = text != null ? text.getBytes(StandardCharsets.UTF_8)
                : ("{\"" + field + "\":\"caf\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1);
        bytes(request, bytes, "application/json");
    }

    private static String put(Map<String, Object> object, String field, Object value) {
        object.put(field, value);
        return JSON.writeValueAsString(object);
    }

    private static void bytes(HostileRequest request, byte[] bytes, String contentType) {
        request.body = HostileRequest.Body.BYTES;
        request.bytes = bytes;
        request.form.clear();
        request.rawFormSuffix = "";
        if (contentType == null) {
            request.removeHeader("Content-Type");
        }
        else {
            request.header("Content-Type", contentType);
        }
    }

    private static byte[] multipart(List<String[]> parameters, String value) {
        StringBuilder body = new StringBuilder();
        List<String[]> parts = new ArrayList<>(parameters);
        parts.add(new String[] { "fuzz", value });
        for (String[] part : parts) {
            body.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"").append(part[0])
                .append("\"\r\n\r\n").append(part[1]).append("\r\n");
        }
        body.append("--").append(BOUNDARY).append("--\r\n");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
