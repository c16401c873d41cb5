package dev.latchkey.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, kept alive between requests: the request goes out byte for byte as the test
 * built it (invalid encodings, a declared charset the bytes do not follow, a body shorter than its
 * {@code Content-Length}), which no HTTP client library would send. A large request is written while the answer
 * is read, so a server that answers before reading it all (413) is heard rather than reset.
 */
public final class RawHttp implements AutoCloseable {

    /** Requests above this are written by another thread while the response is read. */
    private static final int WRITE_AHEAD = 64 * 1024;

    private static final int TIMEOUT_MILLIS = 30_000;

    private final int port;

    private Socket socket;

    private InputStream in;

    public RawHttp(int port) {
        this.port = port;
    }

    /**
     * Sends one request on a new connection, as written: {@code target} is the path and query as they go on the
     * request line (one byte per character, so a broken escape or a Latin-1 byte goes as it is); {@code Host} and,
     * with a body, {@code Content-Length} are added.
     *
     * @param headers each {@code "Name: value"}
     */
    public static Answer send(LatchkeyServer server, String method, String target, String body, String... headers) {
        int port = URI.create(server.baseUrl()).getPort();
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
            .append(port)
            .append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.ISO_8859_1);
        if (body != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (RawHttp http = new RawHttp(port)) {
            return http.exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), content, false);
        }
    }

    /**
     * Sends {@code head} (the request line and headers, ending with an empty line) and {@code body}; with
     * {@code truncated}, the sending side is closed after the body, so the server sees the end of a body shorter
     * than it was told, and may close the connection without an answer to a client that hung up
     * ({@link Answer#HUNG_UP}; Tomcat does).
     */
    public Answer exchange(byte[] head, byte[] body, boolean truncated) {
        boolean reused = socket != null;
        try {
            return send(head, body, truncated);
        }
        catch (IOException ex) {
            if (!reused) {
                return noAnswer(head, truncated, ex);
            }
            // The server had closed the kept-alive connection (after its last answer): send again, once.
            try {
                return send(head, body, truncated);
            }
            catch (IOException again) {
                return noAnswer(head, truncated, again);
            }
        }
    }

    /** A client that hung up in the middle of its request may get no answer; any other request must get one. */
    private static Answer noAnswer(byte[] head, boolean truncated, IOException ex) {
        if (truncated && ex instanceof StaleConnectionException) {
            return Answer.HUNG_UP;
        }
        throw new UncheckedIOException("No answer to " + firstLine(head), ex);
    }

    private Answer send(byte[] head, byte[] body, boolean truncated) throws IOException {
        try {
            connect();
            OutputStream out = socket.getOutputStream();
            byte[] request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            Thread writer = null;
            if (request.length > WRITE_AHEAD) {
                writer = new Thread(() -> writeQuietly(out, request), "raw-http-request");
                writer.setDaemon(true);
                writer.start();
            }
            else {
                out.write(request);
                out.flush();
            }
            if (truncated) {
                if (writer != null) {
                    writer.join(TIMEOUT_MILLIS);
                }
                socket.shutdownOutput();
            }
            Answer answer = read(head);
            if (writer != null) {
                writer.join(TIMEOUT_MILLIS);
            }
            if (truncated || writer != null || answer.closes()) {
                disconnect();
            }
            return answer;
        }
        catch (IOException ex) {
            disconnect();
            throw ex;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            in = socket.getInputStream();
        }
    }

    private static void writeQuietly(OutputStream out, byte[] request) {
        try {
            out.write(request);
            out.flush();
        }
        catch (IOException ex) {
            // The server answered and closed without reading the rest: what a 413 (or a 400 to a long head) may do.
        }
    }

    private Answer read(byte[] head) throws IOException {
        int status = status(statusLine());
        List<String[]> headers = headerLines();
        while (status == 100) {
            status = status(statusLine());
            headers = headerLines();
        }
        Answer headersOnly = new Answer(status, headers, new byte[0]);
        boolean noBody = firstLine(head).startsWith("HEAD ") || status == 204 || status == 304 || status < 200;
        byte[] body;
        if (noBody) {
            body = new byte[0];
        }
        else if ("chunked".equalsIgnoreCase(headersOnly.header("Transfer-Encoding"))) {
            body = chunked();
        }
        else if (headersOnly.header("Content-Length") != null) {
            body = in.readNBytes(Integer.parseInt(headersOnly.header("Content-Length")));
        }
        else {
            body = in.readAllBytes();
            disconnect();
        }
        return new Answer(status, headers, body);
    }

    private String statusLine() throws IOException {
        String statusLine;
        try {
            statusLine = line();
        }
        catch (IOException ex) {
            throw new StaleConnectionException(ex.getMessage());
        }
        if (statusLine == null) {
            throw new StaleConnectionException("the server closed the connection without an answer");
        }
        return statusLine;
    }

    private static int status(String statusLine) throws IOException {
        if (!statusLine.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
            throw new IOException("the answer is no HTTP/1.1 response: " + statusLine);
        }
        return Integer.parseInt(statusLine.substring(9, 12));
    }

    private List<String[]> headerLines() throws IOException {
        List<String[]> headers = new ArrayList<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.add(new String[] { line.substring(0, colon).trim(), line.substring(colon + 1).trim() });
        }
        return headers;
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(in.readNBytes(size));
            line();
        }
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
            // Trailers carry nothing this test looks at.
        }
        return body.toByteArray();
    }

    private int chunkSize() throws IOException {
        String line = line();
        if (line == null) {
            throw new IOException("chunked body ended early");
        }
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    /** One line without its CRLF, as ISO-8859-1; {@code null} at the end of the stream. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String firstLine(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, 200), StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\r');
        return end < 0 ? text : text.substring(0, end);
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            }
            catch (IOException ex) {
                // Closing a socket the server already closed.
            }
            socket = null;
            in = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    /** No byte of an answer came back: on a kept-alive connection, the server may have closed it before. */
    private static final class StaleConnectionException extends IOException {

        private static final long serialVersionUID = 1L;

        StaleConnectionException(String message) {
            super(message);
        }
    }

    /** A response: status, headers in order, body bytes (de-chunked). */
    public record Answer(int status, List<String[]> headers, byte[] body) {

        /** No answer: the connection was closed after the client hung up in the middle of its request. */
        public static final Answer HUNG_UP = new Answer(0, List.of(), new byte[0]);

        public String header(String name) {
            return headers.stream()
                .filter(header -> header[0].equalsIgnoreCase(name))
                .map(header -> header[1])
                .findFirst()
                .orElse(null);
        }

        public List<String> headers(String name) {
            return headers.stream().filter(header -> header[0].equalsIgnoreCase(name)).map(header -> header[1]).toList();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean closes() {
            String connection = header("Connection");
            return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder().append(status);
            headers.forEach(header -> text.append('\n').append(header[0]).append(": ").append(header[1]));
            String body = text();
            return text.append("\n\n").append(body.length() > 2000 ? body.substring(0, 2000) + "..." : body).toString();
        }
    }
}
