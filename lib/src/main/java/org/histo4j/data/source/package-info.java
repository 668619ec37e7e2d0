/** Readers that turn a manifest and a local folder into an {@link org.histo4j.data.ImageSource} (image folders, CSV lists, PatchCamelyon HDF5), and {@link org.histo4j.data.source.MemoizedSource}, the one cache of decoded images. */
package org.histo4j.data.source;
