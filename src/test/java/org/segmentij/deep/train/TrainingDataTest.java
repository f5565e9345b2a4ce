package org.segmentij.deep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.InputException;
import org.segmentij.deep.infer.Normalization;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

class TrainingDataTest {

	/** A sample whose image is 10 * target + 5, so any geometric transform keeps image == f(target). */
	private static Sample coded(int w, int h, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		int[] t = new int[w * h];
		float[] img = new float[w * h];
		for (int i = 0; i < t.length; i++) {
			t[i] = r.nextInt(3);
			img[i] = 10 * t[i] + 5;
		}
		return new Sample("coded", img, 1, w, h, t);
	}

	/** The 8 symmetries of the square, applied to a w x w array of unique values. */
	private static Set<String> dihedral(int[] a, int w) {
		Set<String> out = new HashSet<>();
		for (int k = 0; k < 8; k++) {
			int[] b = new int[a.length];
			for (int y = 0; y < w; y++)
				for (int x = 0; x < w; x++) {
					int u = x, v = y;
					if ((k & 1) != 0)
						u = w - 1 - u;
					if ((k & 2) != 0)
						v = w - 1 - v;
					if ((k & 4) != 0) {
						int t = u;
						u = v;
						v = t;
					}
					b[y * w + x] = a[v * w + u];
				}
			out.add(java.util.Arrays.toString(b));
		}
		return out;
	}

