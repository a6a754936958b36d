package org.tandem.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of DESIGN.md and style-anchors.md §7, checked on the compiled main classes of
 * every module: versions depend on nothing; objects know nothing of transport, database or
 * services; {@code internal} packages stay inside their module.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.tandem");
    }

    @Test
    void versionsDependOnNoOtherTandemModule() {
        noClasses().that().resideInAPackage("org.tandem.version..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.tandem.version..", "java..")
                .because("every module depends on versions, so versions may depend only on the JDK")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void objectsKnowNothingOfTransportDatabaseOrServices() {
        noClasses().that().resideInAPackage("org.tandem.objects..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tandem.rpc..", "org.tandem.broker..",
                        "org.tandem.db..", "org.tandem.cli..", "com.rabbitmq..", "java.sql..", "javax.sql..")
                .because("versioned objects are the shared model; transport and storage build on them, not the reverse")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void configKnowsNothingOfTheRestOfTandem() {
        noClasses().that().resideInAPackage("org.tandem.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tandem.objects..", "org.tandem.rpc..",
                        "org.tandem.broker..", "org.tandem.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void rpcDoesNotDependOnTheBrokerOrTheCli() {
        noClasses().that().resideInAPackage("org.tandem.rpc..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tandem.broker..", "org.tandem.cli..")
                .because("the embedded broker is a deployment choice; RPC talks to any AMQP 0-9-1 broker by URL")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void internalPackagesStayInsideTheirModule() {
        for (String module : new String[] {"version", "config", "objects", "rpc", "broker", "cli"}) {
            String base = "org.tandem." + module;
            noClasses().that().resideOutsideOfPackage(base + "..")
                    .should().dependOnClassesThat().resideInAPackage(base + ".internal..")
                    .allowEmptyShould(true)
                    .because(base + ".internal is private to its module")
                .check(classes);
        }
    }
}
