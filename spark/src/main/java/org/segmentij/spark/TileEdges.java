package org.segmentij.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What the stitching needs to know of one labelled tile, small enough to send to the driver:
 * its largest label, where each label first appears in its core (raster index in the whole
 * image, -1 when only in the halo), the labels on the core's own outermost rows and columns
 * (<i>inner</i> border) and the tile's labels on the ring of pixels just outside its core
 * (<i>outer</i> ring; -1 outside the image). Outer ring: top and bottom rows run from x0-1 to x1
 * (corners included), left and right columns from y0 to y1-1.
 */
public record TileEdges(int index, int maxLabel, long[] firstPos, int[] innerTop, int[] innerBottom, int[] innerLeft,
		int[] innerRight, int[] outerTop, int[] outerBottom, int[] outerLeft, int[] outerRight) implements Serializable {

	private static final long serialVersionUID = 1L;

	/**
	 * The edges of a tile from its labels on the extended region ({@code ext}, row-major,
	 * {@code t.extWidth()} wide; non-negative labels, 0 background).
	 */
	public static TileEdges of(TileGrid.Tile t, int width, int height, int[] ext) {
		int ew = t.extWidth();
		int max = 0;
		for (int v : ext)
			max = Math.max(max, v);
		long[] first = new long[max + 1];
		Arrays.fill(first, -1);
		for (int y = t.y0(); y < t.y1(); y++) {
			int row = (y - t.ey0()) * ew - t.ex0();
			for (int x = t.x0(); x < t.x1(); x++) {
				int v = ext[row + x];
				if (v > 0 && first[v] < 0)
					first[v] = (long) y * width + x;
			}
		}
		int cw = t.coreWidth(), ch = t.coreHeight();
		int[] it = new int[cw], ib = new int[cw], il = new int[ch], ir = new int[ch];
		for (int i = 0; i < cw; i++) {
			it[i] = at(t, ext, t.x0() + i, t.y0());
			ib[i] = at(t, ext, t.x0() + i, t.y1() - 1);
		}
		for (int i = 0; i < ch; i++) {
			il[i] = at(t, ext, t.x0(), t.y0() + i);
			ir[i] = at(t, ext, t.x1() - 1, t.y0() + i);
		}
		int[] ot = new int[cw + 2], ob = new int[cw + 2], ol = new int[ch], or = new int[ch];
		for (int i = 0; i < cw + 2; i++) {
			ot[i] = outer(t, width, height, ext, t.x0() - 1 + i, t.y0() - 1);
			ob[i] = outer(t, width, height, ext, t.x0() - 1 + i, t.y1());
		}
		for (int i = 0; i < ch; i++) {
			ol[i] = outer(t, width, height, ext, t.x0() - 1, t.y0() + i);
			or[i] = outer(t, width, height, ext, t.x1(), t.y0() + i);
		}
		return new TileEdges(t.index(), max, first, it, ib, il, ir, ot, ob, ol, or);
	}

	private static int at(TileGrid.Tile t, int[] ext, int x, int y) {
		return ext[(y - t.ey0()) * t.extWidth() + x - t.ex0()];
	}

	/** The tile's label at a ring pixel; -1 outside the image. The ring lies in the extended region when halo ≥ 1. */
	private static int outer(TileGrid.Tile t, int width, int height, int[] ext, int x, int y) {
		if (x < 0 || y < 0 || x >= width || y >= height)
			return -1;
		if (x < t.ex0() || x >= t.ex1() || y < t.ey0() || y >= t.ey1())
			throw new IllegalStateException("Stitching labels needs a halo of at least 1 pixel.");
		return at(t, ext, x, y);
	}

	/** The label of a pixel of the core's outermost rows or columns. */
	int inner(TileGrid.Tile t, int x, int y) {
		if (y == t.y0())
			return innerTop[x - t.x0()];
		if (y == t.y1() - 1)
			return innerBottom[x - t.x0()];
		if (x == t.x0())
			return innerLeft[y - t.y0()];
		if (x == t.x1() - 1)
			return innerRight[y - t.y0()];
		throw new IllegalArgumentException("(" + x + ", " + y + ") is not on the border of tile " + index + "'s core.");
	}
}
