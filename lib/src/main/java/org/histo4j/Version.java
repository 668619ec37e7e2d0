package org.histo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions histo4j was built with: its own, DJL's, libtorch's and plotly.js's. */
public final class Version {

    private static final Properties PROPERTIES = load();

    private Version() {}

    /** histo4j's own version, as in the Maven build. */
    public static String histo4j() {
        return PROPERTIES.getProperty("version");
    }

    /** The DJL version the library was compiled against. */
    public static String djl() {
        return PROPERTIES.getProperty("djl");
    }

    /** The libtorch version of the bundled PyTorch natives. */
    public static String libtorch() {
        return PROPERTIES.getProperty("libtorch");
    }

    /** The plotly.js version shipped inside the jar. */
    public static String plotly() {
        return PROPERTIES.getProperty("plotly");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the histo4j jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties", e);
        }
        return properties;
    }
}
