package org.segmentij.image;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.region.ConnectedComponents;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;
import org.segmentij.image.SyntheticNuclei.Params;
import org.segmentij.image.SyntheticNuclei.Sample;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

class SyntheticNucleiTest {

	private static int[] labels(Sample s) {
		return ((ArrayImg<IntType, IntArray>) s.labels()).update(null).getCurrentStorageArray();
	}

	private static short[] pixels(Sample s) {
		return ((ArrayImg<UnsignedShortType, ShortArray>) s.image()).update(null).getCurrentStorageArray();
	}

	@Test
	void deterministicPerSeed() {
		Params p = Params.defaults2D(256, 200, 30, 11);
		Sample a = SyntheticNuclei.generate(p), b = SyntheticNuclei.generate(p);
		assertArrayEquals(labels(a), labels(b));
		assertArrayEquals(pixels(a), pixels(b));
		assertEquals(a.count(), b.count());
		Sample c = SyntheticNuclei.generate(p.withSeed(12));
		assertFalse(Arrays.equals(labels(a), labels(c)));
		assertFalse(Arrays.equals(pixels(a), pixels(c)));
		Params q = Params.defaults3D(96, 80, 24, 12, 5);
		assertArrayEquals(pixels(SyntheticNuclei.generate(q)), pixels(SyntheticNuclei.generate(q)));
	}

	@Test
	void dimensionsAndCounts() {
		Sample s2 = SyntheticNuclei.generate(Params.defaults2D(300, 200, 40, 1));
		assertArrayEquals(new long[] { 300, 200 }, s2.image().dimensionsAsLongArray());
		assertArrayEquals(new long[] { 300, 200 }, s2.labels().dimensionsAsLongArray());
		assertEquals(40, s2.count(), "plenty of room: every nucleus is placed");
		Sample s3 = SyntheticNuclei.generate(Params.defaults3D(128, 96, 32, 15, 1));
		assertArrayEquals(new long[] { 128, 96, 32 }, s3.image().dimensionsAsLongArray());
		assertArrayEquals(new long[] { 128, 96, 32 }, s3.labels().dimensionsAsLongArray());
		assertEquals(15, s3.count());
		// crowded: fewer placed than asked, but never more
		Sample crowded = SyntheticNuclei.generate(Params.defaults2D(100, 100, 200, 1));
		assertTrue(crowded.count() > 5 && crowded.count() < 200, "placed " + crowded.count());
		assertEquals(0, SyntheticNuclei.generate(Params.defaults2D(50, 50, 0, 1)).count());
		// too small for any nucleus
		assertEquals(0, SyntheticNuclei.generate(Params.defaults2D(12, 12, 3, 1)).count());
	}

	@Test
	void labelsAreConsecutiveConnectedAndInside2D() {
		checkLabels(SyntheticNuclei.generate(Params.defaults2D(400, 300, 80, 3)), 400, 300, 1);
		checkLabels(SyntheticNuclei.generate(Params.defaults2D(400, 300, 80, 4).withTouchingFraction(1)), 400, 300, 1);
	}

	@Test
	void labelsAreConsecutiveConnectedAndInside3D() {
		checkLabels(SyntheticNuclei.generate(Params.defaults3D(120, 100, 30, 25, 3)), 120, 100, 30);
	}

	/** Labels 1..count all present, each one FACE-connected region, none on the image border. */
	private static void checkLabels(Sample s, int w, int h, int d) {
		int[] l = labels(s);
		int n = s.count();
		int[] area = new int[n + 1];
		int[] first = new int[n + 1];
		Arrays.fill(first, -1);
		for (int i = 0; i < l.length; i++) {
			assertTrue(l[i] >= 0 && l[i] <= n, "label " + l[i]);
			area[l[i]]++;
			if (first[l[i]] < 0)
				first[l[i]] = i;
			int x = i % w, y = (i / w) % h, z = i / (w * h);
			if (l[i] > 0) {
				assertTrue(x > 0 && x < w - 1 && y > 0 && y < h - 1, "object on the border");
				if (d > 1)
					assertTrue(z > 0 && z < d - 1, "object on the z border");
			}
		}
		for (int k = 1; k <= n; k++) {
			assertTrue(area[k] > 20, "label " + k + " has " + area[k] + " pixels");
			assertEquals(area[k], flood(l, w, h, d, first[k]), "label " + k + " is not one connected region");
		}
	}

	private static int flood(int[] l, int w, int h, int d, int start) {
		int k = l[start];
		boolean[] seen = new boolean[l.length];
		ArrayDeque<Integer> q = new ArrayDeque<>();
		q.add(start);
		seen[start] = true;
		int count = 0;
		int[] off = { 1, -1, w, -w, w * h, -w * h };
		while (!q.isEmpty()) {
			int i = q.poll();
			count++;
			for (int o : off) {
				int j = i + o;
				if (j >= 0 && j < l.length && !seen[j] && l[j] == k) { // objects never touch the border: no wrap
					seen[j] = true;
					q.add(j);
				}
			}
		}
		return count;
	}

	@Test
	void touchingFractionControlsContacts() {
		Params p = Params.defaults2D(512, 512, 60, 8);
		int separate = touchingPairs(SyntheticNuclei.generate(p.withTouchingFraction(0)), 512);
		assertEquals(0, separate);
		Sample all = SyntheticNuclei.generate(p.withTouchingFraction(1));
		assertTrue(touchingPairs(all, 512) >= all.count() / 2, "pairs " + touchingPairs(all, 512));
		Sample half = SyntheticNuclei.generate(p);
		int pairs = touchingPairs(half, 512);
		assertTrue(pairs > 10 && pairs < 50, "pairs " + pairs);
		// without touching, connected components of the mask are the nuclei
		Sample sep = SyntheticNuclei.generate(p.withTouchingFraction(0));
		assertEquals(sep.count(), LabelImages.maxLabel(
				ConnectedComponents.label(SyntheticNuclei.mask(sep.labels()), Connectivity.FULL)));
	}

