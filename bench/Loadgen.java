import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latchkey's load generator: one file, no dependencies, JDK 21+ (single-file launcher, virtual threads).
 *
 * <pre>
 *   java bench/Loadgen.java [--env bench/latchkey/peer.env] [options] [BASE W1 W2 W3 W4 W5]
 *   java bench/Loadgen.java [--env FILE] selfcheck
 * </pre>
 *
 * Options: {@code -d/--duration S} (20), {@code --warmup S} (5), {@code -c/--concurrency N} (16),
 * {@code --server-pid PID} (sample the server's CPU time and RSS from /proc), {@code --clk-tck N} (100),
 * {@code --setup-timeout S} (60), {@code --json FILE} (append the JSON lines there too), {@code --markdown}.
 * Endpoints and credentials come from the peer.env variables (the environment, or {@code --env FILE},
 * which is sourced by bash so its {@code ${...}} expansions work). Only loopback URLs are accepted.
 *
 * <p>Every op is checked (status and body); a failed op is an error, never throughput. Throughput counts
 * the successful ops started in the measured window, divided by the window extended to the last of their
 * completions; percentiles are over successful ops. See bench/README.md for what each workload does.
 */
public class Loadgen {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** Upper bound of ops per virtual user and workload, on top of the time bound. */
    static final long MAX_OPS_PER_USER = 5_000_000;

    /** At most this many redirects or pages while walking one authorization request. */
    static final int MAX_AUTHORIZE_STEPS = 12;

    static final List<String> ALL_WORKLOADS = List.of("BASE", "W1", "W2", "W3", "W4", "W5");

    static final Map<String, String> WORKLOAD_NAMES = Map.of("BASE", "baseline_liveness", "W1", "client_credentials",
            "W2", "authcode_pkce", "W3", "refresh_rotation", "W4", "introspect", "W5", "login");

    static final SecureRandom RANDOM = new SecureRandom();

    static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Peer peer = Peer.load(options.envFile);
        if (options.selfcheck) {
            System.exit(selfcheck(peer) ? 0 : 1);
        }
        ServerProbe probe = options.serverPid > 0 ? new ServerProbe(options.serverPid, options.clkTck) : null;
        List<Map<String, Object>> results = new ArrayList<>();
        for (String workload : options.workloads) {
            Map<String, Object> result;
            if (probe != null && !probe.alive()) {
                result = failure(workload, options, "invalid", "server pid " + options.serverPid + " is gone");
            }
            else {
                result = new Run(workload, peer, options, probe).execute();
            }
            String line = Json.write(result);
            System.out.println(line);
            System.out.flush();
            if (options.jsonFile != null) {
                Files.writeString(options.jsonFile, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            results.add(result);
            if (options.workloads.indexOf(workload) < options.workloads.size() - 1) {
                Thread.sleep(1000);
            }
        }
        System.out.println();
        System.out.print(Table.render(results, options.markdown));
        boolean allOk = results.stream().allMatch(r -> "ok".equals(r.get("status")));
        System.exit(allOk ? 0 : 1);
    }

    static void log(String message) {
        System.err.printf("[loadgen %tT] %s%n", System.currentTimeMillis(), message);
    }

    // ------------------------------------------------------------------ options and peer description

    static final class Options {
        List<String> workloads = new ArrayList<>();
        int durationSeconds = 20;
        int warmupSeconds = 5;
        int concurrency = 16;
        int setupTimeoutSeconds = 60;
        long serverPid;
        int clkTck = 100;
        Path envFile;
        Path jsonFile;
        boolean markdown;
        boolean selfcheck;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-d", "--duration" -> o.durationSeconds = bounded(value(args, ++i, a), 1, 3600, a);
                    case "--warmup" -> o.warmupSeconds = bounded(value(args, ++i, a), 0, 600, a);
                    case "-c", "--concurrency" -> o.concurrency = bounded(value(args, ++i, a), 1, 1024, a);
                    case "--setup-timeout" -> o.setupTimeoutSeconds = bounded(value(args, ++i, a), 1, 600, a);
                    case "--server-pid" -> o.serverPid = Long.parseLong(value(args, ++i, a));
                    case "--clk-tck" -> o.clkTck = bounded(value(args, ++i, a), 1, 100_000, a);
                    case "--env" -> o.envFile = Path.of(value(args, ++i, a));
                    case "--json" -> o.jsonFile = Path.of(value(args, ++i, a));
                    case "--markdown" -> o.markdown = true;
                    case "-w", "--workloads" -> {
                        for (String w : value(args, ++i, a).split("[,\\s]+")) {
                            o.addWorkload(w);
                        }
                    }
                    case "selfcheck" -> o.selfcheck = true;
                    case "-h", "--help" -> {
                        System.out.println("usage: java bench/Loadgen.java [--env FILE] [-d S] [--warmup S] [-c N] "
                                + "[--server-pid PID] [--clk-tck N] [--json FILE] [--markdown] [BASE W1 W2 W3 W4 W5 | selfcheck]");
                        System.exit(0);
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        o.addWorkload(a);
                    }
                }
            }
            if (o.workloads.isEmpty()) {
                o.workloads.addAll(ALL_WORKLOADS);
            }
            return o;
        }

        void addWorkload(String name) {
            if (name.isBlank()) {
                return;
            }
            String w = name.toUpperCase(Locale.ROOT);
            if (!ALL_WORKLOADS.contains(w)) {
                throw new IllegalArgumentException("unknown workload " + name + "; known: " + ALL_WORKLOADS);
            }
            workloads.add(w);
        }

        static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        static int bounded(String v, int min, int max, String option) {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be " + min + ".." + max);
            }
            return n;
        }
    }

    /** The peer.env variables this generator uses, all URLs checked to be loopback. */
    record Peer(String name, URI authorize, URI token, URI introspection, URI base, String publicClientId,
            String redirectUri, String confClientId, String confClientSecret, String confRedirectUri, String scope,
            String username, String password) {

        static Peer load(Path envFile) throws IOException, InterruptedException {
            Map<String, String> env = new HashMap<>(System.getenv());
            if (envFile != null) {
                env.putAll(source(envFile));
            }
            String issuer = require(env, "ISSUER");
            String baseUrl = env.getOrDefault("BASE_URL", "");
            return new Peer(env.getOrDefault("PEER_NAME", "peer"), loopback(require(env, "AUTHORIZATION_ENDPOINT")),
                    loopback(require(env, "TOKEN_ENDPOINT")),
                    env.getOrDefault("INTROSPECTION_ENDPOINT", "").isEmpty() ? null
                            : loopback(env.get("INTROSPECTION_ENDPOINT")),
                    loopback(baseUrl.isEmpty() ? issuer.replaceAll("/+$", "") + "/actuator/health/liveness" : baseUrl),
                    require(env, "PUBLIC_CLIENT_ID"), require(env, "REDIRECT_URI"), require(env, "CONF_CLIENT_ID"),
                    require(env, "CONF_CLIENT_SECRET"), require(env, "CONF_REDIRECT_URI"),
                    env.getOrDefault("SCOPE", ""), require(env, "USERNAME"), require(env, "PASSWORD"));
        }

        /** Sources the file with bash, exactly as the harness scripts do, and returns what it exports. */
        static Map<String, String> source(Path file) throws IOException, InterruptedException {
            Process bash = new ProcessBuilder("bash", "-c", "set -a; . \"$1\" >/dev/null; env -0", "bash",
                    file.toAbsolutePath().toString()).redirectErrorStream(false).start();
            byte[] out;
            try (InputStream in = bash.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!bash.waitFor(10, TimeUnit.SECONDS) || bash.exitValue() != 0) {
                throw new IOException("could not source " + file);
            }
            Map<String, String> vars = new HashMap<>();
            for (String entry : new String(out, StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    vars.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return vars;
        }

        static String require(Map<String, String> env, String name) {
            String v = env.get(name);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(name + " is not set (source peer.env or pass --env FILE)");
            }
            return v;
        }

        static URI loopback(String url) {
            URI uri = URI.create(url);
            if (!isLoopback(uri)) {
                throw new IllegalArgumentException("not a loopback URL (the load may only target 127.0.0.1): " + url);
            }
            return uri;
        }
    }

    static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                && ("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host) || "::1".equals(host));
    }

    // ------------------------------------------------------------------ HTTP, cookies, forms

    static final class OpException extends Exception {
        private static final long serialVersionUID = 1L;

        OpException(String message) {
            super(message, null, false, false);
        }
    }

    record Response(URI uri, int status, HttpHeaders headers, String body) {
        String location() throws OpException {
            String location = headers.firstValue("Location").orElseThrow(
                    () -> new OpException(status + " without Location from " + uri.getPath()));
            return uri.resolve(location).toString();
        }

        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        String brief() {
            return status + " " + uri.getPath() + " " + shorten(body, 160);
        }
    }

    static Response send(String method, URI uri, String formBody, CookieJar jar, String authorization, String accept)
            throws OpException, InterruptedException {
        if (!isLoopback(uri)) {
            throw new OpException("refusing a non-loopback request to " + uri);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", accept)
            .header("User-Agent", "latchkey-bench-loadgen");
        if (formBody != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(formBody));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        String cookies = jar == null ? null : jar.header(uri);
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (jar != null) {
                jar.store(uri, response.headers().allValues("Set-Cookie"));
            }
            return new Response(uri, response.statusCode(), response.headers(), response.body());
        }
        catch (IOException ex) {
            throw new OpException(ex.getClass().getSimpleName() + " on " + method + " " + uri.getPath() + ": "
                    + ex.getMessage());
        }
    }

    static Response postToken(Peer peer, String body, boolean confidential) throws OpException, InterruptedException {
        return send("POST", peer.token(), body, null,
                confidential ? basic(peer.confClientId(), peer.confClientSecret()) : null, "application/json");
    }

    /** client_secret_basic: both parts form-urlencoded before Base64 (RFC 6749 §2.3.1). */
    static String basic(String id, String secret) {
        String pair = encode(id) + ":" + encode(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String form(String... namesAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(encode(namesAndValues[i])).append('=').append(encode(namesAndValues[i + 1]));
        }
        return out.toString();
    }

    static Map<String, String> queryOf(String uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = URI.create(uri).getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    static String shorten(String s, int max) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }

    /** A minimal cookie jar for one virtual user: name and path matching, Max-Age/Expires deletion. */
    static final class CookieJar {
        private record Cookie(String name, String value, String path) {
        }

        private final Map<String, Cookie> cookies = new LinkedHashMap<>();

        String header(URI uri) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            StringBuilder out = new StringBuilder();
            for (Cookie c : cookies.values()) {
                if (path.startsWith(c.path())) {
                    out.append(out.isEmpty() ? "" : "; ").append(c.name()).append('=').append(c.value());
                }
            }
            return out.isEmpty() ? null : out.toString();
        }

        void store(URI uri, List<String> setCookies) {
            for (String header : setCookies) {
                String[] parts = header.split(";");
                int eq = parts[0].indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = parts[0].substring(0, eq).strip();
                String value = parts[0].substring(eq + 1).strip();
                String path = "/";
                boolean expired = false;
                for (int i = 1; i < parts.length; i++) {
                    String attribute = parts[i].strip();
                    String lower = attribute.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("path=")) {
                        path = attribute.substring(5);
                    }
                    else if (lower.startsWith("max-age=")) {
                        expired = attribute.substring(8).strip().startsWith("-") || "0".equals(attribute.substring(8).strip());
                    }
                    else if (lower.startsWith("expires=")) {
                        expired |= attribute.contains("1970");
                    }
                }
                String key = name + "\n" + path;
                if (expired) {
                    cookies.remove(key);
                }
                else {
                    cookies.put(key, new Cookie(name, value, path));
                }
            }
        }
    }

    /** HTML forms, parsed just enough to sign in and approve: inputs and buttons with their attributes. */
    static final class Forms {
        static final String ATTRIBUTES = "((?:[^>\"']|\"[^\"]*\"|'[^']*')*)";
        static final Pattern FORM = Pattern.compile("<form\\b" + ATTRIBUTES + ">(.*?)</form\\s*>",
                Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        static final Pattern CONTROL = Pattern.compile("<input\\b" + ATTRIBUTES + ">|<button\\b" + ATTRIBUTES
                + ">(.*?)</button\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        static final Pattern ATTRIBUTE = Pattern.compile(
                "([^\\s=\"'>/]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");
        static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);");
        static final Pattern APPROVE = Pattern.compile("approve|allow|accept|authori[sz]e|consent|continue|confirm|yes",
                Pattern.CASE_INSENSITIVE);

        record Control(String kind, Map<String, String> attributes, String text) {
            String type() {
                return attributes.getOrDefault("type", "button".equals(kind) ? "submit" : "text").toLowerCase(Locale.ROOT);
            }

            String name() {
                return attributes.get("name");
            }

            String value() {
                return attributes.getOrDefault("value", "");
            }
        }

        record Form(Map<String, String> attributes, List<Control> controls) {
            boolean hasPassword() {
                return controls.stream().anyMatch(c -> "password".equals(c.type()));
            }

            Control approveButton() {
                return controls.stream()
                    .filter(c -> "submit".equals(c.type()))
                    .filter(c -> APPROVE.matcher(c.text() + " " + c.value() + " " + c.attributes().getOrDefault("id", "")).find())
                    .findFirst()
                    .orElse(null);
            }
        }

        static List<Form> parse(String html) {
            List<Form> forms = new ArrayList<>();
            Matcher form = FORM.matcher(html);
            while (form.find()) {
                List<Control> controls = new ArrayList<>();
                Matcher control = CONTROL.matcher(form.group(2));
                while (control.find()) {
                    boolean input = control.group(1) != null;
                    controls.add(new Control(input ? "input" : "button", attributes(input ? control.group(1) : control.group(2)),
                            input ? "" : control.group(3).replaceAll("<[^>]*>", "").strip()));
                }
                forms.add(new Form(attributes(form.group(1)), controls));
            }
            return forms;
        }

        static Map<String, String> attributes(String text) {
            Map<String, String> attributes = new HashMap<>();
            Matcher m = ATTRIBUTE.matcher(text);
            while (m.find()) {
                String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                attributes.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value == null ? "" : unescape(value));
            }
            return attributes;
        }

        static String unescape(String s) {
            if (s.indexOf('&') < 0) {
                return s;
            }
            Matcher m = ENTITY.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String entity = m.group(1);
                String replacement = switch (entity) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    default -> new String(Character.toChars(entity.startsWith("#x")
                            ? Integer.parseInt(entity.substring(2), 16) : Integer.parseInt(entity.substring(1))));
                };
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }

        /** Fields of a login form: hidden inputs kept, first visible text/email input = username. */
        static String loginBody(Form form, String username, String password) {
            List<String> fields = new ArrayList<>();
            boolean userFilled = false;
            for (Control c : form.controls()) {
                String name = c.name();
                if (name == null || name.isEmpty() || "button".equals(c.kind())) {
                    continue;
                }
                switch (c.type()) {
                    case "hidden" -> fields.addAll(List.of(name, c.value()));
                    case "password" -> fields.addAll(List.of(name, password));
                    case "text", "email" -> {
                        fields.addAll(List.of(name, userFilled ? c.value() : username));
                        userFilled = true;
                    }
                    case "checkbox", "radio" -> {
                        if (c.attributes().containsKey("checked")) {
                            fields.addAll(List.of(name, c.value().isEmpty() ? "on" : c.value()));
                        }
                    }
                    default -> {
                    }
                }
            }
            return form(fields.toArray(String[]::new));
        }

        /** Fields of a consent form: hidden inputs, every offered checkbox, the approve button's own value. */
        static String consentBody(Form form, Control approve) {
            List<String> fields = new ArrayList<>();
            for (Control c : form.controls()) {
                String name = c.name();
                if (name == null || name.isEmpty() || "submit".equals(c.type())) {
                    continue;
                }
                if ("hidden".equals(c.type()) || "checkbox".equals(c.type())) {
                    fields.addAll(List.of(name, c.value().isEmpty() ? "on" : c.value()));
                }
            }
            if (approve.name() != null && !approve.name().isEmpty()) {
                fields.addAll(List.of(approve.name(), approve.value()));
            }
            return form(fields.toArray(String[]::new));
        }
    }

    // ------------------------------------------------------------------ OAuth steps

    record Pkce(String verifier, String challenge) {
        static Pkce fresh() {
            String verifier = randomString(32);
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    static String randomString(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    record Grant(String code, int logins, int consents) {
    }

    record Tokens(String access, String refresh, long expiresAtNanos) {
    }

    static URI authorizationRequest(Peer peer, String clientId, String redirectUri, Pkce pkce, String state) {
        String query = form("response_type", "code", "client_id", clientId, "redirect_uri", redirectUri,
                "scope", peer.scope().isEmpty() ? null : peer.scope(), "state", state,
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256");
        String base = peer.authorize().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    /**
     * Walks an authorization request to the redirect URI: follows loopback redirects, signs in on the
     * first page with a password form (only when {@code mayLogIn}), approves a consent page.
     */
    static Grant authorize(Peer peer, CookieJar jar, String clientId, String redirectUri, Pkce pkce, boolean mayLogIn)
            throws OpException, InterruptedException {
        String state = randomString(12);
        Response response = send("GET", authorizationRequest(peer, clientId, redirectUri, pkce, state), null, jar, null,
                "text/html");
        int logins = 0;
        int consents = 0;
        for (int step = 0; step < MAX_AUTHORIZE_STEPS; step++) {
            if (response.isRedirect()) {
                String location = response.location();
                if (location.startsWith(redirectUri)) {
                    Map<String, String> params = queryOf(location);
                    if (params.containsKey("error")) {
                        throw new OpException("authorization refused: " + params.get("error") + " "
                                + params.getOrDefault("error_description", ""));
                    }
                    if (!state.equals(params.get("state"))) {
                        throw new OpException("state not returned intact: " + shorten(location, 160));
                    }
                    String code = params.get("code");
                    if (code == null || code.isEmpty()) {
                        throw new OpException("no code in " + shorten(location, 160));
                    }
                    return new Grant(code, logins, consents);
                }
                URI next = URI.create(location);
                if (!isLoopback(next)) {
                    throw new OpException("redirect off loopback: " + shorten(location, 160));
                }
                response = send("GET", next, null, jar, null, "text/html");
                continue;
            }
            if (response.status() != 200) {
                throw new OpException("authorize: unexpected " + response.brief());
            }
            List<Forms.Form> forms = Forms.parse(response.body());
            Forms.Form login = forms.stream().filter(Forms.Form::hasPassword).findFirst().orElse(null);
            if (login != null) {
                if (!mayLogIn) {
                    throw new OpException("login page where the session should have sufficed: " + response.uri().getPath());
                }
                if (++logins > 1) {
                    throw new OpException("login form shown again after signing in (credentials refused?)");
                }
                response = submit(response.uri(), login, Forms.loginBody(login, peer.username(), peer.password()), jar);
                continue;
            }
            Forms.Form consent = null;
            Forms.Control approve = null;
            for (Forms.Form f : forms) {
                approve = f.approveButton();
                if (approve != null) {
                    consent = f;
                    break;
                }
            }
            if (consent == null || ++consents > 2) {
                throw new OpException("page with neither a login nor an approvable form: " + response.brief());
            }
            response = submit(response.uri(), consent, Forms.consentBody(consent, approve), jar);
        }
        throw new OpException("more than " + MAX_AUTHORIZE_STEPS + " steps without reaching the redirect URI");
    }

    static Response submit(URI page, Forms.Form form, String body, CookieJar jar) throws OpException, InterruptedException {
        String action = form.attributes().getOrDefault("action", "");
        URI target = action.isEmpty() ? page : page.resolve(action);
        if ("get".equalsIgnoreCase(form.attributes().getOrDefault("method", "get"))) {
            String base = target.toString().replaceAll("\\?.*$", "");
            return send("GET", URI.create(base + "?" + body), null, jar, null, "text/html");
        }
        return send("POST", target, body, jar, null, "text/html");
    }

    static final Map<String, Pattern> JSON_STRINGS = new java.util.concurrent.ConcurrentHashMap<>();

    static String jsonString(String body, String field) {
        Matcher m = JSON_STRINGS.computeIfAbsent(field, f -> Pattern.compile("\"" + f + "\"\\s*:\\s*\"([^\"]*)\""))
            .matcher(body);
        return m.find() ? m.group(1) : null;
    }

    static final Map<String, Pattern> JSON_NUMBERS = new java.util.concurrent.ConcurrentHashMap<>();

    static final Pattern ACTIVE_TRUE = Pattern.compile("\"active\"\\s*:\\s*true");

    static long jsonLong(String body, String field, long fallback) {
        Matcher m = JSON_NUMBERS.computeIfAbsent(field, f -> Pattern.compile("\"" + f + "\"\\s*:\\s*(\\d+)"))
            .matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : fallback;
    }

    /** Checks a token response: 200, a Bearer access token; returns the tokens. */
    static Tokens tokens(Response response, String what) throws OpException {
        if (response.status() != 200) {
            throw new OpException(what + ": " + response.brief());
        }
        String access = jsonString(response.body(), "access_token");
        String type = jsonString(response.body(), "token_type");
        if (access == null || access.isEmpty() || type == null || !"bearer".equalsIgnoreCase(type)) {
            throw new OpException(what + ": 200 without a Bearer access_token: " + shorten(response.body(), 160));
        }
        long expiresIn = jsonLong(response.body(), "expires_in", 300);
        return new Tokens(access, jsonString(response.body(), "refresh_token"),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(expiresIn));
    }

    static Response redeem(Peer peer, String code, Pkce pkce, boolean confidential, String verifier)
            throws OpException, InterruptedException {
        return postToken(peer, form("grant_type", "authorization_code", "code", code,
                "redirect_uri", confidential ? peer.confRedirectUri() : peer.redirectUri(),
                "client_id", confidential ? null : peer.publicClientId(), "code_verifier", verifier), confidential);
    }

    /** A signed-in code + PKCE round of the confidential client, untimed: the start of W3 and W4. */
    static Tokens confidentialLogin(Peer peer) throws OpException, InterruptedException {
        Pkce pkce = Pkce.fresh();
        Grant grant = authorize(peer, new CookieJar(), peer.confClientId(), peer.confRedirectUri(), pkce, true);
        return tokens(redeem(peer, grant.code(), pkce, true, pkce.verifier()), "confidential code redemption");
    }

    // ------------------------------------------------------------------ workloads

    /** One virtual user of a workload: set up untimed, then timed ops. */
    interface VirtualUser {
        void setUp() throws Exception;

        /** Untimed work before an op (e.g. renewing a token about to expire). */
        default void beforeOp() throws Exception {
        }

        void op() throws Exception;

        /** Untimed: get back to a usable state after a failed op. */
        default void recover() throws Exception {
            setUp();
        }
    }

    static Supplier<VirtualUser> workload(String id, Peer peer) {
        return switch (id) {
            case "BASE" -> () -> new Baseline(peer);
            case "W1" -> () -> new ClientCredentials(peer);
            case "W2" -> () -> new AuthorizationCodeRound(peer);
            case "W3" -> () -> new RefreshRotation(peer);
            case "W4" -> () -> new Introspection(peer);
            case "W5" -> () -> new FullLogin(peer);
            default -> throw new IllegalArgumentException(id);
        };
    }

    /** BASE: GET the liveness probe of the same server stack (Tomcat, filter chain, JSON). */
    record Baseline(Peer peer) implements VirtualUser {
        public void setUp() {
        }

        public void op() throws Exception {
            Response r = send("GET", peer.base(), null, null, null, "application/json");
            if (r.status() != 200 || !r.body().contains("\"UP\"")) {
                throw new OpException("baseline: " + r.brief());
            }
        }
    }

    /** W1: client_credentials with client_secret_basic. */
    record ClientCredentials(Peer peer) implements VirtualUser {
        public void setUp() {
        }

        public void op() throws Exception {
            tokens(postToken(peer, form("grant_type", "client_credentials"), true), "client_credentials");
        }
    }

    /** W2: with a session from one untimed login, authorize (no login page allowed) then redeem with PKCE. */
    static final class AuthorizationCodeRound implements VirtualUser {
        final Peer peer;
        CookieJar session;

        AuthorizationCodeRound(Peer peer) {
            this.peer = peer;
        }

        public void setUp() throws Exception {
            session = new CookieJar();
            Grant grant = authorize(peer, session, peer.publicClientId(), peer.redirectUri(), Pkce.fresh(), true);
            if (grant.logins() != 1) {
                throw new OpException("setting up the session: no login form was submitted");
            }
        }

        public void op() throws Exception {
            Pkce pkce = Pkce.fresh();
            Grant grant = authorize(peer, session, peer.publicClientId(), peer.redirectUri(), pkce, false);
            tokens(redeem(peer, grant.code(), pkce, false, pkce.verifier()), "code redemption");
        }
    }

    /** W3: refresh_token grant of the confidential client, always with the newest refresh token. */
    static final class RefreshRotation implements VirtualUser {
        final Peer peer;
        String refreshToken;

        RefreshRotation(Peer peer) {
            this.peer = peer;
        }

        public void setUp() throws Exception {
            Tokens tokens = confidentialLogin(peer);
            if (tokens.refresh() == null) {
                throw new OpException("the confidential client's code redemption returned no refresh_token");
            }
            refreshToken = tokens.refresh();
        }

        public void op() throws Exception {
            Tokens tokens = tokens(postToken(peer, form("grant_type", "refresh_token", "refresh_token", refreshToken), true),
                    "refresh");
            if (tokens.refresh() != null) {
                refreshToken = tokens.refresh();
            }
        }
    }

    /** W4: introspection of a live user access token by the confidential client (its own token). */
    static final class Introspection implements VirtualUser {
        final Peer peer;
        Tokens tokens;

        Introspection(Peer peer) {
            this.peer = peer;
        }

        public void setUp() throws Exception {
            if (peer.introspection() == null) {
                throw new OpException("INTROSPECTION_ENDPOINT is empty");
            }
            tokens = confidentialLogin(peer);
        }

        /** Keeps the token live: renewed (untimed) 20 s before it expires. */
        public void beforeOp() throws Exception {
            if (System.nanoTime() > tokens.expiresAtNanos() - TimeUnit.SECONDS.toNanos(20)) {
                setUp();
            }
        }

        public void op() throws Exception {
            Response r = send("POST", peer.introspection(), form("token", tokens.access()), null,
                    basic(peer.confClientId(), peer.confClientSecret()), "application/json");
            if (r.status() != 200 || !ACTIVE_TRUE.matcher(r.body()).find()) {
                throw new OpException("introspection: " + r.brief());
            }
        }
    }

    /** W5: a full sign-in with a fresh cookie jar, ending at the redirect URI with a code. */
    record FullLogin(Peer peer) implements VirtualUser {
        public void setUp() {
        }

        public void op() throws Exception {
            Grant grant = authorize(peer, new CookieJar(), peer.publicClientId(), peer.redirectUri(), Pkce.fresh(), true);
            if (grant.logins() != 1) {
                throw new OpException("reached the redirect URI without submitting a login form");
            }
        }

        public void recover() {
        }
    }

    // ------------------------------------------------------------------ PKCE self-check

    /** Right verifier → token; wrong verifier and no verifier → refused. Guards against measuring a server that skips PKCE. */
    static boolean selfcheck(Peer peer) throws Exception {
        CookieJar session = new CookieJar();
        Map<String, Object> result = new LinkedHashMap<>();
        String[] cases = {"right_verifier", "wrong_verifier", "no_verifier"};
        boolean pass = true;
        for (String name : cases) {
            Pkce pkce = Pkce.fresh();
            Grant grant = authorize(peer, session, peer.publicClientId(), peer.redirectUri(), pkce, true);
            String verifier = switch (name) {
                case "right_verifier" -> pkce.verifier();
                case "wrong_verifier" -> Pkce.fresh().verifier();
                default -> null;
            };
            Response r = redeem(peer, grant.code(), pkce, false, verifier);
            boolean ok = "right_verifier".equals(name) ? r.status() == 200 && r.body().contains("access_token")
                    : r.status() == 400 && r.body().contains("invalid_grant") || r.status() == 400 && r.body().contains("invalid_request");
            result.put(name, r.status() + " " + (ok ? "as expected" : shorten(r.body(), 120)));
            pass &= ok;
        }
        result.put("pass", pass);
        System.out.println(Json.write(result));
        return pass;
    }

    // ------------------------------------------------------------------ measuring one workload

    static Map<String, Object> failure(String workload, Options options, String status, String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", workload);
        r.put("workload_name", WORKLOAD_NAMES.get(workload));
        r.put("status", status);
        r.put("reason", reason);
        r.put("concurrency", options.concurrency);
        r.put("duration_s", options.durationSeconds);
        r.put("warmup_s", options.warmupSeconds);
        return r;
    }

    /** Latencies of one virtual user, in nanoseconds, without boxing. */
    static final class Latencies {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    static final class Run {
        final String workload;
        final Peer peer;
        final Options options;
        final ServerProbe probe;
        final AtomicLong errors = new AtomicLong();
        final AtomicLong warmupErrors = new AtomicLong();
        final AtomicLong lastCompletion = new AtomicLong();
        final Set<String> errorSample = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

        Run(String workload, Peer peer, Options options, ServerProbe probe) {
            this.workload = workload;
            this.peer = peer;
            this.options = options;
            this.probe = probe;
        }

        Map<String, Object> execute() throws Exception {
            long idleRss = probe == null ? 0 : probe.rssKb();
            int n = options.concurrency;
            List<VirtualUser> users = new ArrayList<>();
            Supplier<VirtualUser> factory = workload(workload, peer);
            for (int i = 0; i < n; i++) {
                users.add(factory.get());
            }
            log(workload + ": setting up " + n + " virtual users");
            long setupStart = System.nanoTime();
            try (ExecutorService setup = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (VirtualUser u : users) {
                    done.add(setup.submit(() -> {
                        u.setUp();
                        return null;
                    }));
                }
                long deadline = setupStart + TimeUnit.SECONDS.toNanos(options.setupTimeoutSeconds);
                for (Future<?> f : done) {
                    try {
                        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                    catch (java.util.concurrent.ExecutionException ex) {
                        setup.shutdownNow();
                        return failure(workload, options, "fail", "setup: " + ex.getCause().getMessage());
                    }
                    catch (java.util.concurrent.TimeoutException ex) {
                        setup.shutdownNow();
                        return failure(workload, options, "fail", "setup took over " + options.setupTimeoutSeconds + " s");
                    }
                }
            }
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

            log(workload + ": " + options.warmupSeconds + " s warm-up + " + options.durationSeconds + " s measured, "
                    + n + " virtual users");
            long start = System.nanoTime();
            long windowStart = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds);
            long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(options.durationSeconds);
            List<Latencies> latencies = new ArrayList<>();
            AtomicBoolean sampling = new AtomicBoolean(true);
            long[] peakRss = {idleRss};
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (sampling.get() && probe != null) {
                    peakRss[0] = Math.max(peakRss[0], probe.rssKb());
                    try {
                        Thread.sleep(250);
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                }
            });
            long serverCpuStart = 0;
            long clientCpuStart = 0;
            long measuredFrom;
            try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
                for (VirtualUser u : users) {
                    Latencies l = new Latencies();
                    latencies.add(l);
                    load.submit(() -> drive(u, l, windowStart, windowEnd));
                }
                sleepUntil(windowStart);
                measuredFrom = System.nanoTime();
                serverCpuStart = probe == null ? 0 : probe.cpuTicks();
                clientCpuStart = clientCpuNanos();
                load.shutdown();
                if (!load.awaitTermination(options.durationSeconds + REQUEST_TIMEOUT.toSeconds() * 3 + 30, TimeUnit.SECONDS)) {
                    load.shutdownNow();
                    errorSample.add("virtual users did not finish in time");
                }
            }
            long measuredTo = Math.max(System.nanoTime(), measuredFrom + 1);
            long serverCpuTicks = probe == null ? 0 : probe.cpuTicks() - serverCpuStart;
            long clientCpu = clientCpuNanos() - clientCpuStart;
            sampling.set(false);
            sampler.interrupt();
            sampler.join(1000);
            boolean serverAlive = probe == null || probe.alive();

            long[] all = merge(latencies);
            double window = (Math.max(windowEnd, lastCompletion.get()) - windowStart) / 1e9;
            double cpuWindow = (measuredTo - measuredFrom) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", workload);
            r.put("workload_name", WORKLOAD_NAMES.get(workload));
            r.put("status", !serverAlive ? "invalid" : all.length == 0 ? "fail" : "ok");
            r.put("peer", peer.name());
            r.put("ops", all.length);
            r.put("ops_per_s", round(all.length / window, 1));
            r.put("p50_ms", millis(percentile(all, 50)));
            r.put("p90_ms", millis(percentile(all, 90)));
            r.put("p99_ms", millis(percentile(all, 99)));
            r.put("max_ms", millis(all.length == 0 ? 0 : all[all.length - 1]));
            r.put("errors", errors.get());
            r.put("warmup_errors", warmupErrors.get());
            r.put("error_sample", new ArrayList<>(errorSample));
            r.put("concurrency", n);
            r.put("duration_s", options.durationSeconds);
            r.put("warmup_s", options.warmupSeconds);
            r.put("window_s", round(window, 3));
            r.put("setup_s", round(setupSeconds, 2));
            if (probe != null) {
                double serverCpuSeconds = serverCpuTicks / (double) options.clkTck;
                r.put("server_pid", probe.pid);
                r.put("server_cpu_ms_per_op", all.length == 0 ? null : round(serverCpuSeconds * 1000 / all.length, 3));
                r.put("server_cpu_util", round(serverCpuSeconds / cpuWindow, 3));
                r.put("idle_rss_kb", idleRss);
                r.put("peak_rss_kb", peakRss[0]);
            }
            r.put("client_cpu_util", round(clientCpu / 1e9 / cpuWindow, 3));
            r.put("java", System.getProperty("java.version"));
            r.put("ts", Instant.now().toString());
            if (!serverAlive) {
                r.put("reason", "the server died during the run");
            }
            return r;
        }

        void drive(VirtualUser user, Latencies latencies, long windowStart, long windowEnd) {
            for (long count = 0; count < MAX_OPS_PER_USER; count++) {
                if (System.nanoTime() >= windowEnd) {
                    return;
                }
                long t0 = 0;
                try {
                    user.beforeOp();
                    t0 = System.nanoTime();
                    user.op();
                    long t1 = System.nanoTime();
                    if (t0 >= windowStart && t0 < windowEnd) {
                        latencies.add(t1 - t0);
                        lastCompletion.accumulateAndGet(t1, Math::max);
                    }
                }
                catch (InterruptedException ex) {
                    return;
                }
                catch (Exception ex) {
                    long when = t0 == 0 ? System.nanoTime() : t0;
                    if (when >= windowEnd) {
                        return;
                    }
                    countError(when >= windowStart, ex);
                    try {
                        user.recover();
                    }
                    catch (InterruptedException ie) {
                        return;
                    }
                    catch (Exception again) {
                        countError(System.nanoTime() >= windowStart, again);
                        pause();
                    }
                }
            }
        }

        void countError(boolean measured, Exception ex) {
            (measured ? errors : warmupErrors).incrementAndGet();
            if (errorSample.size() < 3) {
                errorSample.add(shorten(ex.getMessage() == null ? ex.toString() : ex.getMessage(), 240));
            }
        }

        static void pause() {
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    static long clientCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    static long[] merge(List<Latencies> parts) {
        int total = parts.stream().mapToInt(l -> l.size).sum();
        long[] all = new long[total];
        int at = 0;
        for (Latencies l : parts) {
            System.arraycopy(l.values, 0, all, at, l.size);
            at += l.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double millis(long nanos) {
        return round(nanos / 1e6, 2);
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Double.isFinite(v) ? Math.round(v * scale) / scale : 0;
    }

    /** CPU time (utime + stime, all threads) and RSS of the server process, from /proc. */
    static final class ServerProbe {
        final long pid;
        final int clkTck;

        ServerProbe(long pid, int clkTck) {
            this.pid = pid;
            this.clkTck = clkTck;
        }

        boolean alive() {
            return Files.exists(Path.of("/proc/" + pid + "/stat"));
        }

        long cpuTicks() {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (proc(5)).
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
            catch (IOException | RuntimeException ex) {
                return 0;
            }
        }

        long rssKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D+", ""));
                    }
                }
            }
            catch (IOException | RuntimeException ex) {
                return 0;
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ output

    static final class Json {
        static String write(Object v) {
            if (v == null) {
                return "null";
            }
            if (v instanceof Map<?, ?> map) {
                StringBuilder out = new StringBuilder("{");
                map.forEach((k, value) -> out.append(out.length() > 1 ? "," : "").append(quote(k.toString()))
                    .append(':').append(write(value)));
                return out.append('}').toString();
            }
            if (v instanceof List<?> list) {
                StringBuilder out = new StringBuilder("[");
                list.forEach(item -> out.append(out.length() > 1 ? "," : "").append(write(item)));
                return out.append(']').toString();
            }
            if (v instanceof Number || v instanceof Boolean) {
                return v.toString();
            }
            return quote(v.toString());
        }

        static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        }
                        else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }

    static final class Table {
        static final String[] HEADERS = {"workload", "status", "ops/s", "p50 ms", "p90 ms", "p99 ms", "errors",
            "srv CPU ms/op", "srv CPU util", "idle RSS MB", "peak RSS MB", "client CPU util"};

        static String render(List<Map<String, Object>> results, boolean markdown) {
            List<String[]> rows = new ArrayList<>();
            for (Map<String, Object> r : results) {
                rows.add(new String[] {r.get("workload") + " " + r.get("workload_name"), String.valueOf(r.get("status")),
                    cell(r, "ops_per_s"), cell(r, "p50_ms"), cell(r, "p90_ms"), cell(r, "p99_ms"), cell(r, "errors"),
                    cell(r, "server_cpu_ms_per_op"), cell(r, "server_cpu_util"), megabytes(r.get("idle_rss_kb")),
                    megabytes(r.get("peak_rss_kb")), cell(r, "client_cpu_util")});
            }
            StringBuilder out = new StringBuilder();
            if (markdown) {
                out.append("| ").append(String.join(" | ", HEADERS)).append(" |\n|---|---");
                out.append("|--:".repeat(HEADERS.length - 2)).append("|\n");
                rows.forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
            }
            else {
                int[] width = new int[HEADERS.length];
                for (int i = 0; i < HEADERS.length; i++) {
                    width[i] = HEADERS[i].length();
                    for (String[] row : rows) {
                        width[i] = Math.max(width[i], row[i].length());
                    }
                }
                appendPlain(out, HEADERS, width);
                rows.forEach(row -> appendPlain(out, row, width));
            }
            for (Map<String, Object> r : results) {
                Object sample = r.containsKey("reason") ? r.get("reason") : r.get("error_sample");
                if (!"ok".equals(r.get("status")) || !Long.valueOf(0).equals(r.get("errors"))) {
                    out.append(markdown ? "\n" : "").append(r.get("workload")).append(": ").append(sample).append('\n');
                }
            }
            return out.toString();
        }

        static void appendPlain(StringBuilder out, String[] cells, int[] width) {
            for (int i = 0; i < cells.length; i++) {
                String pad = " ".repeat(width[i] - cells[i].length());
                out.append(i <= 1 ? cells[i] + pad : pad + cells[i]).append(i < cells.length - 1 ? "  " : "\n");
            }
        }

        static String cell(Map<String, Object> r, String key) {
            Object v = r.get(key);
            return v == null ? "–" : v.toString();
        }

        static String megabytes(Object kb) {
            return kb instanceof Number n && n.longValue() > 0 ? String.valueOf(Math.round(n.longValue() / 1024.0)) : "–";
        }
    }
}
