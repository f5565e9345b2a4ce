package org.segmentij.classical.graph;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;

/** Test helpers: synthetic images and brute-force checks of label images. */
final class GraphFixtures {

	private GraphFixtures() {
	}

	static Img<ARGBType> rgb(int[] packed, int w, int h) {
		return ArrayImgs.argbs(packed.clone(), w, h);
	}

	/** Pixel count of every label. */
	static Map<Integer, Integer> sizes(int[] labels) {
		Map<Integer, Integer> m = new HashMap<>();
		for (int l : labels)
			m.merge(l, 1, Integer::sum);
		return m;
	}

	/** True when every label's pixels form one face-connected set (BFS per label, 2D or 3D). */
	static boolean allConnected(int[] labels, int w, int h, int d) {
		boolean[] seen = new boolean[labels.length];
		Map<Integer, Boolean> started = new HashMap<>();
		for (int s = 0; s < labels.length; s++) {
			if (seen[s])
				continue;
			if (started.put(labels[s], true) != null)
				return false; // second component of the same label
			ArrayDeque<Integer> q = new ArrayDeque<>();
			q.add(s);
			seen[s] = true;
			while (!q.isEmpty()) {
				int p = q.poll();
				int x = p % w, y = (p / w) % h, z = p / (w * h);
				int[][] nb = { { x - 1, y, z }, { x + 1, y, z }, { x, y - 1, z }, { x, y + 1, z }, { x, y, z - 1 }, { x, y, z + 1 } };
				for (int[] c : nb) {
					if (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[0] >= w || c[1] >= h || c[2] >= d)
						continue;
					int qi = (c[2] * h + c[1]) * w + c[0];
					if (!seen[qi] && labels[qi] == labels[s]) {
						seen[qi] = true;
						q.add(qi);
					}
				}
			}
		}
		return true;
	}

	/** True when no label has pixels of two different region ids. */
	static boolean nested(int[] labels, int[] regions) {
		Map<Integer, Integer> regionOf = new HashMap<>();
		for (int i = 0; i < labels.length; i++) {
			Integer r = regionOf.putIfAbsent(labels[i], regions[i]);
			if (r != null && r != regions[i])
				return false;
		}
		return true;
	}

	/** True when the two labelings are the same partition (equal up to renaming). */
	static boolean samePartition(int[] a, int[] b) {
		return nested(a, b) && nested(b, a);
	}

	static int[] flat(Img<net.imglib2.type.numeric.integer.IntType> img) {
		int[] a = new int[(int) img.size()];
		int i = 0;
		for (net.imglib2.type.numeric.integer.IntType t : img)
			a[i++] = t.get();
		return a;
	}
}
