package org.histo4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class DataBenchmarkTest {

    @Test
    void oneRowPerSourceAndSizeWithConsistentRates() {
        Table table = DataBenchmark.run(List.of(64, 96), 4, 1, 2, 1);
        assertEquals(4, table.rowCount());
        assertEquals(List.of("synthetic", "jpeg-folder", "synthetic", "jpeg-folder"), table.stringColumn("source")
                .asList());
        for (int r = 0; r < table.rowCount(); r++) {
            double seconds = table.doubleColumn("seconds").get(r);
            assertTrue(seconds > 0);
            assertEquals(2 / seconds, table.doubleColumn("batchesPerSecond").get(r), 1e-9);
            assertEquals(8 / seconds, table.doubleColumn("imagesPerSecond").get(r), 1e-9);
        }
    }
}
