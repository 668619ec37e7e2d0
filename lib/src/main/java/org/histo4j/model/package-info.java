/** Encoders in torchvision's layout (with truncation and weight import), task heads and the multi-task network. Knows nothing of training. */
package org.histo4j.model;
