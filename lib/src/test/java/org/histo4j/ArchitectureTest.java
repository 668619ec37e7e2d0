package org.histo4j;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the compiled library, read from its byte code: dependencies point one way,
 * cli → (report →) slide → transfer → train → model/data, report is used by cli only (and notebooks, which are not
 * compiled here), and no two packages, nor two parts of {@code data} or of {@code cli}, depend on each other in a circle.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importLibrary() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.histo4j");
    }

    @Test
    void dependenciesPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("org.histo4j.cli..")
                .layer("report").definedBy("org.histo4j.report..")
                .layer("slide").definedBy("org.histo4j.slide..")
                .layer("transfer").definedBy("org.histo4j.transfer..")
                .layer("train").definedBy("org.histo4j.train..")
                .layer("model").definedBy("org.histo4j.model..")
                .layer("data").definedBy("org.histo4j.data..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("slide").mayOnlyBeAccessedByLayers("cli", "report")
                .whereLayer("transfer").mayOnlyBeAccessedByLayers("cli", "report", "slide")
                .whereLayer("train").mayOnlyBeAccessedByLayers("cli", "report", "slide", "transfer")
                .whereLayer("model").mayOnlyBeAccessedByLayers("cli", "report", "slide", "transfer", "train", "data")
                .whereLayer("data").mayOnlyBeAccessedByLayers("cli", "report", "slide", "transfer", "train", "model")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.histo4j.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void partsOfDataHaveNoCycles() {
        slices().assignedFrom(new Parts("org.histo4j.data")).should().beFreeOfCycles().check(classes);
    }

    @Test
    void partsOfTheCommandLineHaveNoCycles() {
        slices().assignedFrom(new Parts("org.histo4j.cli")).should().beFreeOfCycles().check(classes);
    }

    /** Each sub-package of {@code root} is one slice, and the classes at the root are another. */
    private record Parts(String root) implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(root)) {
                return SliceIdentifier.of(root);
            }
            if (name.startsWith(root + ".")) {
                return SliceIdentifier.of(root + "." + name.substring(root.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the root and the sub-packages of " + root;
        }
    }
}
