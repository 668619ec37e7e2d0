/** Results people look at: offline Plotly figures, self-contained HTML pages, notebook display helpers and the headless notebook runner. */
package org.histo4j.report;
