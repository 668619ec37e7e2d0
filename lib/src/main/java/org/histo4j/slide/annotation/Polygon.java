package org.histo4j.slide.annotation;

import java.util.List;

/**
 * A polygon in level-0 pixel coordinates: an exterior ring and any number of holes, each ring a closed list of
 * points {@code {x, y}} (first point repeated last, as GeoJSON writes it). A point is inside when it is inside the
 * exterior and inside no hole (even-odd rule, so rings may run either way round).
 *
 * @param exterior the outer ring
 * @param holes the inner rings cut out of it
 */
public record Polygon(List<double[]> exterior, List<List<double[]>> holes) {

    /** Copies the rings; validation happens on read ({@link QuPathGeoJson}) or with {@link #problem()}. */
    public Polygon {
        exterior = List.copyOf(exterior);
        holes = holes.stream().map(List::copyOf).toList();
    }

    /** A polygon without holes from alternating coordinates {@code x0, y0, x1, y1, ...}, closed for you. */
    public static Polygon of(double... xy) {
        return new Polygon(ring(xy), List.of());
    }

    /** The same polygon with one more hole, given as alternating coordinates and closed for you. */
    public Polygon withHole(double... xy) {
        List<List<double[]>> more = new java.util.ArrayList<>(holes);
        more.add(ring(xy));
        return new Polygon(exterior, more);
    }

    private static List<double[]> ring(double... xy) {
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("a ring needs x, y pairs, got " + xy.length + " numbers");
        }
        List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
            points.add(new double[] {xy[i], xy[i + 1]});
        }
        if (!points.isEmpty()) {
            points.add(points.getFirst().clone());
        }
        return points;
    }

    /** Whether (x, y) lies inside the exterior and outside every hole. */
    public boolean contains(double x, double y) {
        if (!inside(exterior, x, y)) {
            return false;
        }
        return holes.stream().noneMatch(hole -> inside(hole, x, y));
    }

    /** What is wrong with the rings (fewer than 4 points, not closed, a coordinate not finite, zero area), or null. */
    public String problem() {
        for (int r = 0; r <= holes.size(); r++) {
            List<double[]> ring = r == 0 ? exterior : holes.get(r - 1);
            String which = r == 0 ? "exterior ring" : "hole " + (r - 1);
            if (ring.size() < 4) {
                return which + " has " + ring.size() + " points, a closed ring needs at least 4";
            }
            for (double[] p : ring) {
                if (p.length < 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                    return which + " has a point that is not two finite numbers";
                }
            }
            double[] first = ring.getFirst();
            double[] last = ring.getLast();
            if (first[0] != last[0] || first[1] != last[1]) {
                return which + " is not closed (its last point differs from its first)";
            }
            if (area(ring) == 0) {
                return which + " has zero area";
            }
        }
        return null;
    }

    /** The area enclosed by the exterior minus the holes (shoelace formula), in squared level-0 pixels. */
    public double area() {
        return Math.abs(area(exterior)) - holes.stream().mapToDouble(h -> Math.abs(area(h))).sum();
    }

    private static double area(List<double[]> ring) {
        double twice = 0;
        for (int i = 0; i + 1 < ring.size(); i++) {
            twice += ring.get(i)[0] * ring.get(i + 1)[1] - ring.get(i + 1)[0] * ring.get(i)[1];
        }
        return twice / 2;
    }

    /** Even-odd ray casting towards +x. */
    private static boolean inside(List<double[]> ring, double x, double y) {
        boolean in = false;
        for (int i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            double[] a = ring.get(i);
            double[] b = ring.get(j);
            if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
                in = !in;
            }
        }
        return in;
    }
}
