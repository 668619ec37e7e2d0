package org.histo4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookRunnerTest {

    @Test
    void selectsNotebooksByNumberNameOrFileInTheOrderGiven(@TempDir Path dir) throws Exception {
        for (String name : List.of("00-welcome.ipynb", "01-assemble-pool.ipynb", "02-train.ipynb", "notes.txt")) {
            Files.writeString(dir.resolve(name), "{}");
        }
        NotebookRunner runner = NotebookRunner.of(dir, dir.resolve("out"));

        assertEquals(3, runner.select(List.of()).size());
        assertEquals(List.of(dir.resolve("02-train.ipynb"), dir.resolve("00-welcome.ipynb"),
                        dir.resolve("01-assemble-pool.ipynb")),
                runner.select(List.of("02", "00-welcome", "01-assemble-pool.ipynb", "00")));
    }

    @Test
    void unknownNotebookIsOneClearErrorListingTheKnownOnes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("00-welcome.ipynb"), "{}");

        Histo4jException error = assertThrows(Histo4jException.class,
                () -> NotebookRunner.of(dir, dir).select(List.of("07")));

        assertTrue(error.getMessage().contains("no notebook named '07'")
                && error.getMessage().contains("00-welcome.ipynb"), error.getMessage());
    }

    @Test
    void failingCellStopsTheRunNamingNotebookAndCell(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("09-broken.ipynb"), """
                {"cells": [
                 {"cell_type": "code", "id": "a", "metadata": {}, "source": "int ok = 1;", "outputs": [], "execution_count": null},
                 {"cell_type": "code", "id": "b", "metadata": {}, "source": "throw new IllegalStateException(\\"boom\\");", "outputs": [], "execution_count": null}
                ], "metadata": {"kernelspec": {"name": "histo4j", "display_name": "Java (histo4j)", "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        NotebookRunner runner = NotebookRunner.of(dir, dir.resolve("out")).withCellTimeout(120);

        Histo4jException error = assertThrows(Histo4jException.class, () -> runner.run(runner.select(List.of())));

        assertTrue(error.getMessage().contains("09-broken.ipynb failed"), error.getMessage());
        assertTrue(Files.exists(dir.resolve("out/09-broken.ipynb")), "partial output kept for debugging");
    }
}
