/** The multi-task training loop: the paper's loss and head-gradient scaling, optimisers, schedules, checkpoints and run directories. */
package org.histo4j.train;
