package org.segmentij.deep.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.segmentij.classical.distance.DistanceTransform;
import org.segmentij.deep.prompt.PromptSegmentation.Click;
import org.segmentij.deep.prompt.PromptSegmentation.ObjectPrompt;

/**
 * How well a promptable model segments the objects of a label image when prompted as a user
 * would: one positive click at each true object's centroid (the object pixel nearest the centroid
 * when the centroid falls outside the object), or the object's bounding box; then further
 * corrective clicks, each at the pixel deepest inside the larger error region (missed object
 * pixels: a positive click; wrongly included pixels: a negative one), the protocol of
 * interactive-segmentation benchmarks. The score of an object is the IoU of its own mask
 * (probability &gt; threshold, prompted pieces kept) with the true object.
 */
public final class PromptEvaluation {

	private PromptEvaluation() {
	}

	/** The true objects of a label image: per label 1..max its pixel count, bounding box and click point (0 count = absent). */
	public record Truth(int[] labels, int w, int h, int max, long[] area, int[][] box, double[][] centre) {

		public static Truth of(int[] labels, int w, int h) {
			int max = 0;
			for (int v : labels)
				max = Math.max(max, v);
			long[] area = new long[max + 1];
			double[] sx = new double[max + 1], sy = new double[max + 1];
			int[][] box = new int[max + 1][];
			for (int y = 0, i = 0; y < h; y++)
				for (int x = 0; x < w; x++, i++) {
					int l = labels[i];
					if (l <= 0)
						continue;
					area[l]++;
					sx[l] += x;
					sy[l] += y;
					int[] b = box[l];
					if (b == null)
						box[l] = new int[] { x, y, x, y };
					else {
						b[0] = Math.min(b[0], x);
						b[1] = Math.min(b[1], y);
						b[2] = Math.max(b[2], x);
						b[3] = Math.max(b[3], y);
					}
				}
			double[][] centre = new double[max + 1][];
			for (int l = 1; l <= max; l++) {
				if (area[l] == 0)
					continue;
				double cx = sx[l] / area[l], cy = sy[l] / area[l];
				int px = (int) Math.round(cx), py = (int) Math.round(cy);
				if (labels[py * w + px] == l)
					centre[l] = new double[] { cx, cy };
				else { // the object pixel nearest the centroid
					double best = Double.POSITIVE_INFINITY;
					int[] b = box[l];
					for (int y = b[1]; y <= b[3]; y++)
						for (int x = b[0]; x <= b[2]; x++)
							if (labels[y * w + x] == l) {
								double d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
								if (d < best) {
									best = d;
									centre[l] = new double[] { x, y };
								}
							}
				}
			}
			return new Truth(labels, w, h, max, area, box, centre);
		}

		/** The labels present, in increasing order. */
		public int[] present() {
			return java.util.stream.IntStream.rangeClosed(1, max).filter(l -> area[l] > 0).toArray();
		}

		/** One positive click at the centre of each object. */
		public List<ObjectPrompt> clicks() {
			List<ObjectPrompt> out = new ArrayList<>();
			for (int l : present())
				out.add(new ObjectPrompt("label-" + l, List.of(new Click(centre[l][0], centre[l][1], true)), null));
			return out;
		}

		/** The bounding box of each object. */
		public List<ObjectPrompt> boxes() {
			List<ObjectPrompt> out = new ArrayList<>();
			for (int l : present())
				out.add(new ObjectPrompt("label-" + l, List.of(), new double[] { box[l][0], box[l][1], box[l][2], box[l][3] }));
			return out;
		}

		/** IoU of the pixels {@code m > threshold} with object l. */
		public double iou(MaskRegion m, int l, double threshold) {
			long inter = 0, pred = 0;
			for (int v = 0; v < m.h(); v++) {
				int y = m.y() + v;
				for (int u = 0; u < m.w(); u++) {
					if (!(m.prob()[v * m.w() + u] > threshold))
						continue;
					pred++;
					int x = m.x() + u;
					if (x >= 0 && y >= 0 && x < w && y < h && labels[y * w + x] == l)
						inter++;
				}
			}
			long union = pred + area[l] - inter;
			return union == 0 ? 1 : (double) inter / union;
		}

