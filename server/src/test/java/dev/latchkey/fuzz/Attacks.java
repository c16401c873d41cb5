package dev.latchkey.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import dev.latchkey.fuzz.Mutation.AddParameter;
import dev.latchkey.fuzz.Mutation.AlterToken;
import dev.latchkey.fuzz.Mutation.Chunked;
import dev.latchkey.fuzz.Mutation.ContentType;
import dev.latchkey.fuzz.Mutation.DropParameter;
import dev.latchkey.fuzz.Mutation.Header;
import dev.latchkey.fuzz.Mutation.InjectRaw;
import dev.latchkey.fuzz.Mutation.JsonField;
import dev.latchkey.fuzz.Mutation.ManyParameters;
import dev.latchkey.fuzz.Mutation.Method;
import dev.latchkey.fuzz.Mutation.Oversize;
import dev.latchkey.fuzz.Mutation.PathSuffix;
import dev.latchkey.fuzz.Mutation.ReplaceBody;
import dev.latchkey.fuzz.Mutation.ReplaceValue;
import dev.latchkey.fuzz.Mutation.RepeatParameter;
import dev.latchkey.fuzz.Mutation.Truncate;

/** The generators: attacks as one to three mutations, each drawn from what hostile clients send. */
final class Attacks {

    private Attacks() {
    }

    static Arbitrary<Attack> attacks() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), mutation().list().ofMinSize(1).ofMaxSize(3))
            .as(Attack::new);
    }

    static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 50);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(position, HostileValues.any().injectNull(0.5)).as(RepeatParameter::new)),
                Tuple.of(3, position.map(DropParameter::new)),
                Tuple.of(10, Combinators.combine(position, HostileValues.any()).as(ReplaceValue::new)),
                Tuple.of(6, Combinators.combine(position, rawFragments(), flag).as(InjectRaw::new)),
                Tuple.of(5, Combinators.combine(HostileValues.names(), HostileValues.any(), flag).as(AddParameter::new)),
                Tuple.of(1, Arbitraries.integers().between(990, 1300).map(ManyParameters::new)),
                Tuple.of(3, methods().map(Method::new)),
                Tuple.of(6, headers()),
                Tuple.of(4, contentTypes().injectNull(0.1).map(ContentType::new)),
                Tuple.of(2, pathSuffixes().map(PathSuffix::new)),
                Tuple.of(2, Arbitraries.integers().between(1, 40).map(Truncate::new)),
                Tuple.of(1, Arbitraries.integers().between(257, 600).map(Oversize::new)),
                Tuple.of(2, flag.map(Chunked::new)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(Bodies.Kind.class), HostileValues.any(),
                        Arbitraries.integers().between(0, 10_000)).as(ReplaceBody::new)),
                Tuple.of(5, Combinators.combine(Arbitraries.of(Bodies.JsonChange.class), position, HostileValues.any(),
                        Arbitraries.of(0, 1, 2, 100, 1000, 5000, 20_000)).as(JsonField::new)),
                Tuple.of(5, Arbitraries.integers().between(0, 100).map(AlterToken::new)));
    }

    private static Arbitrary<String> rawFragments() {
        return Arbitraries.of("%ZZ", "%4", "%", "%C3%28", "%C3", "%FF", "%80", "%ED%A0%80", "%F4%90%80%80", "%C0%AF", "%00",
                "\u00e9", "\u00ff", "&=code", "&=", "=", "&&", "+", "%2B", "%25", "%%", "%u0041", "&%ZZ=1", "&a",
                "&a=1&a=2", ";", "\t", " ", "#", "%0D%0A", "\r\n", "\"", "<", "%3Cfuzz-tag%3E", "\\");
    }

    private static Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "FUZZ",
                "get", "PROPFIND", "M-SEARCH");
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.of("*/*", "text/*", "application/*", "multipart/form-data",
                "multipart/form-data; boundary=fuzzBoundary", "multipart/mixed; boundary=x", "application/json",
                "application/json; charset=UTF-16", "application/json; charset=bogus",
                "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/x-www-form-urlencoded; charset=UTF-16BE",
                "application/x-www-form-urlencoded; charset=\"", "application/x-www-form-urlencoded;;;", "text/plain",
                "text/html", "application/xml", "garbage", "", "application/x-www-form-urlencoded, application/json",
                "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded; boundary=x", "application/jwt",
                "application/x-www-form-urlencoded; charset=utf-8; charset=latin1", "application/x-www-form-urlencoded; q=\u00e9");
    }

    private static Arbitrary<String> pathSuffixes() {
        return Arbitraries.of(";jsessionid=1", ";", "/..;/", "/%2e%2e/", "//", "%2F", "%00", ".json", "x", "/", "%ZZ", "%",
                "%C3%28", "/../admin/api/users", "%20", "\u00e9", "#x", "*", "/.", "%252e", "/%3Cfuzz-tag%3E");
    }

    private static Arbitrary<Mutation> headers() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("text/html", "application/json", "*/*", "text/*", "a/b/c", "", "text/html;q=x",
                        "application/xml", "image/png", "text/html, application/json").map(value -> new Header("Accept", value))),
                Tuple.of(2, Arbitraries.of("Cookie", "Authorization", "Accept", "Content-Type", "Host", "Origin")
                    .map(name -> new Header(name, null))),
                Tuple.of(2, Arbitraries.of("SESSION=fuzz", "SESSION=", "SESSION=" + "a".repeat(5000), "SESSION=a; SESSION=b",
                        "JSESSIONID=x", "SESSION=%ZZ", "\u00e9=\u00e9").map(value -> new Header("Cookie", value))),
                Tuple.of(3, authorizations().map(value -> new Header("Authorization", value))),
                Tuple.of(2, Combinators.combine(Arbitraries.of("Host", "X-Forwarded-Host", "X-Forwarded-Proto",
                        "X-Forwarded-For", "X-Forwarded-Port", "Forwarded", "Origin", "Referer", "X-HTTP-Method-Override",
                        "Expect", "Range", "If-None-Match", "Accept-Language", "Accept-Charset", "Accept-Encoding",
                        "Connection", "Transfer-Encoding", "Content-Encoding", "DPoP", "X-Request-Id", "User-Agent"),
                        headerValues()).as(Header::new)));
    }

    private static Arbitrary<String> authorizations() {
        return Arbitraries.of("Bearer", "Bearer ", "Bearer  x", "bearer abc", "Basic", "Basic !!!", "Basic " + base64(":"),
                "Basic " + base64("a"), "Basic " + base64("fuzz-unknown:x"), "Basic " + base64("\u00e9:\u00e9"),
                "Basic " + base64("fuzz%ZZ:x"), "Digest x", "Bearer " + "a".repeat(10_000), "Bearer a b", "Bearer %ZZ",
                "DPoP abc", "Bearer eyJ.eyJ.sig", "Bearer \u00e9", "Negotiate x");
    }

    private static Arbitrary<String> headerValues() {
        return Arbitraries.of("evil.example", "evil.example:1", "", "a".repeat(9000), "100-continue", "bytes=0-1", "gzip",
                "close", "chunked", "null", "https", "\u00e9", "127.0.0.1", "DELETE", "*", "for=evil;proto=https", "-1",
                "http://evil.example", HostileValues.TAG + ">");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
