package org.tandem.db;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The database module builds on versions only: the domain objects and RPC map onto its rows, not the reverse. */
class DbDependenciesTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tandem.db");

    @Test
    void dependsOnNoTandemModuleButVersions() {
        noClasses().that().resideInAPackage("org.tandem.db..")
                .should().dependOnClassesThat(resideInAPackage("org.tandem..")
                        .and(not(resideInAnyPackage("org.tandem.db..", "org.tandem.version.."))))
                .check(classes);
    }
}
