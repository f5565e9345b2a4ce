package org.segmentij.instance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Outlines of one object of a 2D binary mask, traced along the pixel edges ("crack" contours,
 * the outlines ImageJ's {@code ThresholdToSelection} draws), and the shape figures computed from
 * them: the traced perimeter, the convex hull and its area.
 * <p>
 * Every boundary edge of a foreground pixel is a directed unit edge with the foreground on its
 * right (image coordinates, y down: the outer outline runs clockwise on screen, holes
 * counter-clockwise). Where two foreground pixels touch only at a corner the trace passes
 * through that vertex twice and goes on around both: the foreground of an outline is
 * 8-connected, as in ImageJ's traced selections. A polygon is the list of
 * its corner vertices (where the direction changes), in pixel-corner coordinates.
 */
public final class Outlines {

	/** The polygons (each {@code int[]{x0, y0, x1, y1, ...}}), outer outlines and holes. */
	private final List<int[]> polygons;

	private Outlines(List<int[]> polygons) {
		this.polygons = polygons;
	}

	/** The traced polygons: outer outlines (positive signed area) and holes (negative). */
	public List<int[]> polygons() {
		return polygons;
	}

	/**
	 * Traces the outlines of the pixels {@code mask[y * w + x] != 0} of a w x h mask; vertex
	 * coordinates are pixel corners, offset by (ox, oy).
	 */
	public static Outlines trace(byte[] mask, int w, int h, int ox, int oy) {
		int vw = w + 1, vh = h + 1;
		// outgoing directed edges per vertex: bit d for direction d (0 E, 1 S, 2 W, 3 N)
		byte[] out = new byte[vw * vh];
		int nEdges = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (mask[y * w + x] == 0)
					continue;
				if (y == 0 || mask[(y - 1) * w + x] == 0) { // top edge, eastwards from (x, y)
					out[y * vw + x] |= 1;
					nEdges++;
				}
				if (x == w - 1 || mask[y * w + x + 1] == 0) { // right edge, southwards from (x+1, y)
					out[y * vw + x + 1] |= 2;
					nEdges++;
				}
				if (y == h - 1 || mask[(y + 1) * w + x] == 0) { // bottom edge, westwards from (x+1, y+1)
					out[(y + 1) * vw + x + 1] |= 4;
					nEdges++;
				}
				if (x == 0 || mask[y * w + x - 1] == 0) { // left edge, northwards from (x, y+1)
					out[(y + 1) * vw + x] |= 8;
					nEdges++;
				}
			}
		List<int[]> polys = new ArrayList<>();
		int[] buf = new int[16];
		for (int start = 0; start < out.length && nEdges > 0; start++) {
			while (out[start] != 0) {
				int v = start, n = 0;
				int d = Integer.numberOfTrailingZeros(out[start]);
				int first = d, prev = -1;
				do {
					out[v] &= (byte) ~(1 << d);
					nEdges--;
					if (d != prev) { // a corner
						if (n + 2 > buf.length)
							buf = Arrays.copyOf(buf, buf.length * 2);
						buf[n++] = v % vw + ox;
						buf[n++] = v / vw + oy;
						prev = d;
					}
					v += d == 0 ? 1 : d == 1 ? vw : d == 2 ? -1 : -vw;
					int o = out[v];
					if (v == start)
						o |= 1 << first; // the first edge, already taken, closes the outline
					int right = (d + 1) & 3, left = (d + 3) & 3;
					int nd = (o & 1 << left) != 0 ? left : (o & 1 << d) != 0 ? d : right;
					if (v == start && nd == first)
						break;
					d = nd;
				} while (true);
				// the start vertex is a corner only when the last direction differs from the first
				if (prev == first) {
					n -= 2;
					System.arraycopy(buf, 2, buf, 0, n); // drop the start; the polygon starts at its next corner
				}
				polys.add(Arrays.copyOf(buf, n));
			}
		}
		return new Outlines(polys);
	}

	/** Twice the signed area of a polygon (shoelace; positive for outer outlines in image coordinates). */
	public static long doubleSignedArea(int[] p) {
		long s = 0;
		int n = p.length / 2;
		for (int i = 0, j = n - 1; i < n; j = i++)
			s += (long) p[2 * j] * p[2 * i + 1] - (long) p[2 * i] * p[2 * j + 1];
		return s;
	}

	/**
	 * Perimeter of the outlines in ImageJ's way for traced outlines (Edit › Selection › Create
	 * Selection, then Measure): the length along the pixel edges, less a corner cut of
	 * {@code (pw + ph) - sqrt(pw² + ph²)} at every other vertex of a staircase of unit steps and
	 * at every vertex that ends a longer side, so that staircases count as diagonals. Summed over
	 * all outlines, holes included. The count depends on the vertex it starts at (the
	 * first vertex counts); as ImageJ's {@code ThresholdToSelection} polygons, each outline is
	 * counted running counter-clockwise on screen (outer outlines; clockwise for holes) from the
	 * end of its lowest horizontal side (the right-most when there are several), which gives
	 * ImageJ's figures.
	 */
	public double perimeter(double pw, double ph) {
		double cut = pw + ph - Math.sqrt(pw * pw + ph * ph);
		double sum = 0;
		for (int[] p : polygons) {
			int n = p.length / 2;
			long dx = 0, dy = 0;
			int corners = 0;
			boolean lastCounted = false;
			// ImageJ's traced polygons run the other way round (counter-clockwise on screen for an
			// outer outline) and start where a lowest side ends; the count depends on where it
			// starts, so start there (the right-most such vertex)
			int s0 = -1;
			for (int i = 0; i < n; i++) {
				int j = (i + 1) % n; // running backwards, the side ending at vertex i comes from vertex i + 1
				if (p[2 * i + 1] == p[2 * j + 1] && (s0 < 0 || p[2 * i + 1] > p[2 * s0 + 1]
						|| p[2 * i + 1] == p[2 * s0 + 1] && p[2 * i] > p[2 * s0]))
					s0 = i;
			}
			for (int ii = 0; ii < n; ii++) {
				int i = (s0 - ii + n) % n;
				int j = (i + 1) % n; // running backwards, the side ending at vertex i comes from vertex i + 1
				int sx = Math.abs(p[2 * i] - p[2 * j]), sy = Math.abs(p[2 * i + 1] - p[2 * j + 1]);
				dx += sx;
				dy += sy;
				if (sx + sy > 1 || !lastCounted) {
					corners++;
					lastCounted = true;
				}
				else
					lastCounted = false;
			}
			sum += dx * pw + dy * ph - corners * cut;
		}
		return sum;
	}

	/**
	 * The convex hull of all outline vertices (pixel corners), counter-clockwise in a y-up view
	 * (monotone chain), as {@code {x0, y0, x1, y1, ...}}.
	 */
	public int[] convexHull() {
		int total = 0;
		for (int[] p : polygons)
			total += p.length / 2;
		long[] pts = new long[total];
		int k = 0;
		for (int[] p : polygons)
			for (int i = 0; i < p.length; i += 2)
				pts[k++] = ((long) p[i] << 32) | (p[i + 1] & 0xffffffffL);
		Arrays.sort(pts); // by x, then y (coordinates are >= 0)
		long[] hull = new long[2 * total + 1];
		int m = 0;
		for (int i = 0; i < total; i++) { // lower chain
			while (m >= 2 && cross(hull[m - 2], hull[m - 1], pts[i]) <= 0)
				m--;
			hull[m++] = pts[i];
		}
		for (int i = total - 2, lower = m + 1; i >= 0; i--) { // upper chain
			while (m >= lower && cross(hull[m - 2], hull[m - 1], pts[i]) <= 0)
				m--;
			hull[m++] = pts[i];
		}
		m--; // the last point is the first
		int[] out = new int[2 * Math.max(m, 0)];
		for (int i = 0; i < m; i++) {
			out[2 * i] = (int) (hull[i] >> 32);
			out[2 * i + 1] = (int) hull[i];
		}
		return out;
	}

	private static long cross(long o, long a, long b) {
		long ox = o >> 32, oy = (int) o, ax = a >> 32, ay = (int) a, bx = b >> 32, by = (int) b;
		return (ax - ox) * (by - oy) - (ay - oy) * (bx - ox);
	}
}