		/**
		 * The next corrective click for object l given its mask: at the pixel farthest inside the
		 * larger error region (by that distance); null when the mask is exact.
		 */
		public Click correctiveClick(MaskRegion m, int l, double threshold) {
			int[] b = box[l];
			int x0 = Math.max(0, Math.min(b[0], m.x()) - 1), y0 = Math.max(0, Math.min(b[1], m.y()) - 1);
			int x1 = Math.min(w - 1, Math.max(b[2], m.x() + m.w() - 1) + 1), y1 = Math.min(h - 1, Math.max(b[3], m.y() + m.h() - 1) + 1);
			int rw = x1 - x0 + 1, rh = y1 - y0 + 1;
			boolean[] notFn = new boolean[rw * rh], notFp = new boolean[rw * rh];
			boolean anyFn = false, anyFp = false;
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					boolean t = labels[y * w + x] == l, p = m.at(x, y) > threshold;
					int i = (y - y0) * rw + x - x0;
					notFn[i] = !(t && !p);
					notFp[i] = !(p && !t);
					anyFn |= !notFn[i];
					anyFp |= !notFp[i];
				}
			if (!anyFn && !anyFp)
				return null;
			int[] dims = { rw, rh };
			// distances to the region's outside count as inside the error (padded by one pixel above)
			float[] dFn = anyFn ? DistanceTransform.distanceToSeedsFloat(notFn, dims) : new float[rw * rh];
			float[] dFp = anyFp ? DistanceTransform.distanceToSeedsFloat(notFp, dims) : new float[rw * rh];
			int bi = 0;
			float bd = -1;
			boolean positive = true;
			for (int i = 0; i < rw * rh; i++) {
				if (dFn[i] > bd) {
					bd = dFn[i];
					bi = i;
					positive = true;
				}
				if (dFp[i] > bd) {
					bd = dFp[i];
					bi = i;
					positive = false;
				}
			}
			return new Click(x0 + bi % rw, y0 + bi / rw, positive);
		}
	}

	/** The figures of one way of prompting. */
	public record Figures(String prompts, int objects, double meanIoU, double medianIoU, double fractionAbove90, double meanLabelIoU,
			double seconds, double[] ious) {

		public String line() {
			return String.format(java.util.Locale.ROOT,
					"%-10s objects %d  mean IoU %.4f  median %.4f  IoU>=0.9 %.3f  label image mean IoU %.4f  %.1f s", prompts, objects,
					meanIoU, medianIoU, fractionAbove90, meanLabelIoU, seconds);
		}
	}

	/**
	 * Scores prompts for the objects of {@code truth} (prompt i belongs to the i-th present
	 * label); also the IoU of each object's label in the one label image all masks make.
	 */
	public static Figures evaluate(String what, PromptableModel model, PromptableModel.Embedding e, Truth truth, List<ObjectPrompt> prompts,
			double threshold) {
		long t0 = System.nanoTime();
		List<MaskRegion> masks = PromptSegmentation.segment(model, e, prompts, threshold);
		double seconds = (System.nanoTime() - t0) / 1e9;
		return figures(what, truth, masks, threshold, seconds);
	}

	static Figures figures(String what, Truth truth, List<MaskRegion> masks, double threshold, double seconds) {
		int[] present = truth.present();
		double[] iou = new double[present.length];
		for (int k = 0; k < present.length; k++)
			iou[k] = truth.iou(masks.get(k), present[k], threshold);
		int[] lab = new int[truth.w() * truth.h()];
		net.imglib2.Cursor<net.imglib2.type.numeric.integer.IntType> c = PromptSegmentation.labels(masks, truth.w(), truth.h(), threshold)
				.cursor();
		for (int i = 0; c.hasNext(); i++)
			lab[i] = c.next().get();
		long[] inter = new long[present.length + 1], area = new long[present.length + 1];
		int[] index = new int[truth.max() + 1];
		for (int k = 0; k < present.length; k++)
			index[present[k]] = k + 1;
		for (int i = 0; i < lab.length; i++) {
			area[lab[i]]++;
			int t = truth.labels()[i];
			if (lab[i] > 0 && t > 0 && index[t] == lab[i])
				inter[lab[i]]++;
		}
		double labelIoU = 0;
		for (int k = 1; k <= present.length; k++)
			labelIoU += (double) inter[k] / (area[k] + truth.area()[present[k - 1]] - inter[k]);
		double[] sorted = iou.clone();
		Arrays.sort(sorted);
		double mean = Arrays.stream(iou).average().orElse(Double.NaN);
		double median = sorted.length == 0 ? Double.NaN
				: sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
		long above = Arrays.stream(iou).filter(v -> v >= 0.9).count();
		return new Figures(what, present.length, mean, median, present.length == 0 ? Double.NaN : (double) above / present.length,
				present.length == 0 ? Double.NaN : labelIoU / present.length, seconds, iou);
	}

	/**
	 * Mean IoU after 1, 2, ..., {@code clicks} clicks: the centroid click, then corrective clicks
	 * (each object's previous mask fed back) on the objects whose IoU is still below
	 * {@code stopAt} (a user stops clicking an object that is right; {@code stopAt > 1}: every
	 * object gets every click).
	 */
	public static List<Figures> clickCurve(PromptableModel model, PromptableModel.Embedding e, Truth truth, int clicks, double threshold,
			double stopAt) {
		int[] present = truth.present();
		List<ObjectPrompt> prompts = new ArrayList<>(truth.clicks());
		List<Figures> out = new ArrayList<>();
		for (int k = 1; k <= clicks; k++) {
			long t0 = System.nanoTime();
			List<MaskRegion> masks = PromptSegmentation.segment(model, e, prompts, threshold);
			out.add(figures(k + (k == 1 ? " click" : " clicks"), truth, masks, threshold, (System.nanoTime() - t0) / 1e9));
			if (k == clicks)
				break;
			for (int i = 0; i < present.length; i++) {
				if (out.get(out.size() - 1).ious()[i] >= stopAt)
					continue;
				Click c = truth.correctiveClick(masks.get(i), present[i], threshold);
				if (c == null)
					continue;
				List<Click> cl = new ArrayList<>(prompts.get(i).clicks());
				cl.add(c);
				prompts.set(i, new ObjectPrompt(prompts.get(i).name(), cl, null));
			}
		}
		return out;
	}
}
