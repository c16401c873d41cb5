package dev.latchkey;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The arrows of the architecture (docs/architecture.md) point one way: no package cycles; settings know no
 * feature; storage knows no web or request classes and nothing above it; only config wires, nobody uses it.
 */
class ArchitectureTests {

    /** The product's own classes, without the bean definitions Spring AOT generates from them at build time. */
    private static final JavaClasses PRODUCT = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("__"))
        .importPackages("dev.latchkey");

    /** What only the web tier may know: servlets, Spring MVC, Spring Security's web filters, HTTP. */
    private static final String[] WEB = { "jakarta.servlet..", "org.springframework.web..",
        "org.springframework.security.web..", "org.springframework.http.." };

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.latchkey.(**)").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void settingsImportNoFeature() {
        noClasses().that()
            .resideInAPackage("dev.latchkey.settings..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.latchkey..").and(not(resideInAPackage("dev.latchkey.settings.."))))
            .check(PRODUCT);
    }

    @Test
    void grantStorageKnowsNoWebClassAndNothingAboveIt() {
        noClasses().that()
            .resideInAPackage("dev.latchkey.authorization..")
            .should()
            .dependOnClassesThat(resideInAnyPackage(WEB).or(resideInAnyPackage("dev.latchkey.protocol..",
                    "dev.latchkey.config..", "dev.latchkey.web..", "dev.latchkey.admin..", "dev.latchkey.account..")))
            .check(PRODUCT);
    }

    @Test
    void classesThatTalkToTheDatabaseKnowNoWebClass() {
        DescribedPredicate<JavaClass> talkToTheDatabase = DescribedPredicate.describe("talk to the database",
                type -> type.getDirectDependenciesFromSelf()
                    .stream()
                    .anyMatch(dependency -> dependency.getTargetClass().isEquivalentTo(JdbcClient.class)));
        noClasses().that(talkToTheDatabase)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(WEB)
            .check(PRODUCT);
    }

    @Test
    void onlyConfigurationWiresAndNothingDependsOnIt() {
        noClasses().that()
            .resideOutsideOfPackage("dev.latchkey.config..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.latchkey.config..")
            .check(PRODUCT);
    }

    @Test
    void protocolRulesDoNotReachIntoPagesOrAdministration() {
        classes().that()
            .resideInAPackage("dev.latchkey.protocol..")
            .should()
            .onlyDependOnClassesThat(not(resideInAnyPackage("dev.latchkey.admin..", "dev.latchkey.account..",
                    "dev.latchkey.web..", "dev.latchkey.config..", "dev.latchkey.consent..")))
            .check(PRODUCT);
    }

    @Test
    void noProductClassIsOverThreeHundredLines() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            sources.filter(path -> path.toString().endsWith(".java")).forEach(source -> {
                try {
                    assertThat(Files.readAllLines(source)).as(source.toString()).hasSizeLessThanOrEqualTo(300);
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            });
        }
    }
}
