package org.segmentij.deep.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.segmentij.InputException;
import org.segmentij.classical.distance.DistanceTransform;
import org.segmentij.classical.filter.GaussianBlur;
import org.segmentij.deep.prompt.Prompt;
import org.segmentij.deep.prompt.PromptEncoding;

/**
 * Training crops for promptable networks ({@link TargetMode#PROMPT}): from an image and its
 * instance labels, one object is chosen at random and a prompt is simulated for it, the way a
 * user would prompt it; the crop is the {@link PromptEncoding} window of that prompt (five
 * channels) and the target is the object's mask in the window.
 * <p>
 * The prompts, per crop:
 * <ul>
 * <li>45%: clicks. One positive click inside the object, biased to its centre (40% the pixel
 * nearest the centroid, jittered by a pixel; else drawn with weight {@code d^1.5}, d the distance
 * to the object's border); 15% a second positive click; 20% a negative click on a neighbouring
 * object or on the background near the object.</li>
 * <li>25%: a box, the object's bounding box with each side moved by a Gaussian of 7% of the
 * box's size; 30% of them with a positive click too.</li>
 * <li>30%: refinement. A positive click (20% also a box) and a previous mask made from the truth
 * by one of: dilation or erosion by 1 to 5 pixels, the object merged with a touching neighbour, a
 * part cut off along a random line, a shift by up to 4 pixels, a disc added outside or removed
 * inside, a one-pixel error; softened by a Gaussian (sigma 0.5 to 1.2) into a probability. Then
 * one corrective click (30%: two), as in interactive-segmentation benchmarks: in the larger
 * error region (by its largest distance to its border), at a pixel at least 80% of that distance
 * inside it; positive in missed object, negative in wrongly included pixels.</li>
 * </ul>
 * The image is augmented as a whole first (flips, rotations, elastic deformation, intensity),
 * labels with it. Pixels outside the image take no part in the loss.
 */
public final class PromptTraining {

	/** Objects smaller than this (pixels) are not prompted. */
	static final int MIN_AREA = 12;
	/** Margin around the object's bounding box where negative clicks and previous masks are made. */
	static final int PAD = 16;

	private PromptTraining() {
	}

	/** A simulated prompt: the object, the prompt and the previous mask on a region (prev null when none). */
	record Simulated(int label, Prompt prompt, float[] prev, int px, int py, int pw, int ph) {
		double[] previousBox() {
			if (prev == null)
				return null;
			int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
			for (int v = 0; v < ph; v++)
				for (int u = 0; u < pw; u++)
					if (prev[v * pw + u] > 0.5f) {
						x0 = Math.min(x0, u);
						x1 = Math.max(x1, u);
						y0 = Math.min(y0, v);
						y1 = Math.max(y1, v);
					}
			return x1 < 0 ? null : new double[] { px + x0, py + y0, px + x1, py + y1 };
		}
	}

	/** One augmented training crop of {@code window x window} pixels from an image whose target holds instance labels. */
	public static Sample sample(Sample s, int window, double sigma, Augmentation aug, SplittableRandom rng) {
		checkChannels(s);
		Sample a = aug.apply(s, s.width(), s.height(), rng);
		return crop(a, simulate(a.target(), a.width(), a.height(), rng), window, sigma);
	}

