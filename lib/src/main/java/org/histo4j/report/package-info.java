/**
 * Results people look at: offline Plotly figures (plotly.js's cartesian bundle, shipped in the jar under
 * {@code org/histo4j/report/plotly/} and inlined once per page or notebook), self-contained HTML pages
 * ({@link org.histo4j.report.HtmlReport}, transfer pages by {@link org.histo4j.report.TransferReport}), tables with
 * numbers rounded for people ({@link org.histo4j.Numbers}), notebook display helpers
 * ({@link org.histo4j.report.Display}) and the headless notebook runner. Used by the command line and notebooks
 * only; nothing below it points back here.
 */
package org.histo4j.report;
