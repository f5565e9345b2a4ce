package org.segmentij.image;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

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

	// --- presets, clusters, appearance ---

	@Test
	void presetsByName() {
		Params d = Params.preset("default", 300, 300, 4);
		assertEquals(Params.defaults2D(300, 300, 36, 4), d);
		Params f = Params.preset("Fluorescence-Touching", 2048, 2048, 4);
		assertEquals(Params.fluorescenceTouching(2048, 2048, 4), f);
		assertEquals(800, f.count(), "one nucleus per ~5200 px^2");
		assertEquals(13, f.radiusMin());
		assertEquals(25, f.radiusMax());
		assertTrue(f.clusters());
		assertEquals(0, f.rimDrop());
		assertEquals(0.12, f.textureNoise());
		assertFalse(f.planeWaves());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Params.preset("crowded", 64, 64, 1));
		assertTrue(e.getMessage().contains("fluorescence-touching"), e.getMessage());
		// the defaults keep the original appearance and placement
		Params o = Params.defaults2D(64, 64, 3, 1);
		assertEquals(0.3, o.rimDrop());
		assertEquals(0, o.textureNoise());
		assertTrue(o.planeWaves());
		assertFalse(o.clusters());
		assertEquals(0.75, o.touchMin());
		assertEquals(0.92, o.touchMax());
	}

	@Test
	void presetLabelsAreConsecutiveConnectedAndInside() {
		checkLabels(SyntheticNuclei.generate(Params.fluorescenceTouching(512, 512, 3)), 512, 512, 1);
		checkLabels(SyntheticNuclei.generate(Params.fluorescenceTouching(512, 512, 4).withTouchingFraction(1)), 512, 512, 1);
	}

	/**
	 * Every pixel against a brute-force rasterisation of the reported ellipses: a pixel inside
	 * none is background; one inside several belongs to the smallest normalised distance, except
	 * for the few pixels of pieces cut off a nucleus, which go to a neighbouring label.
	 */
	@Test
	void labelsFollowTheEllipsesAndOverlapsGoToTheNearest() {
		int w = 512, h = 384;
		Sample s = SyntheticNuclei.generate(Params.fluorescenceTouching(w, h, 6).withTouchingFraction(0.8));
		int[] l = labels(s);
		List<SyntheticNuclei.Ellipse> nuc = s.nuclei();
		assertEquals(s.count(), nuc.size());
		int mismatched = 0, overlapping = 0, fg = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int best = 0, inside = 0;
				double bestR = Double.POSITIVE_INFINITY;
				for (int k = 0; k < nuc.size(); k++) {
					SyntheticNuclei.Ellipse e = nuc.get(k);
					double dx = x - e.cx(), dy = y - e.cy();
					double u = dx * Math.cos(e.theta()) + dy * Math.sin(e.theta());
					double v = -dx * Math.sin(e.theta()) + dy * Math.cos(e.theta());
					double r = (u / e.a()) * (u / e.a()) + (v / e.b()) * (v / e.b());
					if (r <= 1) {
						inside++;
						if (r < bestR) {
							bestR = r;
							best = k + 1;
						}
					}
				}
				int got = l[y * w + x];
				assertEquals(best == 0, got == 0, "foreground is the union of the ellipses at (" + x + ", " + y + ")");
				if (inside > 1)
					overlapping++;
				if (got != 0)
					fg++;
				if (got != best)
					mismatched++;
			}
		assertTrue(overlapping > 200, "the preset makes overlaps: " + overlapping + " pixels");
		assertTrue(mismatched <= fg / 1000, mismatched + " pixels moved from their nearest ellipse");
		// each nucleus keeps at least three quarters of its ellipse (less only what fragment merging moves)
		int[] area = new int[nuc.size() + 1];
		for (int v : l)
			area[v]++;
		for (int k = 1; k <= nuc.size(); k++) {
			SyntheticNuclei.Ellipse e = nuc.get(k - 1);
			assertTrue(area[k] >= 0.7 * Math.PI * e.a() * e.b(), "label " + k + ": " + area[k] + " px");
		}
	}

	@Test
	void presetMatchesItsDistribution() {
		int w = 1024;
		Sample s = SyntheticNuclei.generate(Params.fluorescenceTouching(w, w, 8));
		assertTrue(s.count() >= 190, "placed " + s.count() + " of " + Params.fluorescenceTouching(w, w, 8).count());
		for (SyntheticNuclei.Ellipse e : s.nuclei()) {
			assertTrue(e.a() >= 13 && e.a() <= 25, "a " + e.a());
			assertTrue(e.b() >= 0.6 * e.a() - 1e-9 && e.b() <= 0.95 * e.a() + 1e-9, "b/a " + e.b() / e.a());
			assertTrue(e.brightness() >= 800 && e.brightness() <= 2000, "brightness " + e.brightness());
			assertTrue(e.theta() >= 0 && e.theta() < Math.PI);
		}
		// contacts: the label adjacency graph has nuclei with several neighbours and clusters of 4 and more
		int[] l = labels(s);
		int n = s.count();
		java.util.Set<Long> pairs = new java.util.HashSet<>();
		for (int y = 0; y < w; y++)
			for (int x = 0; x < w; x++) {
				int a = l[y * w + x];
				if (a == 0)
					continue;
				if (x + 1 < w && l[y * w + x + 1] > 0 && l[y * w + x + 1] != a)
					pairs.add(key(a, l[y * w + x + 1]));
				if (y + 1 < w && l[(y + 1) * w + x] > 0 && l[(y + 1) * w + x] != a)
					pairs.add(key(a, l[(y + 1) * w + x]));
			}
		int[] degree = new int[n + 1];
		int[] parent = new int[n + 1];
		for (int k = 0; k <= n; k++)
			parent[k] = k;
		for (long p : pairs) {
			int a = (int) (p >>> 32), b = (int) p;
			degree[a]++;
			degree[b]++;
			parent[find(parent, a)] = find(parent, b);
		}
		int touching = 0, multi = 0;
		for (int k = 1; k <= n; k++) {
			touching += degree[k] > 0 ? 1 : 0;
			multi += degree[k] > 1 ? 1 : 0;
		}
		int[] clusterSize = new int[n + 1];
		for (int k = 1; k <= n; k++)
			clusterSize[find(parent, k)]++;
		int big = 0;
		for (int c : clusterSize)
			big += c >= 4 ? 1 : 0;
		assertTrue(touching > 0.4 * n && touching < 0.85 * n, touching + " of " + n + " touch another");
		assertTrue(multi > 0.1 * n, multi + " nuclei touch two or more");
		assertTrue(big >= 3, big + " clusters of 4 or more");
		// foreground fraction near 800 nuclei of ~850 px on 2048^2 (0.167)
		int fg = 0;
		for (int v : l)
			fg += v > 0 ? 1 : 0;
		assertTrue(fg > 0.12 * w * w && fg < 0.22 * w * w, "foreground " + (double) fg / (w * w));
	}

	private static int find(int[] p, int x) {
		while (p[x] != x)
			x = p[x] = p[p[x]];
		return x;
	}

	@Test
	void flatTopAndSmoothTexture() {
		Params p = Params.fluorescenceTouching(256, 256, 2).noiseless().withIlluminationMin(1).withBlurSigma(0);
		// no texture, flat top: every nucleus pixel is exactly background + brightness + offset
		Sample flat = SyntheticNuclei.generate(p.withTextureNoise(0));
		int[] l = labels(flat);
		short[] px = pixels(flat);
		for (int i = 0; i < l.length; i++) {
			double want = 150 + 100 + (l[i] == 0 ? 0 : flat.nuclei().get(l[i] - 1).brightness());
			assertEquals(Math.round(want), px[i] & 0xffff, "pixel " + i);
		}
		// smooth texture: relative deviations of ~12% standard deviation, correlated over a few pixels
		Sample tex = SyntheticNuclei.generate(p);
		l = labels(tex);
		px = pixels(tex);
		double sum = 0, sq = 0, lag = 0;
		int n = 0, nl = 0;
		double[] rel = new double[l.length];
		for (int i = 0; i < l.length; i++)
			if (l[i] > 0) {
				rel[i] = ((px[i] & 0xffff) - 250) / tex.nuclei().get(l[i] - 1).brightness() - 1;
				sum += rel[i];
				sq += rel[i] * rel[i];
				n++;
			}
		double mean = sum / n, sd = Math.sqrt(sq / n - mean * mean);
		assertEquals(0, mean, 0.03);
		assertEquals(0.12, sd, 0.03);
		for (int i = 0; i + 1 < l.length; i++)
			if (l[i] > 0 && l[i + 1] == l[i]) {
				lag += (rel[i] - mean) * (rel[i + 1] - mean);
				nl++;
			}
		assertTrue(lag / nl / (sd * sd) > 0.8, "neighbour correlation " + lag / nl / (sd * sd));
		// the default rim drop: a nucleus' rim is darker than its centre by about 30%
		Sample rim = SyntheticNuclei.generate(Params.defaults2D(256, 256, 10, 2).noiseless().withIlluminationMin(1).withBlurSigma(0));
		SyntheticNuclei.Ellipse e = rim.nuclei().get(0);
		int cx = (int) Math.round(e.cx()), cy = (int) Math.round(e.cy());
		assertEquals(1, labels(rim)[cy * 256 + cx]);
		double centre = (pixels(rim)[cy * 256 + cx] & 0xffff) - 250;
		assertTrue(centre > 0.75 * e.brightness() && centre < 1.25 * e.brightness(), "centre " + centre);
	}

	@Test
	void badAppearanceAndTouchingParams() {
		Params p = Params.defaults2D(64, 64, 3, 1);
		assertThrows(IllegalArgumentException.class, () -> p.withRimDrop(-0.1));
		assertThrows(IllegalArgumentException.class, () -> p.withRimDrop(1.5));
		assertThrows(IllegalArgumentException.class, () -> p.withTextureNoise(Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> p.withTouching(true, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> p.withTouching(true, 0.9, 0.8));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.withTouching(true, 0.8, 1.5));
		assertTrue(e.getMessage().contains("touchMax"), e.getMessage());
	}
}