	/**
	 * Fixed validation crops: {@code perImage} simulated prompts on each image (not augmented),
	 * drawn with a generator seeded with {@code seed}; the same crops every epoch.
	 */
	public static List<Sample> validation(List<Sample> images, int window, double sigma, int perImage, long seed) {
		List<Sample> out = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) {
			Sample s = images.get(i);
			checkChannels(s);
			SplittableRandom rng = new SplittableRandom(seed * 31 + i);
			for (int k = 0; k < perImage; k++)
				out.add(crop(s, simulate(s.target(), s.width(), s.height(), rng), window, sigma));
		}
		return out;
	}

	private static void checkChannels(Sample s) {
		if (s.channels() != 1)
			throw new InputException(s.name() + " has " + s.channels() + " channels; promptable networks are trained on single-channel images"
					+ " (convert RGB images to 8-bit first).");
	}

	/** The window channels and target of a simulated prompt on an image (channel 0 of s) with labels (target of s). */
	static Sample crop(Sample s, Simulated sim, int window, double sigma) {
		int w = s.width(), h = s.height();
		Prompt p = sim == null ? Prompt.point(w / 2.0, h / 2.0).plus(w / 2.0, h / 2.0, false) : sim.prompt();
		PromptEncoding.Window win = PromptEncoding.window(p, sim == null ? null : sim.previousBox(), window);
		if (sim == null) // nothing to prompt: a negative click, an empty target
			p = new Prompt(List.of(), List.of(new double[] { w / 2.0, h / 2.0 }), null);
		float[] x = PromptEncoding.input(s.image(), w, h, p, win, sigma, sim == null ? null : sim.prev(), sim == null ? 0 : sim.px(),
				sim == null ? 0 : sim.py(), sim == null ? 0 : sim.pw(), sim == null ? 0 : sim.ph());
		int[] t = new int[window * window];
		int[] labels = s.target();
		for (int v = 0; v < window; v++)
			for (int u = 0; u < window; u++) {
				long ix = Math.round(win.imageX(u)), iy = Math.round(win.imageY(v));
				int l = ix < 0 || iy < 0 || ix >= w || iy >= h ? Sample.IGNORE : labels[(int) (iy * w + ix)];
				t[v * window + u] = l == Sample.IGNORE ? Sample.IGNORE : sim != null && l == sim.label() ? 1 : 0;
			}
		return new Sample(s.name(), x, PromptEncoding.CHANNELS, window, window, t);
	}

	/** A prompt for a random object of a label image (IGNORE pixels are outside the image); null when it has none. */
	static Simulated simulate(int[] labels, int w, int h, SplittableRandom rng) {
		int max = 0;
		for (int v : labels)
			max = Math.max(max, v);
		if (max == 0)
			return null;
		int[] count = new int[max + 1];
		for (int v : labels)
			if (v > 0)
				count[v]++;
		int nc = 0;
		int[] cand = new int[max];
		for (int l = 1; l <= max; l++)
			if (count[l] >= MIN_AREA)
				cand[nc++] = l;
		if (nc == 0)
			return null;
		int k = cand[rng.nextInt(nc)];
		int bx0 = w, by0 = h, bx1 = -1, by1 = -1;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (labels[y * w + x] == k) {
					bx0 = Math.min(bx0, x);
					bx1 = Math.max(bx1, x);
					by0 = Math.min(by0, y);
					by1 = Math.max(by1, y);
				}
		Region r = new Region(labels, w, h, k, bx0, by0, bx1, by1);
		List<double[]> pos = new ArrayList<>(), neg = new ArrayList<>();
		double[] box = null;
		float[] prev = null;
		double u = rng.nextDouble();
		if (u < 0.45) {
			pos.add(r.interiorPoint(rng));
			if (rng.nextDouble() < 0.15)
				pos.add(r.interiorPoint(rng));
			if (rng.nextDouble() < 0.2) {
				double[] n = r.negativePoint(rng);
				if (n != null)
					neg.add(n);
			}
		}
		else if (u < 0.70) {
			box = r.jitteredBox(rng);
			if (rng.nextDouble() < 0.3)
				pos.add(r.interiorPoint(rng));
		}
		else {
			pos.add(r.interiorPoint(rng));
			if (rng.nextDouble() < 0.2)
				box = r.jitteredBox(rng);
			prev = r.perturbed(rng);
			int clicks = rng.nextDouble() < 0.3 ? 2 : 1;
			boolean[] usedType = new boolean[2];
			for (int c = 0; c < clicks; c++) {
				double[] click = r.correctiveClick(prev, usedType, rng);
				if (click == null)
					break;
				(click[2] > 0 ? pos : neg).add(new double[] { click[0], click[1] });
			}
		}
		return new Simulated(k, new Prompt(pos, neg, box), prev, r.x0, r.y0, r.rw, r.rh);
	}

	/** The object's neighbourhood: its bounding box grown by PAD, with distances inside and outside the object. */
	private static final class Region {
		final int x0, y0, rw, rh, label;
		final boolean[] obj, valid;
		final int[] lab;
		final float[] dIn, dOut;
		final double cx, cy, radius;
		final int bx0, by0, bx1, by1;

		Region(int[] labels, int w, int h, int k, int bx0, int by0, int bx1, int by1) {
			this.label = k;
			this.bx0 = bx0;
			this.by0 = by0;
			this.bx1 = bx1;
			this.by1 = by1;
			x0 = Math.max(0, bx0 - PAD);
			y0 = Math.max(0, by0 - PAD);
			rw = Math.min(w - 1, bx1 + PAD) - x0 + 1;
			rh = Math.min(h - 1, by1 + PAD) - y0 + 1;
			int n = rw * rh;
			obj = new boolean[n];
			valid = new boolean[n];
			lab = new int[n];
			boolean[] notObj = new boolean[n];
			double sx = 0, sy = 0;
			int area = 0;
			for (int v = 0; v < rh; v++)
				for (int u = 0; u < rw; u++) {
					int l = labels[(y0 + v) * w + x0 + u], i = v * rw + u;
					lab[i] = l;
					valid[i] = l != Sample.IGNORE;
					obj[i] = l == k;
					notObj[i] = !obj[i];
					if (obj[i]) {
						sx += u;
						sy += v;
						area++;
					}
				}
			cx = sx / area;
			cy = sy / area;
			radius = Math.sqrt(area / Math.PI);
			int[] dims = { rw, rh };
			boolean any = false;
			for (boolean b : notObj)
				any |= b;
			dIn = any ? DistanceTransform.distanceToSeedsFloat(notObj, dims) : filled(n, Math.max(rw, rh));
			dOut = DistanceTransform.distanceToSeedsFloat(obj, dims);
		}

		private static float[] filled(int n, float v) {
			float[] a = new float[n];
			java.util.Arrays.fill(a, v);
			return a;
		}

		double[] image(double u, double v) {
			return new double[] { x0 + u, y0 + v };
		}

		/** A positive click inside the object, biased to its centre. */
		double[] interiorPoint(SplittableRandom rng) {
			if (rng.nextDouble() < 0.4) {
				int best = -1;
				double bd = Double.POSITIVE_INFINITY;
				for (int i = 0; i < obj.length; i++)
					if (obj[i]) {
						double du = i % rw - cx, dv = i / rw - cy, d = du * du + dv * dv;
						if (d < bd) {
							bd = d;
							best = i;
						}
					}
				double u = best % rw, v = best / rw;
				double ju = u + rng.nextDouble(-1, 1), jv = v + rng.nextDouble(-1, 1);
				int ri = (int) Math.round(jv) * rw + (int) Math.round(ju);
				if (Math.round(ju) >= 0 && Math.round(ju) < rw && Math.round(jv) >= 0 && Math.round(jv) < rh && obj[ri])
					return image(ju, jv);
				return image(u, v);
			}
			double total = 0;
			for (int i = 0; i < obj.length; i++)
				if (obj[i])
					total += Math.pow(dIn[i], 1.5);
			double t = rng.nextDouble() * total;
			int last = -1;
			for (int i = 0; i < obj.length; i++)
				if (obj[i]) {
					last = i;
					t -= Math.pow(dIn[i], 1.5);
					if (t <= 0)
						break;
				}
			return image(last % rw, last / rw);
		}

		/** A negative click: on a neighbouring object (70% when there is one), else on background near the object; null if neither. */
		double[] negativePoint(SplittableRandom rng) {
			List<Integer> others = new ArrayList<>(), background = new ArrayList<>();
			for (int i = 0; i < obj.length; i++) {
				if (!valid[i] || obj[i])
					continue;
				if (lab[i] > 0)
					others.add(i);
				else if (dOut[i] >= 3 && dOut[i] <= PAD)
					background.add(i);
			}
			List<Integer> from = !others.isEmpty() && (background.isEmpty() || rng.nextDouble() < 0.7) ? others : background;
			if (from.isEmpty())
				return null;
			int i = from.get(rng.nextInt(from.size()));
			return image(i % rw, i / rw);
		}

		/** The object's bounding box, each side moved by a Gaussian of 7% of the box size. */
		double[] jitteredBox(SplittableRandom rng) {
			double bw = bx1 - bx0 + 1, bh = by1 - by0 + 1;
			double a = bx0 + gauss(rng) * 0.07 * bw, b = by0 + gauss(rng) * 0.07 * bh;
			double c = bx1 + gauss(rng) * 0.07 * bw, d = by1 + gauss(rng) * 0.07 * bh;
			a = Math.rint(a);
			b = Math.rint(b);
			c = Math.rint(c);
			d = Math.rint(d);
			return new double[] { Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d) };
		}

		private static double gauss(SplittableRandom rng) {
			double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
			return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
		}

		/** A previous mask made from the truth with an error, as a probability on the region. */
		float[] perturbed(SplittableRandom rng) {
			int n = obj.length;
			boolean[] m = new boolean[n];
			int kind = rng.nextInt(7);
			if (kind == 2) { // merged with a touching neighbour
				List<Integer> touching = new ArrayList<>();
				for (int i = 0; i < n; i++)
					if (lab[i] > 0 && lab[i] != label && dOut[i] <= 3 && !touching.contains(lab[i]))
						touching.add(lab[i]);
				if (touching.isEmpty())
					kind = 0;
				else {
					int other = touching.get(rng.nextInt(touching.size()));
					for (int i = 0; i < n; i++)
						m[i] = obj[i] || lab[i] == other;
				}
			}
			switch (kind) {
			case 0 -> { // dilated
				int d = 1 + rng.nextInt(5);
				for (int i = 0; i < n; i++)
					m[i] = valid[i] && dOut[i] <= d;
			}
			case 1 -> { // eroded
				int d = 1 + rng.nextInt(Math.max(1, Math.min(5, (int) (radius / 2))));
				for (int i = 0; i < n; i++)
					m[i] = obj[i] && dIn[i] > d;
			}
			case 3 -> { // a part cut off along a line
				double phi = rng.nextDouble(2 * Math.PI), t = rng.nextDouble(-0.3, 0.5) * radius;
				double nx = Math.cos(phi), ny = Math.sin(phi);
				for (int i = 0; i < n; i++)
					m[i] = obj[i] && ((i % rw - cx) * nx + (i / rw - cy) * ny) < t;
			}
			case 4 -> { // shifted
				int dx, dy;
				do {
					dx = rng.nextInt(-4, 5);
					dy = rng.nextInt(-4, 5);
				} while (dx == 0 && dy == 0);
				for (int v = 0; v < rh; v++)
					for (int u = 0; u < rw; u++) {
						int su = u - dx, sv = v - dy;
						m[v * rw + u] = su >= 0 && sv >= 0 && su < rw && sv < rh && obj[sv * rw + su];
					}
			}
			case 5 -> { // a disc added outside or removed inside, at the border
				List<Integer> border = new ArrayList<>();
				for (int i = 0; i < n; i++)
					if (obj[i] && dIn[i] <= 1.5)
						border.add(i);
				double rad = rng.nextDouble(3, Math.max(3.5, Math.min(9, radius)));
				boolean add = rng.nextBoolean();
				int c = border.isEmpty() ? 0 : border.get(rng.nextInt(border.size()));
				double ccx = c % rw, ccy = c / rw;
				if (add) { // centre pushed outwards, away from the centroid
					double dx = ccx - cx, dy = ccy - cy, len = Math.max(1e-9, Math.hypot(dx, dy));
					ccx += dx / len * rad * 0.6;
					ccy += dy / len * rad * 0.6;
				}
				for (int i = 0; i < n; i++) {
					double du = i % rw - ccx, dv = i / rw - ccy;
					boolean in = du * du + dv * dv <= rad * rad;
					m[i] = add ? obj[i] || (in && valid[i]) : obj[i] && !in;
				}
			}
			case 6 -> { // a one-pixel error
				boolean grow = rng.nextBoolean();
				for (int i = 0; i < n; i++)
					m[i] = grow ? valid[i] && dOut[i] <= 1 : obj[i] && dIn[i] > 1;
			}
			default -> {
			}
			}
			float[] p = new float[n];
			for (int i = 0; i < n; i++)
				p[i] = m[i] ? 1f : 0f;
			double sg = rng.nextDouble(0.5, 1.2);
			GaussianBlur.blur(p, new int[] { rw, rh }, new double[] { sg, sg });
			return p;
		}

		/**
		 * A corrective click for a previous mask: {x, y, +1 positive / -1 negative}, in the error
		 * region (missed or extra pixels) whose largest inner distance is larger; null when the
		 * mask is right. {@code used} marks the error types already clicked.
		 */
		double[] correctiveClick(float[] prev, boolean[] used, SplittableRandom rng) {
			int n = obj.length;
			boolean[] fn = new boolean[n], fp = new boolean[n], notFn = new boolean[n], notFp = new boolean[n];
			boolean anyFn = false, anyFp = false;
			for (int i = 0; i < n; i++) {
				boolean in = prev[i] > 0.5f;
				fn[i] = obj[i] && !in;
				fp[i] = !obj[i] && in && valid[i];
				notFn[i] = !fn[i];
				notFp[i] = !fp[i];
				anyFn |= fn[i];
				anyFp |= fp[i];
			}
			int[] dims = { rw, rh };
			float[] dFn = anyFn && !used[0] ? DistanceTransform.distanceToSeedsFloat(notFn, dims) : null;
			float[] dFp = anyFp && !used[1] ? DistanceTransform.distanceToSeedsFloat(notFp, dims) : null;
			float mFn = max(dFn), mFp = max(dFp);
			if (mFn < 1 && mFp < 1)
				return null;
			boolean positive = mFn >= mFp;
			float[] d = positive ? dFn : dFp;
			float m = positive ? mFn : mFp;
			used[positive ? 0 : 1] = true;
			List<Integer> far = new ArrayList<>();
			for (int i = 0; i < n; i++)
				if (d[i] >= 0.8f * m)
					far.add(i);
			int i = far.get(rng.nextInt(far.size()));
			return new double[] { x0 + i % rw, y0 + i / rw, positive ? 1 : -1 };
		}

		private static float max(float[] a) {
			float m = 0;
			if (a != null)
				for (float v : a)
					m = Math.max(m, v);
			return m;
		}
	}
}
