package org.segmentij.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

import org.segmentij.InputException;

/**
 * Labels of separately labelled tiles made into the labels of the whole image.
 * <p>
 * The rule. Every tile is labelled on its extended region (core plus halo h ≥ 1) and keeps only
 * its core. For every pixel p of the one-pixel ring just outside a tile T's core, T has a label
 * of p (p lies in T's halo) and so does the tile U whose core holds p (p lies on U's core
 * border). Where both are objects, the two labels are the same object: they are merged
 * (union-find over all tiles' labels). Each merged object then gets one label, numbered in the
 * order of its first pixel in a raster scan of the whole image.
 * <p>
 * For a pipeline whose mask is computed pixel by pixel, or by filters that reach no further than
 * the halo, followed by connected-component labelling, this gives exactly the components of the
 * untiled image: two core pixels with the same tile label are connected in the image; two
 * neighbouring object pixels p (core of T) and q (core of U) are in one component of T's extended
 * region, which holds q, so T's label of q equals T's label of p, and the ring rule at q merges
 * it with U's label of q; a path between any two pixels of one component is a chain of such
 * steps. With raster numbering, the labels are even equal to those of the untiled labelling in
 * raster order (connected-components numbers that way).
 * <p>
 * For labellings that are not connected components of a fixed mask (watershed: seeds and
 * dividing lines depend on how much of an object a tile sees), the tiles agree near the cut
 * when the halo is larger than the objects (each object that reaches a core then lies whole in
 * that tile's extended region); where they disagree, the two tiles' objects are merged (one
 * label for what either tile saw as one object), i.e. under-segmentation at the cut, never a
 * seam through an object.
 */
public final class LabelStitcher {

	/**
	 * @param count the number of objects of the whole image
	 * @param maps  per tile, its label to the whole image's label (0 for labels not in its core)
	 */
	public record Stitch(int count, int[][] maps) implements Serializable {

		private static final long serialVersionUID = 1L;
	}

	private LabelStitcher() {
	}

	/** Stitches tiles of the grid; {@code edges} holds one entry per tile, in tile order. */
	public static Stitch stitch(TileGrid grid, List<TileEdges> edges) {
		int n = grid.count();
		if (edges.size() != n)
			throw new IllegalArgumentException("Expected " + n + " tiles, got " + edges.size() + ".");
		if ((long) grid.width() * grid.height() >= 1L << 32)
			throw new InputException("Images of 2^32 pixels or more cannot be stitched (" + grid.width() + " x " + grid.height() + ").");
		long[] offset = new long[n + 1];
		for (int t = 0; t < n; t++) {
			if (edges.get(t).index() != t)
				throw new IllegalArgumentException("Tile edges out of order at " + t + ".");
			offset[t + 1] = offset[t] + edges.get(t).maxLabel();
		}
		if (offset[n] >= Integer.MAX_VALUE)
			throw new InputException("Too many labels in the tiles (" + offset[n] + ") to stitch.");
		int total = (int) offset[n];
		int[] parent = new int[total + 1];
		for (int i = 0; i <= total; i++)
			parent[i] = i;

		for (int t = 0; t < n; t++) {
			TileGrid.Tile tile = grid.tile(t);
			TileEdges e = edges.get(t);
			int off = (int) offset[t];
			for (int i = 0; i < e.outerTop().length; i++) {
				merge(grid, edges, offset, parent, off, e.outerTop()[i], tile.x0() - 1 + i, tile.y0() - 1);
				merge(grid, edges, offset, parent, off, e.outerBottom()[i], tile.x0() - 1 + i, tile.y1());
			}
			for (int i = 0; i < e.outerLeft().length; i++) {
				merge(grid, edges, offset, parent, off, e.outerLeft()[i], tile.x0() - 1, tile.y0() + i);
				merge(grid, edges, offset, parent, off, e.outerRight()[i], tile.x1(), tile.y0() + i);
			}
		}

		// number objects by their first pixel in raster order (pixel index < 2^32, root < 2^31)
		long[] minPos = new long[total + 1];
		Arrays.fill(minPos, Long.MAX_VALUE);
		for (int t = 0; t < n; t++) {
			long[] first = edges.get(t).firstPos();
			for (int a = 1; a < first.length; a++)
				if (first[a] >= 0) {
					int r = find(parent, (int) offset[t] + a);
					minPos[r] = Math.min(minPos[r], first[a]);
				}
		}
		int roots = 0;
		for (int g = 1; g <= total; g++)
			if (parent[g] == g && minPos[g] != Long.MAX_VALUE)
				roots++;
		long[] keys = new long[roots];
		int k = 0;
		for (int g = 1; g <= total; g++)
			if (parent[g] == g && minPos[g] != Long.MAX_VALUE)
				keys[k++] = minPos[g] << 31 | g;
		Arrays.sort(keys);
		int[] id = new int[total + 1];
		for (int i = 0; i < keys.length; i++)
			id[(int) (keys[i] & Integer.MAX_VALUE)] = i + 1;
		int[][] maps = new int[n][];
		for (int t = 0; t < n; t++) {
			long[] first = edges.get(t).firstPos();
			int[] m = new int[first.length];
			for (int a = 1; a < first.length; a++)
				if (first[a] >= 0)
					m[a] = id[find(parent, (int) offset[t] + a)];
			maps[t] = m;
		}
		return new Stitch(roots, maps);
	}

	/** Tile T's label {@code a} at ring pixel (x, y) and the label of the core holding (x, y): one object. */
	private static void merge(TileGrid grid, List<TileEdges> edges, long[] offset, int[] parent, int off, int a, int x, int y) {
		if (a <= 0) // background, or outside the image
			return;
		int u = grid.owner(x, y);
		int b = edges.get(u).inner(grid.tile(u), x, y);
		if (b > 0)
			union(parent, off + a, (int) offset[u] + b);
	}

	private static int find(int[] parent, int i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	}

	private static void union(int[] parent, int a, int b) {
		int ra = find(parent, a), rb = find(parent, b);
		if (ra < rb)
			parent[rb] = ra;
		else if (rb < ra)
			parent[ra] = rb;
	}
}