	@Test
	void flipsAndRotationsAreSymmetriesOfTheSquareAppliedToImageAndTargetAlike() {
		int w = 9;
		int[] ids = new int[w * w];
		float[] img = new float[w * w];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = i;
			img[i] = 1000 + i;
		}
		Sample s = new Sample("ids", img, 1, w, w, ids);
		Set<String> allowed = dihedral(ids, w);
		Set<String> seen = new HashSet<>();
		Augmentation a = new Augmentation(true, true, 0, 16, 0, 0, 0);
		SplittableRandom rng = new SplittableRandom(3);
		for (int rep = 0; rep < 200; rep++) {
			Sample o = a.apply(s, w, w, rng);
			String key = java.util.Arrays.toString(o.target());
			assertTrue(allowed.contains(key), "not a symmetry of the square: " + key);
			seen.add(key);
			for (int i = 0; i < ids.length; i++)
				assertEquals(1000 + o.target()[i], o.image()[i], 0f);
		}
		assertEquals(8, seen.size(), "all 8 symmetries occur");
	}

	@Test
	void cropsAreWindowsOfTheImageAndPaddingIsIgnored() {
		Sample s = coded(40, 30, 1);
		SplittableRandom rng = new SplittableRandom(5);
		Sample o = Augmentation.none().apply(s, 16, 16, rng);
		// find the window: the crop must equal the source at some offset
		boolean found = false;
		for (int oy = 0; oy <= 14 && !found; oy++)
			for (int ox = 0; ox <= 24 && !found; ox++) {
				boolean eq = true;
				for (int y = 0; y < 16 && eq; y++)
					for (int x = 0; x < 16 && eq; x++)
						eq = o.target()[y * 16 + x] == s.target()[(y + oy) * 40 + x + ox];
				found = eq;
			}
		assertTrue(found);
		Sample big = Augmentation.none().apply(s, 48, 48, rng); // larger than the image: padded
		int ignored = 0;
		for (int i = 0; i < big.target().length; i++)
			if (big.target()[i] == Sample.IGNORE) {
				ignored++;
				assertEquals(0f, big.image()[i]);
			}
		assertEquals(48 * 48 - 40 * 30, ignored);
	}

	@Test
	void elasticDeformationMovesImageAndTargetTogether() {
		// large flat regions: away from their borders the bilinear image equals f(nearest target)
		int w = 64;
		int[] t = new int[w * w];
		float[] img = new float[w * w];
		for (int y = 0; y < w; y++)
			for (int x = 0; x < w; x++) {
				t[y * w + x] = (x / 16 + y / 16) % 2 + (x >= 32 ? 2 : 0);
				img[y * w + x] = 10 * t[y * w + x] + 5;
			}
		Sample s = new Sample("blocks", img, 1, w, w, t);
		Augmentation a = new Augmentation(false, false, 3, 16, 0, 0, 0);
		Sample o = a.apply(s, w, w, new SplittableRandom(11));
		int consistent = 0, valid = 0, moved = 0;
		for (int i = 0; i < w * w; i++) {
			if (o.target()[i] == Sample.IGNORE)
				continue;
			valid++;
			if (Math.abs(o.image()[i] - (10 * o.target()[i] + 5)) < 1e-4)
				consistent++;
			if (o.target()[i] != t[i])
				moved++;
		}
		assertTrue(moved > 0, "the deformation changed something");
		assertTrue(consistent > 0.85 * valid, consistent + " of " + valid);
		// strength 0: identity
		Sample id = Augmentation.none().apply(s, w, w, new SplittableRandom(1));
		assertArrayEquals(t, id.target());
		assertArrayEquals(img, id.image());
	}

	@Test
	void sameSeedSameAugmentation() {
		Sample s = coded(50, 50, 2);
		Sample a = Augmentation.standard().apply(s, 32, 32, new SplittableRandom(9));
		Sample b = Augmentation.standard().apply(s, 32, 32, new SplittableRandom(9));
		assertArrayEquals(a.image(), b.image());
		assertArrayEquals(a.target(), b.target());
	}

	@Test
	void percentileNormalisationMapsThePercentilesToZeroAndOne() {
		float[] v = new float[1001];
		for (int i = 0; i <= 1000; i++)
			v[i] = 1000 - i; // 0..1000 in reverse order
		TrainingData.normalise(Normalization.percentile(1, 99), v, 0, v.length);
		// numpy.percentile(0..1000, 1) = 10, (.., 99) = 990
		assertEquals((500 - 10) / 980.0, v[500], 1e-5);
		assertEquals(-10 / 980.0, v[1000], 1e-5);
		float[] z = { 7, 1, 2, 3, 4 };
		TrainingData.normalise(Normalization.zeroMeanUnitVariance(), z, 1, 4);
		assertEquals(-1.5 / Math.sqrt(1.25), z[1], 1e-5);
		assertEquals(7f, z[0]);
	}

	@Test
	void boundaryTargetOfTwoTouchingSquares() {
		// labels 1 (x 1..3) and 2 (x 4..6), rows 1..3, in an 8 x 5 image
		int w = 8, h = 5;
		int[] lab = new int[w * h];
		for (int y = 1; y <= 3; y++)
			for (int x = 1; x <= 6; x++)
				lab[y * w + x] = x <= 3 ? 1 : 2;
		int[] t = TargetMode.BOUNDARY.target(lab, w, h);
		int[] expected = new int[w * h];
		for (int y = 1; y <= 3; y++)
			for (int x = 1; x <= 6; x++)
				expected[y * w + x] = (y == 2 && (x == 2 || x == 5)) ? 1 : 2;
		assertArrayEquals(expected, t);
		assertArrayEquals(new int[] { 0, 1, 1, 0 }, TargetMode.CLASSES.target(new int[] { 0, 255, 255, 0 }, 2, 2));
		assertArrayEquals(new int[] { 0, 1, 1, 0 }, TargetMode.BINARY.target(new int[] { 0, 7, 3, 0 }, 2, 2));
	}

	@Test
	void widerBoundaryWhereObjectsTouch() {
		// labels 1 (x 2..9) and 2 (x 10..17), rows 2..9, and a lone label 3 (x 21..26, rows 3..8), in a 30 x 12 image
		int w = 30, h = 12;
		int[] lab = new int[w * h];
		for (int y = 2; y <= 9; y++)
			for (int x = 2; x <= 17; x++)
				lab[y * w + x] = x <= 9 ? 1 : 2;
		for (int y = 3; y <= 8; y++)
			for (int x = 21; x <= 26; x++)
				lab[y * w + x] = 3;
		for (int width = 1; width <= 3; width++) {
			int[] t = TargetMode.BOUNDARY.target(lab, w, h, width);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int l = lab[y * w + x];
					int want;
					if (l == 0)
						want = 0;
					else {
						// outer ring: a 4-neighbour outside the object; contact band: columns within
						// `width` of the shared edge between x = 9 and x = 10 (labels 1 and 2 only)
						boolean ring = lab[y * w + x - 1] != l || lab[y * w + x + 1] != l || lab[(y - 1) * w + x] != l
								|| lab[(y + 1) * w + x] != l;
						boolean contact = l == 1 && x > 9 - width || l == 2 && x < 10 + width;
						want = ring || contact ? 2 : 1;
					}
					assertEquals(want, t[y * w + x], "width " + width + " at (" + x + ", " + y + ")");
				}
		}
		assertArrayEquals(TargetMode.BOUNDARY.target(lab, w, h), TargetMode.BOUNDARY.target(lab, w, h, 1));
		assertThrows(org.segmentij.UsageException.class, () -> TargetMode.BOUNDARY.target(lab, w, h, 0));
	}

	@Test
	void generatedSamplesFollowTheTemplate() {
		var template = org.segmentij.image.SyntheticNuclei.Params.fluorescenceTouching(128, 128, 40);
		List<Sample> s = TrainingData.synthetic(3, template::withSeed, 40, TargetMode.BOUNDARY, 2, Normalization.percentile(1, 99.8));
		assertEquals(3, s.size());
		for (int i = 0; i < 3; i++) {
			var g = org.segmentij.image.SyntheticNuclei.generate(template.withSeed(40 + i));
			int[] lab = new int[128 * 128];
			var c = g.labels().cursor();
			for (int k = 0; c.hasNext(); k++)
				lab[k] = c.next().get();
			assertEquals("synthetic-" + (40 + i), s.get(i).name());
			assertArrayEquals(TargetMode.BOUNDARY.target(lab, 128, 128, 2), s.get(i).target());
		}
		assertThrows(org.segmentij.UsageException.class,
				() -> TrainingData.synthetic(1, seed -> template.withSize(128, 64, 1), 40, TargetMode.BOUNDARY, 1, Normalization.percentile(1, 99.8)));
	}

	@Test
	void splitIsDeterministicAndDisjoint() {
		List<Sample> all = new java.util.ArrayList<>();
		for (int i = 0; i < 22; i++)
			all.add(new Sample("s" + i, new float[4], 1, 2, 2, new int[4]));
		TrainingData.Split a = TrainingData.split(all, 0.25, 7), b = TrainingData.split(all, 0.25, 7);
		assertEquals(a, b);
		assertEquals(6, a.validation().size());
		assertEquals(16, a.train().size());
		Set<String> names = new HashSet<>();
		a.train().forEach(s -> names.add(s.name()));
		a.validation().forEach(s -> assertTrue(names.add(s.name())));
		assertEquals(22, names.size());
	}

	@Test
	void foldersArePairedByNameAndMissingMasksAreNamed(@TempDir Path dir) throws Exception {
		Path im = dir.resolve("images"), ms = dir.resolve("masks");
		java.nio.file.Files.createDirectories(im);
		java.nio.file.Files.createDirectories(ms);
		for (String n : new String[] { "a", "b" }) {
			ShortProcessor sp = new ShortProcessor(20, 10);
			ByteProcessor bp = new ByteProcessor(20, 10);
			for (int i = 0; i < 200; i++) {
				sp.set(i, 100 + i);
				bp.set(i, i % 20 >= 10 ? 255 : 0);
			}
			IJ.saveAsTiff(new ImagePlus(n, sp), im.resolve(n + ".tif").toString());
			IJ.saveAsTiff(new ImagePlus(n, bp), ms.resolve(n + (n.equals("b") ? "_mask" : "") + ".tif").toString());
		}
		List<Sample> s = TrainingData.fromFolders(im, ms, TargetMode.BINARY, Normalization.percentile(1, 99.8));
		assertEquals(2, s.size());
		assertEquals(1, s.get(0).target()[15]);
		assertEquals(0, s.get(0).target()[5]);
		// a JPEG-like mask: compression noise near 0 and 255 is binarised at > 127
		ByteProcessor noisy = new ByteProcessor(20, 10);
		for (int i = 0; i < 200; i++)
			noisy.set(i, i % 20 >= 10 ? 250 - i % 3 : i % 4);
		ImagePlus one = new ImagePlus("x", new ShortProcessor(20, 10));
		List<Sample> j = TrainingData.fromImages("x", one, new ImagePlus("m", noisy), TargetMode.BINARY, Normalization.none());
		for (int i = 0; i < 200; i++)
			assertEquals(i % 20 >= 10 ? 1 : 0, j.get(0).target()[i]);
		IJ.saveAsTiff(new ImagePlus("c", new ShortProcessor(20, 10)), im.resolve("c.tif").toString());
		InputException e = assertThrows(InputException.class,
				() -> TrainingData.fromFolders(im, ms, TargetMode.BINARY, Normalization.percentile(1, 99.8)));
		assertTrue(e.getMessage().contains("c.tif"), e.getMessage());
	}
}
