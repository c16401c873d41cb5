package dev.latchkey.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The list of settings the start-up check knows is exactly what binds and what the IDE metadata describes. */
class SettingsCatalogTests {

    private final SettingsCatalog catalog = SettingsCatalog.load();

    @Test
    void everySettingsRecordIsInTheCatalog() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<String> annotated = scanner.findCandidateComponents("dev.latchkey")
            .stream()
            .map(candidate -> candidate.getBeanClassName())
            .sorted()
            .toList();

        assertThat(annotated).containsExactlyInAnyOrderElementsOf(
                SettingsCatalog.RECORDS.stream().map(Class::getName).toList());
    }

    @Test
    void theCatalogKnowsEverySettingOfTheGeneratedMetadataAndNoOther() throws IOException {
        List<String> described = new ArrayList<>();
        for (URL metadata : Collections.list(getClass().getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = metadata.openStream()) {
                for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
                    String name = property.get("name").asString();
                    if (name.startsWith("latchkey.")) {
                        described.add(name);
                    }
                }
            }
        }
        // The metadata names a list of entries (latchkey.provision.users) where the catalog knows each field of
        // an entry, and a list of values once where the catalog also knows its indexed form.
        List<String> asMetadataNamesThem = catalog.names()
            .stream()
            .filter(name -> !name.endsWith("[0]"))
            .map(name -> name.replaceAll("\\[0\\]\\..*", ""))
            .distinct()
            .toList();
        assertThat(described).isNotEmpty().containsExactlyInAnyOrderElementsOf(asMetadataNamesThem);
    }

    @Test
    void relaxedFormsOfAKnownNameAreKnown() {
        assertThat(catalog.isKnown(ConfigurationPropertyName.adapt("latchkey.tokens.accessTokenTimeToLive", '.'))).isTrue();
        assertThat(catalog.isKnown(ConfigurationPropertyName.of("latchkey.provision.applications[12].redirect-uris[3]")))
            .isTrue();
        assertThat(catalog.isKnown(ConfigurationPropertyName.of("latchkey.provision.applications[12].secrets"))).isFalse();
    }

    @Test
    void nearestSuggestsTheSettingAMisspellingMeantAndNothingForAnUnrelatedName() {
        assertThat(catalog.nearest(ConfigurationPropertyName.of("latchkey.isuer"))).isEqualTo("latchkey.issuer");
        assertThat(catalog.nearest(ConfigurationPropertyName.of("latchkey.provison.users[0].password")))
            .isEqualTo("latchkey.provision.users[0].password");
        assertThat(catalog.nearest(ConfigurationPropertyName.of("latchkey.key-encription-key")))
            .isEqualTo("latchkey.key-encryption-key");
        assertThat(catalog.nearest(ConfigurationPropertyName.of("latchkey.frobnicate"))).isNull();
    }
}
