package dev.latchkey.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One change an attacker makes to a well-formed request. Each is generated on its own (numbers, names, values)
 * and applied to whichever request a try sends, so one mutation is tried against every endpoint; positions are
 * taken modulo what the request has. {@code toString} is the record's, which the failure report shows.
 */
sealed interface Mutation {

    void apply(HostileRequest request, Target target, FuzzWorld world, int variant);

    /** The parameter a position names, among the request's parameters; {@code null} when it has none. */
    private static String[] at(HostileRequest request, int position) {
        List<String[]> parameters = request.parameters();
        return parameters.isEmpty() ? null : parameters.get(Math.floorMod(position, parameters.size()));
    }

    record RepeatParameter(int position, String value) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            String[] parameter = at(request, position);
            if (parameter != null) {
                request.parameters().add(new String[] { parameter[0], value == null ? parameter[1]
                        : HostileRequest.encode(value) });
            }
        }
    }

    record DropParameter(int position) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            String[] parameter = at(request, position);
            if (parameter != null) {
                request.parameters().remove(parameter);
            }
        }
    }

    record ReplaceValue(int position, String value) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            String[] parameter = at(request, position);
            if (parameter != null) {
                parameter[1] = HostileRequest.encode(value);
            }
        }
    }

    /** Raw text (a broken escape, a Latin-1 byte) appended to a value as it is sent, or at the end. */
    record InjectRaw(int position, String raw, boolean atTheEnd) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            String[] parameter = at(request, position);
            if (parameter == null || atTheEnd) {
                request.appendRaw(raw);
            }
            else {
                parameter[1] = parameter[1] + raw;
            }
        }
    }

    record AddParameter(String name, String value, boolean toQuery) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            String[] parameter = { HostileRequest.encode(name), HostileRequest.encode(value) };
            (toQuery ? request.query : request.parameters()).add(parameter);
        }
    }

    record ManyParameters(int count) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            for (int i = 0; i < count; i++) {
                request.parameters().add(new String[] { "p" + i, "1" });
            }
        }
    }

    record Method(String method) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            request.method = method;
        }
    }

    /** A header set to a value, or removed ({@code null}); a real client secret is never touched. */
    record Header(String name, String value) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            if (target.secretHeader() && name.equalsIgnoreCase("Authorization")) {
                return;
            }
            if (value == null) {
                request.removeHeader(name);
            }
            else {
                request.header(name, value);
            }
        }
    }

    record ContentType(String value) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            if (value == null) {
                request.removeHeader("Content-Type");
            }
            else {
                request.header("Content-Type", value);
            }
        }
    }

    record PathSuffix(String suffix) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            request.path = request.path + suffix;
        }
    }

    /** The client hangs up this many bytes before the end of the body it announced. */
    record Truncate(int missing) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            request.missingBytes = missing;
        }
    }

    /** A body padded past the largest any endpoint takes. */
    record Oversize(int kilobytes) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            String padding = "x".repeat(kilobytes * 1024);
            if (request.body == HostileRequest.Body.FORM) {
                request.rawFormSuffix += "&padding=" + padding;
            }
            else {
                byte[] body = new byte[request.bytes.length + padding.length()];
                System.arraycopy(request.bytes, 0, body, 0, request.bytes.length);
                System.arraycopy(padding.getBytes(StandardCharsets.US_ASCII), 0, body, request.bytes.length,
                        padding.length());
                request.body = HostileRequest.Body.BYTES;
                request.bytes = body;
            }
        }
    }

    record Chunked(boolean broken) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            request.chunked = true;
            request.brokenChunks = broken;
        }
    }

    /** The body replaced: multipart (whole or cut), JSON where a form goes, bytes that are no text. */
    record ReplaceBody(Bodies.Kind kind, String value, int cut) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            Bodies.replace(request, kind, value, cut);
        }
    }

    /** A field of a JSON body changed (or the JSON broken), as {@link Bodies} does it. */
    record JsonField(Bodies.JsonChange change, int position, String value, int size) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            Bodies.changeJson(request, change, position, value, size);
        }
    }

    /** The request's token replaced by one of the alterations of a real token ({@link AlteredTokens}). */
    record AlterToken(int which) implements Mutation {

        @Override
        public void apply(HostileRequest request, Target target, FuzzWorld world, int variant) {
            List<String> alterations = target.token().alterations(world, variant);
            if (!alterations.isEmpty()) {
                target.token().put(request, alterations.get(Math.floorMod(which, alterations.size())));
            }
        }
    }
}