	/** Number of distinct label pairs that are 4-adjacent, and checks a gap of >= 3 px otherwise. */
	private static int touchingPairs(Sample s, int w) {
		int[] l = labels(s);
		int h = l.length / w;
		java.util.Set<Long> pairs = new java.util.HashSet<>();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int a = l[y * w + x];
				if (a == 0)
					continue;
				if (x + 1 < w && l[y * w + x + 1] != 0 && l[y * w + x + 1] != a)
					pairs.add(key(a, l[y * w + x + 1]));
				if (y + 1 < h && l[(y + 1) * w + x] != 0 && l[(y + 1) * w + x] != a)
					pairs.add(key(a, l[(y + 1) * w + x]));
			}
		// any two different labels closer than 3 px (but not adjacent) would violate the gap
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int a = l[y * w + x];
				if (a == 0)
					continue;
				for (int dy = -3; dy <= 3; dy++)
					for (int dx = -3; dx <= 3; dx++) {
						if (dx * dx + dy * dy > 9)
							continue;
						int X = x + dx, Y = y + dy;
						if (X < 0 || Y < 0 || X >= w || Y >= h)
							continue;
						int b = l[Y * w + X];
						if (b != 0 && b != a)
							assertTrue(pairs.contains(key(a, b)), "labels " + a + " and " + b + " are close but not touching");
					}
			}
		return pairs.size();
	}

	private static long key(int a, int b) {
		return ((long) Math.min(a, b) << 32) | Math.max(a, b);
	}

	@Test
	void intensitiesLookLikeFluorescence() {
		Params p = Params.defaults2D(256, 256, 25, 2);
		Sample s = SyntheticNuclei.generate(p);
		int[] l = labels(s);
		short[] px = pixels(s);
		double fg = 0, bg = 0;
		int nf = 0, nb = 0;
		for (int i = 0; i < l.length; i++) {
			int v = px[i] & 0xffff;
			if (l[i] > 0) {
				fg += v;
				nf++;
			} else {
				bg += v;
				nb++;
			}
		}
		fg /= nf;
		bg /= nb;
		// background ~ 100 + 150 * (0.6..1), nuclei ~ 100 + (150 + 800..2000) * illumination
		assertTrue(bg > 150 && bg < 300, "background mean " + bg);
		assertTrue(fg > 600 && fg < 2300, "nucleus mean " + fg);
		// noiseless, flat, unblurred: background is exactly background + offset
		Sample clean = SyntheticNuclei.generate(p.noiseless().withIlluminationMin(1).withBlurSigma(0));
		int[] cl = labels(clean);
		short[] cp = pixels(clean);
		for (int i = 0; i < cl.length; i++)
			if (cl[i] == 0)
				assertEquals(250, cp[i] & 0xffff);
			else
				assertTrue((cp[i] & 0xffff) > 250 + 0.7 * 800 * 0.75);
		// very bright nuclei saturate at the uint16 maximum
		Sample sat = SyntheticNuclei.generate(p.withBrightness(80000, 90000).noiseless());
		boolean clipped = false;
		for (short v : pixels(sat))
			clipped |= (v & 0xffff) == 65535;
		assertTrue(clipped, "bright nuclei are clipped to 65535");
	}

	@Test
	void maskMarksForeground() {
		Sample s = SyntheticNuclei.generate(Params.defaults2D(64, 64, 3, 1));
		Img<UnsignedByteType> m = SyntheticNuclei.mask(s.labels());
		Cursor<UnsignedByteType> mc = m.cursor();
		Cursor<IntType> lc = s.labels().cursor();
		while (mc.hasNext())
			assertEquals(lc.next().get() > 0 ? 255 : 0, mc.next().get());
	}

	@Test
	void badParams() {
		Params p = Params.defaults2D(64, 64, 3, 1);
		assertThrows(IllegalArgumentException.class, () -> p.withRadius(0, 5));
		assertThrows(IllegalArgumentException.class, () -> p.withRadius(6, 5));
		assertThrows(IllegalArgumentException.class, () -> p.withTouchingFraction(1.5));
		assertThrows(IllegalArgumentException.class, () -> p.withIlluminationMin(0));
		assertThrows(IllegalArgumentException.class, () -> p.withSize(0, 5, 1));
		assertThrows(IllegalArgumentException.class, () -> p.withCount(-1));
		assertThrows(IllegalArgumentException.class, () -> p.withBlurSigma(Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> p.withSize(100000, 100000, 1));
		assertThrows(IllegalArgumentException.class, () -> SyntheticNuclei.generate(null));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.withRadius(6, 5));
		assertTrue(e.getMessage().contains("radiusMin"), e.getMessage());
	}

	@Test
	void largeImageIsFast() {
		Params p = Params.defaults2D(2048, 2048, 800, 99);
		SyntheticNuclei.generate(p.withSize(512, 512, 1).withCount(50)); // warm-up
		long t0 = System.nanoTime();
		Sample s = SyntheticNuclei.generate(p);
		double ms = (System.nanoTime() - t0) / 1e6;
		System.out.printf("SyntheticNuclei.generate 2048x2048, %d of 800 nuclei: %.0f ms%n", s.count(), ms);
		assertEquals(800, s.count());
		assertTrue(ms < 10_000, "took " + ms + " ms");
	}
}
