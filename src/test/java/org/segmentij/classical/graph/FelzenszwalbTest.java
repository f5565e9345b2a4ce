package org.segmentij.classical.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

class FelzenszwalbTest {

	/** The paper's algorithm written plainly: sorted edge objects, label arrays relabelled on every merge. */
	static int[] bruteForce(float[][] ch, int w, int h, double k, int minSize) {
		record E(int a, int b, double wt, int order) {
		}
		List<E> edges = new ArrayList<>();
		int[][] dirs = { { 1, 0 }, { 0, 1 }, { 1, 1 }, { 1, -1 } };
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int d = 0; d < 4; d++) {
					int x2 = x + dirs[d][0], y2 = y + dirs[d][1];
					if (x2 < 0 || y2 < 0 || x2 >= w || y2 >= h)
						continue;
					double s = 0;
					for (float[] c : ch) {
						float diff = c[y * w + x] - c[y2 * w + x2];
						s += diff * diff;
					}
					edges.add(new E(y * w + x, y2 * w + x2, (float) Math.sqrt((float) s), edges.size()));
				}
		edges.sort(Comparator.comparingDouble(E::wt).thenComparingInt(E::order));
		int n = w * h;
		int[] comp = new int[n];
		for (int i = 0; i < n; i++)
			comp[i] = i;
		int[] size = new int[n];
		Arrays.fill(size, 1);
		double[] internal = new double[n];
		for (E e : edges) {
			int a = comp[e.a], b = comp[e.b];
			if (a == b)
				continue;
			if (e.wt < Math.min(internal[a] + k / size[a], internal[b] + k / size[b])) {
				merge(comp, size, a, b);
				internal[a] = e.wt;
			}
		}
		for (E e : edges) {
			int a = comp[e.a], b = comp[e.b];
			if (a != b && (size[a] < minSize || size[b] < minSize))
				merge(comp, size, a, b);
		}
		return comp;
	}

	private static void merge(int[] comp, int[] size, int a, int b) {
		for (int i = 0; i < comp.length; i++)
			if (comp[i] == b)
				comp[i] = a;
		size[a] += size[b];
	}

	private static float[][] randomPatches(Random r, int w, int h, int channels) {
		float[][] ch = new float[channels][w * h];
		// a few flat patches plus noise, so that segments of many sizes occur
		int[] cx = new int[5], cy = new int[5];
		float[][] col = new float[5][channels];
		for (int i = 0; i < 5; i++) {
			cx[i] = r.nextInt(w);
			cy[i] = r.nextInt(h);
			for (int c = 0; c < channels; c++)
				col[i][c] = r.nextInt(256);
		}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int best = 0;
				for (int i = 1; i < 5; i++)
					if (Math.hypot(x - cx[i], y - cy[i]) < Math.hypot(x - cx[best], y - cy[best]))
						best = i;
				for (int c = 0; c < channels; c++)
					ch[c][y * w + x] = Math.max(0, Math.min(255, col[best][c] + r.nextInt(31) - 15));
			}
		return ch;
	}

	@Test
	void matchesBruteForceOnRandomImages() {
		Random r = new Random(7);
		for (int t = 0; t < 30; t++) {
			int w = 5 + r.nextInt(25), h = 5 + r.nextInt(25);
			int channels = t % 2 == 0 ? 3 : 1;
			float[][] ch = randomPatches(r, w, h, channels);
			double k = new double[] { 1, 20, 100, 500 }[t % 4];
			int minSize = new int[] { 0, 5, 20 }[t % 3];
			int[] ours = Felzenszwalb.segment(ch, w, h, k, 0, minSize);
			int[] ref = bruteForce(ch, w, h, k, minSize);
			assertTrue(GraphFixtures.samePartition(ours, ref), "case " + t + " (" + w + "x" + h + ", k=" + k + ")");
		}
	}

	@Test
	void everySegmentHasMinSize() {
		Random r = new Random(3);
		float[][] ch = randomPatches(r, 64, 48, 3);
		for (int minSize : new int[] { 10, 50, 200 }) {
			int[] l = Felzenszwalb.segment(ch, 64, 48, 50, 0.8, minSize);
			GraphFixtures.sizes(l).forEach((label, size) -> assertTrue(size >= minSize, "label " + label + " has " + size));
		}
		// an image smaller than min_size is one segment
		int[] l = Felzenszwalb.segment(new float[][] { ch[0].clone() }, 64, 48, 50, 0, 64 * 48 + 1);
		assertEquals(1, GraphFixtures.sizes(l).size());
	}

	@Test
	void stepGivesTwoSegments() {
		int w = 40, h = 30;
		int[] packed = new int[w * h];
		int[] truth = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean right = x >= 17;
				packed[y * w + x] = right ? 0xff20c040 : 0xff102030;
				truth[y * w + x] = right ? 2 : 1;
			}
		int[] l = GraphFixtures.flat(Felzenszwalb.segmentRgb(GraphFixtures.rgb(packed, w, h), 100, 0, 20));
		assertArrayEquals(truth, l);
		// blurred (sigma 0.8) the transition columns are absorbed by min_size
		int[] lb = GraphFixtures.flat(Felzenszwalb.segmentRgb(GraphFixtures.rgb(packed, w, h), 100, 0.8, 4 * h));
		assertEquals(2, GraphFixtures.sizes(lb).size());
		// gray: 8-bit step
		Img<UnsignedByteType> g = ArrayImgs.unsignedBytes(w, h);
		int i = 0;
		for (UnsignedByteType t : g)
			t.set(i++ % w >= 17 ? 200 : 10);
		assertArrayEquals(truth, GraphFixtures.flat(Felzenszwalb.segment(g, 100, 0, 20)));
	}

	@Test
	void flatImageIsOneSegmentAndResultIsDeterministic() {
		int[] l = Felzenszwalb.segment(new float[][] { new float[100] }, 10, 10, 1, 0.8, 0);
		assertEquals(1, GraphFixtures.sizes(l).size());
		float[][] ch = randomPatches(new Random(11), 50, 40, 3);
		float[][] copy = { ch[0].clone(), ch[1].clone(), ch[2].clone() };
		int[] a = Felzenszwalb.segment(ch, 50, 40, 100, 0.8, 20);
		int[] b = Felzenszwalb.segment(ch, 50, 40, 100, 0.8, 20);
		assertArrayEquals(a, b);
		for (int c = 0; c < 3; c++)
			assertArrayEquals(copy[c], ch[c], "input modified");
		// labels are 1..n
		int max = Arrays.stream(a).max().getAsInt();
		assertEquals(max, GraphFixtures.sizes(a).size());
		assertEquals(1, Arrays.stream(a).min().getAsInt());
	}

	@Test
	void badParametersAreRefused() {
		float[][] ch = { new float[4] };
		assertThrows(IllegalArgumentException.class, () -> Felzenszwalb.segment(ch, 2, 2, 0, 0, 0));
		assertThrows(IllegalArgumentException.class, () -> Felzenszwalb.segment(ch, 2, 2, 1, -1, 0));
		assertThrows(IllegalArgumentException.class, () -> Felzenszwalb.segment(ch, 2, 2, 1, 0, -1));
	}

	@Test
	void stackPlanesAreSegmentedSeparately() {
		Random r = new Random(12);
		int w = 20, h = 15, d = 3;
		float[][] planes = new float[d][];
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(w, h, d);
		int i = 0;
		for (int z = 0; z < d; z++)
			planes[z] = randomPatches(r, w, h, 1)[0];
		for (UnsignedByteType t : img) {
			t.set((int) planes[i / (w * h)][i % (w * h)]);
			i++;
		}
		int[] l = GraphFixtures.flat(Felzenszwalb.segment(img, 50, 0, 10));
		int offset = 0;
		for (int z = 0; z < d; z++) {
			int[] ref = Felzenszwalb.segment(new float[][] { planes[z] }, w, h, 50, 0, 10);
			int[] got = Arrays.copyOfRange(l, z * w * h, (z + 1) * w * h);
			for (int k = 0; k < ref.length; k++)
				assertEquals(ref[k] + offset, got[k]);
			offset += Arrays.stream(ref).max().getAsInt();
		}
	}
}
