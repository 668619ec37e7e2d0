package org.histo4j;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * DJL's arithmetic with a Java number ({@code x.mul(2f)}, {@code div}, {@code maximum}, {@code minimum},
     * {@code pow}) hands autograd a constant whose memory the JVM may free before backward (see
     * {@link org.histo4j.model.Scalars}). Only code that never runs under a gradient collector may call it; everything
     * else goes through {@code Scalars}. A new caller must either switch or be added here with the reason it is safe.
     */
    @Test
    void arithmeticWithANumberIsOnlyUsedWhereNoGradientIsRecorded() {
        Map<String, String> safe = Map.of(
                "org.histo4j.train.ResumableOptimizer", "optimiser updates run after backward, outside recording",
                "org.histo4j.train.optim.MultiTaskOptimizer", "rescales gradients after backward",
                "org.histo4j.train.Replicas", "sums replicas' gradients after backward",
                "org.histo4j.transfer.FeatureExtractor", "inference only");
        Set<String> unsafeOps = Set.of("mul", "div", "maximum", "minimum", "pow", "muli", "divi", "powi", "rdiv",
                "rdivi", "rpow");
        Set<String> callers = new TreeSet<>();
        for (JavaClass javaClass : classes) {
            javaClass.getMethodCallsFromSelf().stream()
                    .filter(call -> call.getTargetOwner().isAssignableTo("ai.djl.ndarray.NDArray"))
                    .filter(call -> unsafeOps.contains(call.getName()))
                    .filter(call -> call.getTarget().getRawParameterTypes().size() == 1
                            && call.getTarget().getRawParameterTypes().get(0).isEquivalentTo(Number.class))
                    .forEach(call -> callers.add(javaClass.getName().replaceAll("\\$.*", "")));
        }
        assertEquals(new TreeSet<>(safe.keySet()), callers,
                "classes calling NDArray arithmetic with a Number (use org.histo4j.model.Scalars under autograd)");
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
