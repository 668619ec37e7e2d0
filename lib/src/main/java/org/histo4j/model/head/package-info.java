/** The task heads that come with histo4j: linear (the multi-task paper's), MLP, and wrapped custom blocks. */
package org.histo4j.model.head;
