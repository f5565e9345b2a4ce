package org.segmentij.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/** Images generated for the tests, and small helpers to compare what the runs wrote. */
final class TestImages {

	private TestImages() {
	}

	/** 16-bit: background 200 with noise (sd 40), {@code count} disks of radius 3..9 at 1200 (may touch). */
	static ImagePlus blobs(int w, int h, int count, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		short[] p = new short[w * h];
		double[][] disks = new double[count][];
		for (int k = 0; k < count; k++)
			disks[k] = new double[] { r.nextDouble(w), r.nextDouble(h), 3 + r.nextDouble(6) };
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double v = 200;
				for (double[] d : disks)
					if ((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= d[2] * d[2])
						v = 1200;
				p[y * w + x] = (short) Math.max(0, Math.min(65535, Math.round(v + 40 * r.nextGaussian())));
			}
		return new ImagePlus("blobs" + seed, new ShortProcessor(w, h, p, null));
	}

	/**
	 * 16-bit, background 100, objects at 1000 made to be cut by tile borders: long horizontal,
	 * vertical and diagonal bars, U shapes and rings (objects that leave a tile and come back),
	 * one-pixel diagonal chains (8-connected only), and random disks.
	 */
	static ImagePlus crossing(int w, int h, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		ShortProcessor ip = new ShortProcessor(w, h);
		ip.setValue(100);
		ip.fill();
		ip.setValue(1000);
		for (int k = 0; k < 6; k++) {
			int y = r.nextInt(h), x = r.nextInt(w), len = 100 + r.nextInt(Math.max(1, w - 100));
			ip.fillRect(x, y, len, 2 + r.nextInt(4));
			ip.fillRect(r.nextInt(w), r.nextInt(h), 2 + r.nextInt(4), len);
		}
		for (int k = 0; k < 5; k++) { // U shapes: two legs joined far away
			int x = r.nextInt(w), y = r.nextInt(h), s = 40 + r.nextInt(200);
			ip.fillRect(x, y, 3, s);
			ip.fillRect(x + s, y, 3, s);
			ip.fillRect(x, y + s, s + 3, 3);
		}
		for (int k = 0; k < 4; k++) { // rings
			int cx = r.nextInt(w), cy = r.nextInt(h), ro = 20 + r.nextInt(60), ri = ro - 3;
			for (int y = cy - ro; y <= cy + ro; y++)
				for (int x = cx - ro; x <= cx + ro; x++) {
					int d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
					if (d2 <= ro * ro && d2 >= ri * ri && x >= 0 && y >= 0 && x < w && y < h)
						ip.set(x, y, 1000);
				}
		}
		for (int k = 0; k < 6; k++) { // diagonal one-pixel chains
			int x = r.nextInt(w), y = r.nextInt(h), dx = r.nextBoolean() ? 1 : -1;
			for (int i = 0; i < 150; i++, x += dx, y++)
				if (x >= 0 && y >= 0 && x < w && y < h)
					ip.set(x, y, 1000);
		}
		for (int k = 0; k < 60; k++) {
			int cx = r.nextInt(w), cy = r.nextInt(h), rad = 2 + r.nextInt(8);
			for (int y = cy - rad; y <= cy + rad; y++)
				for (int x = cx - rad; x <= cx + rad; x++)
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad && x >= 0 && y >= 0 && x < w && y < h)
						ip.set(x, y, 1000);
		}
		return new ImagePlus("crossing" + seed, ip);
	}

	static Path save(ImagePlus imp, Path file) throws Exception {
		Files.createDirectories(file.getParent());
		if (!new FileSaver(imp).saveAsTiff(file.toString()))
			throw new IllegalStateException("could not write " + file);
		return file;
	}

	static Path pipeline(Path dir, String name, String... lines) throws Exception {
		Path p = dir.resolve(name);
		Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
		return p;
	}

	/** Pixel values of a 2D image as ints. */
	static int[] pixels(ImagePlus imp) {
		ImageProcessor ip = imp.getProcessor();
		int[] v = new int[ip.getPixelCount()];
		for (int i = 0; i < v.length; i++)
			v[i] = (int) ip.getf(i);
		return v;
	}

	/** Rows of a CSV file (quoted fields with commas and doubled quotes understood). */
	static List<List<String>> csv(Path file) throws Exception {
		List<List<String>> rows = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			List<String> f = new ArrayList<>();
			StringBuilder sb = new StringBuilder();
			boolean q = false;
			for (int i = 0; i < line.length(); i++) {
				char c = line.charAt(i);
				if (q && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					sb.append('"');
					i++;
				}
				else if (c == '"')
					q = !q;
				else if (c == ',' && !q) {
					f.add(sb.toString());
					sb.setLength(0);
				}
				else
					sb.append(c);
			}
			f.add(sb.toString());
			rows.add(f);
		}
		return rows;
	}

	/** 4- or 8-connected components of the nonzero pixels by flood fill, numbered in raster order of their first pixel. */
	static int[] components(boolean[] mask, int w, int h, boolean eight) {
		int[] lab = new int[w * h];
		int n = 0;
		int[] stack = new int[w * h];
		for (int s = 0; s < w * h; s++) {
			if (!mask[s] || lab[s] != 0)
				continue;
			lab[s] = ++n;
			int top = 0;
			stack[top++] = s;
			while (top > 0) {
				int p = stack[--top], px = p % w, py = p / w;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						if (dx == 0 && dy == 0 || !eight && dx != 0 && dy != 0)
							continue;
						int x = px + dx, y = py + dy;
						if (x < 0 || y < 0 || x >= w || y >= h)
							continue;
						int q = y * w + x;
						if (mask[q] && lab[q] == 0) {
							lab[q] = n;
							stack[top++] = q;
						}
					}
			}
		}
		return lab;
	}

	/** True when a and b are the same partition (a one-to-one map between their labels, 0 to 0). */
	static boolean sameUpToRelabelling(int[] a, int[] b) {
		if (a.length != b.length)
			return false;
		java.util.Map<Integer, Integer> ab = new java.util.HashMap<>(), ba = new java.util.HashMap<>();
		for (int i = 0; i < a.length; i++) {
			Integer x = ab.putIfAbsent(a[i], b[i]), y = ba.putIfAbsent(b[i], a[i]);
			if (x != null && x != b[i] || y != null && y != a[i])
				return false;
		}
		return ab.getOrDefault(0, 0) == 0 && ba.getOrDefault(0, 0) == 0;
	}
}
