/** Transfer evaluation: feature extraction and its cache, linear probes, fine-tuning, the seeds-and-folds protocol, metrics and CKA. */
package org.histo4j.transfer;
