package dev.latchkey.fuzz;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request as bytes go out, open to any change: parameters are kept as their encoded text (one character per
 * byte, so a mutation can put a raw byte or a broken percent-escape in), headers as written, the body as
 * parameters (a form), or bytes. {@link #head()} and {@link #body()} are exactly what is sent.
 */
final class HostileRequest {

    enum Body {
        NONE, FORM, BYTES
    }

    String method;

    String path;

    /** Query parameters: each {@code [name, value]}, percent-encoded already. */
    final List<String[]> query = new ArrayList<>();

    /** Headers in order, each {@code [name, value]}; Host and Content-Length are added when sent. */
    final List<String[]> headers = new ArrayList<>();

    Body body = Body.NONE;

    /** Form parameters when {@link #body} is {@link Body#FORM}, percent-encoded already. */
    final List<String[]> form = new ArrayList<>();

    /** The body when it is {@link Body#BYTES}. */
    byte[] bytes = new byte[0];

    /** Bytes sent after the parameters, as they are (a broken escape at the very end, say). */
    String rawQuerySuffix = "";

    String rawFormSuffix = "";

    /** Sent with {@code Transfer-Encoding: chunked} instead of a length; {@code brokenChunks} lies about a size. */
    boolean chunked;

    boolean brokenChunks;

    /** This many bytes of the body are not sent, although Content-Length counts them; then the client hangs up. */
    int missingBytes;

    /** What the request is for, to name it in a failure. */
    final String target;

    HostileRequest(String target, String method, String path) {
        this.target = target;
        this.method = method;
        this.path = path;
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    HostileRequest query(String name, String value) {
        query.add(new String[] { encode(name), encode(value) });
        return this;
    }

    HostileRequest form(String name, String value) {
        body = Body.FORM;
        form.add(new String[] { encode(name), encode(value) });
        header("Content-Type", "application/x-www-form-urlencoded");
        return this;
    }

    HostileRequest json(String json) {
        body = Body.BYTES;
        bytes = json.getBytes(StandardCharsets.UTF_8);
        header("Content-Type", "application/json");
        return this;
    }

    /** Sets a header, replacing one of that name. */
    HostileRequest header(String name, String value) {
        removeHeader(name);
        headers.add(new String[] { name, value });
        return this;
    }

    void removeHeader(String name) {
        headers.removeIf(header -> header[0].equalsIgnoreCase(name));
    }

    String header(String name) {
        return headers.stream().filter(header -> header[0].equalsIgnoreCase(name)).map(header -> header[1]).findFirst()
            .orElse(null);
    }

    /** The parameters a mutation works on: the form's when there is one, else the query's. */
    List<String[]> parameters() {
        return body == Body.FORM ? form : query;
    }

    void appendRaw(String raw) {
        if (body == Body.FORM) {
            rawFormSuffix += raw;
        }
        else {
            rawQuerySuffix += raw;
        }
    }

    byte[] head(int port) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path);
        // A line break would end the request line and start another request: it goes escaped, as a browser sends it.
        String queryString = (join(query) + rawQuerySuffix).replace("\r", "%0D").replace("\n", "%0A");
        if (!queryString.isEmpty()) {
            head.append('?').append(queryString);
        }
        head.append(" HTTP/1.1\r\n");
        if (header("Host") == null) {
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        headers.forEach(header -> head.append(header[0]).append(": ").append(header[1]).append("\r\n"));
        byte[] content = content();
        if (isChunked()) {
            if (header("Transfer-Encoding") == null) {
                head.append("Transfer-Encoding: chunked\r\n");
            }
        }
        else if (content.length > 0 || !method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What is sent after the head: the content (chunked if asked), less the missing bytes. */
    byte[] body() {
        byte[] content = isChunked() ? chunk(content()) : content();
        int sent = Math.max(0, content.length - missingBytes);
        byte[] body = new byte[sent];
        System.arraycopy(content, 0, body, 0, sent);
        return body;
    }

    /** The body ends before what the request announced: the client then hangs up. */
    boolean isTruncated() {
        return missingBytes > 0 || isChunked() && brokenChunks;
    }

    /** Sent in chunks: asked for, or announced by a {@code Transfer-Encoding} header a mutation set. */
    private boolean isChunked() {
        return chunked || "chunked".equalsIgnoreCase(header("Transfer-Encoding"));
    }

    private byte[] content() {
        return switch (body) {
            case NONE -> new byte[0];
            case FORM -> (join(form) + rawFormSuffix).getBytes(StandardCharsets.ISO_8859_1);
            case BYTES -> bytes;
        };
    }

    private byte[] chunk(byte[] content) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        int size = Math.min(content.length, 1000);
        for (int start = 0; start < content.length; start += size) {
            int length = Math.min(size, content.length - start);
            String declared = Integer.toHexString(brokenChunks ? length + 7 : length).toUpperCase(Locale.ROOT);
            chunks.writeBytes((declared + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunks.write(content, start, length);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return chunks.toByteArray();
    }

    private static String join(List<String[]> parameters) {
        StringBuilder joined = new StringBuilder();
        for (String[] pair : parameters) {
            if (joined.length() > 0) {
                joined.append('&');
            }
            joined.append(pair[0]).append('=').append(pair[1]);
        }
        return joined.toString();
    }

    /** The request as text, for a failure report: long runs are cut, other bytes escaped. */
    String describe(int port) {
        String text = new String(head(port), StandardCharsets.ISO_8859_1)
                + new String(body(), StandardCharsets.ISO_8859_1);
        StringBuilder printable = new StringBuilder();
        text.chars().limit(3000).forEach(c -> printable.append(c == '\n' || (c >= 0x20 && c < 0x7F) ? String.valueOf((char) c)
                : c == '\r' ? "" : String.format("\\x%02X", c)));
        return target + ":\n" + printable + (text.length() > 3000 ? "... (" + text.length() + " bytes)" : "")
                + (missingBytes > 0 ? "\n(" + missingBytes + " bytes of the body not sent, then the client hung up)" : "")
                + (isChunked() && brokenChunks ? "\n(chunk sizes overstated, then the client hung up)" : "");
    }
}
