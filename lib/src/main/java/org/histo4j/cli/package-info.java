/** The histo4j command line: one picocli subcommand per job, and the quickstart main job. */
package org.histo4j.cli;
