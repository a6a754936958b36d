package org.tandem.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service layering of DESIGN.md §1 and style-anchors.md §7: computes never reach the
 * database; conductor, scheduler and compute talk only through {@code org.tandem.rpcapi}; the RPC
 * APIs and the model know nothing of the services.
 */
class ServiceLayeringTest {
    private static final String[] SERVICES = {"org.tandem.compute..", "org.tandem.conductor..", "org.tandem.scheduler.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Main classes of Tandem's own modules, whether the reactor gives target/classes or installed jars.
                .withImportOption(location -> location.contains("tandem-") && !location.contains("test-classes"))
                .importPackages("org.tandem");
    }

    @Test
    void computeNeverTouchesTheDatabase() {
        noClasses().that().resideInAPackage("org.tandem.compute..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tandem.db..", "org.tandem.model.db..", "java.sql..",
                        "javax.sql..")
                .because("nova-compute has no database access: every object operation goes to the conductor (facts §8.3)")
                .check(classes);
    }

    @Test
    void servicesTalkToEachOtherOnlyThroughTheRpcApis() {
        for (String service : SERVICES) {
            for (String other : SERVICES) {
                if (!service.equals(other)) {
                    noClasses().that().resideInAPackage(service)
                            .should().dependOnClassesThat().resideInAPackage(other)
                            .because("services are separate processes; they share only org.tandem.rpcapi and the model")
                            .check(classes);
                }
            }
        }
    }

    @Test
    void rpcApisDoNotDependOnServices() {
        noClasses().that().resideInAPackage("org.tandem.rpcapi..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tandem.compute..", "org.tandem.conductor..",
                        "org.tandem.scheduler..", "org.tandem.service..", "org.tandem.db..", "org.tandem.model.db..")
                .because("clients are shared by every service, including the database-less compute")
                .check(classes);
    }

    @Test
    void theModelKnowsNoDatabaseAndNoService() {
        noClasses().that().resideInAPackage("org.tandem.model..").and().resideOutsideOfPackage("org.tandem.model.db..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tandem.db..", "org.tandem.rpcapi..",
                        "org.tandem.compute..", "org.tandem.conductor..", "org.tandem.scheduler..", "org.tandem.service..",
                        "java.sql..", "javax.sql..")
                .because("the model is shared by computes, which must not reach the database")
                .check(classes);
    }

    @Test
    void theApiKnowsNoServiceAndNoRpcApi() {
        noClasses().that().resideInAPackage("org.tandem.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tandem.compute..", "org.tandem.conductor..",
                        "org.tandem.scheduler..", "org.tandem.rpcapi..", "org.tandem.launcher..")
                .because("the REST API reaches the cloud only through ComputeActions; the RPC adapter lives in "
                        + "tandem-launcher, which depends on both")
                .check(classes);
    }

    @Test
    void identityKnowsNoHttpNoApiAndNoService() {
        noClasses().that().resideInAPackage("org.tandem.identity..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tandem.api..", "org.tandem.launcher..",
                        "org.tandem.rpc..", "org.tandem.rpcapi..", "org.tandem.compute..", "org.tandem.conductor..",
                        "org.tandem.scheduler..", "org.tandem.model..", "io.javalin..")
                .because("identity, policy and quotas are data and rules on the database; the API serves them over HTTP")
                .check(classes);
    }

    @Test
    void onlyTheApiTheLauncherAndTheCliUseIdentity() {
        noClasses().that().resideInAnyPackage(SERVICES).or().resideInAnyPackage("org.tandem.rpcapi..",
                        "org.tandem.model..", "org.tandem.rpc..", "org.tandem.db..")
                .should().dependOnClassesThat().resideInAPackage("org.tandem.identity..")
                .because("who a caller is and what it may do is decided once, at the API")
                .check(classes);
    }

    @Test
    void servicesDoNotKnowTheLauncher() {
        noClasses().that().resideInAnyPackage(SERVICES).or().resideInAnyPackage("org.tandem.rpcapi..", "org.tandem.model..")
                .should().dependOnClassesThat().resideInAPackage("org.tandem.launcher..")
                .because("the launcher assembles processes from services, never the reverse")
                .check(classes);
    }
}
