package org.segmentij.classical.graph;

/**
 * Makes every segment of a label image connected: each face-connected (4 in 2D, 6 in 3D) piece
 * of a label becomes a segment of its own, and pieces smaller than a minimum size are merged into
 * the adjacent piece whose mean colour is closest (ties: the piece found first in raster order).
 * Small pieces are visited in raster order of their first pixel; a merged piece counts with its
 * combined size and mean afterwards.
 */
final class Connectivity {

	private Connectivity() {
	}

	/**
	 * @param label   labels per pixel (any ints; read only)
	 * @param dims    {w, h, d}
	 * @param ch      colour channels per pixel (for the mean colours)
	 * @param minSize smallest piece kept on its own
	 * @return new labels 1..n in raster order
	 */
	static int[] enforce(int[] label, int[] dims, float[][] ch, int minSize) {
		int w = dims[0], h = dims[1], dz = dims[2];
		int n = label.length;
		int wh = w * h;
		int nc = ch.length;
		int[] comp = new int[n];
		java.util.Arrays.fill(comp, -1);
		int[] queue = new int[n]; // pixels in BFS order, piece by piece
		int[] start = new int[16];
		int pieces = 0, qend = 0;
		for (int s = 0; s < n; s++) {
			if (comp[s] >= 0)
				continue;
			if (pieces + 1 >= start.length)
				start = java.util.Arrays.copyOf(start, start.length * 2);
			start[pieces] = qend;
			int l = label[s];
			comp[s] = pieces;
			queue[qend++] = s;
			for (int q = start[pieces]; q < qend; q++) {
				int p = queue[q];
				int x = p % w, y = (p / w) % h, z = p / wh;
				if (x > 0 && comp[p - 1] < 0 && label[p - 1] == l) {
					comp[p - 1] = pieces;
					queue[qend++] = p - 1;
				}
				if (x + 1 < w && comp[p + 1] < 0 && label[p + 1] == l) {
					comp[p + 1] = pieces;
					queue[qend++] = p + 1;
				}
				if (y > 0 && comp[p - w] < 0 && label[p - w] == l) {
					comp[p - w] = pieces;
					queue[qend++] = p - w;
				}
				if (y + 1 < h && comp[p + w] < 0 && label[p + w] == l) {
					comp[p + w] = pieces;
					queue[qend++] = p + w;
				}
				if (z > 0 && comp[p - wh] < 0 && label[p - wh] == l) {
					comp[p - wh] = pieces;
					queue[qend++] = p - wh;
				}
				if (z + 1 < dz && comp[p + wh] < 0 && label[p + wh] == l) {
					comp[p + wh] = pieces;
					queue[qend++] = p + wh;
				}
			}
			pieces++;
		}
		start = java.util.Arrays.copyOf(start, pieces + 1);
		start[pieces] = qend;
		// statistics per piece
		int[] parent = new int[pieces];
		int[] size = new int[pieces];
		double[] sum = new double[pieces * nc];
		for (int c = 0; c < pieces; c++) {
			parent[c] = c;
			size[c] = start[c + 1] - start[c];
			for (int q = start[c]; q < start[c + 1]; q++)
				for (int j = 0; j < nc; j++)
					sum[c * nc + j] += ch[j][queue[q]];
		}
		for (int c = 0; c < pieces; c++) {
			int rc = Felzenszwalb.find(parent, c);
			if (rc != c || size[rc] >= minSize)
				continue; // c was merged into earlier (then it is handled with its root) or is large
			int best = -1;
			double bestD = Double.POSITIVE_INFINITY;
			for (int q = start[c]; q < start[c + 1]; q++) {
				int p = queue[q];
				int x = p % w, y = (p / w) % h, z = p / wh;
				for (int k = 0; k < 6; k++) {
					int nb;
					if (k == 0) nb = x > 0 ? p - 1 : -1;
					else if (k == 1) nb = x + 1 < w ? p + 1 : -1;
					else if (k == 2) nb = y > 0 ? p - w : -1;
					else if (k == 3) nb = y + 1 < h ? p + w : -1;
					else if (k == 4) nb = z > 0 ? p - wh : -1;
					else nb = z + 1 < dz ? p + wh : -1;
					if (nb < 0)
						continue;
					int r = Felzenszwalb.find(parent, comp[nb]);
					if (r == rc)
						continue;
					double d = 0;
					for (int j = 0; j < nc; j++) {
						double e = sum[rc * nc + j] / size[rc] - sum[r * nc + j] / size[r];
						d += e * e;
					}
					if (d < bestD) {
						bestD = d;
						best = r;
					}
				}
			}
			if (best < 0)
				continue; // the only piece of the image
			parent[rc] = best;
			size[best] += size[rc];
			for (int j = 0; j < nc; j++)
				sum[best * nc + j] += sum[rc * nc + j];
		}
		int[] map = new int[pieces];
		int next = 0;
		int[] out = new int[n];
		for (int p = 0; p < n; p++) {
			int r = Felzenszwalb.find(parent, comp[p]);
			if (map[r] == 0)
				map[r] = ++next;
			out[p] = map[r];
		}
		return out;
	}
}
