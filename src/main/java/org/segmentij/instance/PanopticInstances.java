package org.segmentij.instance;

import java.util.stream.IntStream;

import org.segmentij.UsageException;

/**
 * Instances from the raw outputs of a Panoptic-DeepLab-style network (one 2D plane): K semantic
 * logits (class 0 background, 1..K-1 objects), a centre heatmap and the x and y offsets to the
 * object centre in units of {@code offsetScale} pixels. Object pixels (the most likely class is
 * not the background) are grouped by {@link CenterGrouping}: centres by keypoint NMS on the
 * heatmap, each object pixel joins the centre nearest to where its offset points; instances
 * smaller than {@code minSize} are removed and the rest numbered 1..n in the centres' order
 * (strongest first).
 */
public final class PanopticInstances {

	/**
	 * @param threshold   smallest heatmap value of a centre (exclusive)
	 * @param radius      keypoint NMS radius in pixels (a (2r+1)² window)
	 * @param topK        most centres (0: all)
	 * @param minSize     smallest instance in pixels (0: keep all)
	 * @param offsetScale pixels per unit of the offset outputs
	 */
	public record Params(double threshold, int radius, int topK, long minSize, double offsetScale) {
		public Params {
			if (!(threshold >= 0 && threshold < 1))
				throw new UsageException("centre_threshold must be in [0, 1) (got " + threshold + "); e.g. 0.1.");
			if (radius < 0)
				throw new UsageException("nms_radius must be >= 0 pixels (got " + radius + "); e.g. 7.");
			if (topK < 0)
				throw new UsageException("top_k must be >= 0 (0: all centres), got " + topK + ".");
			if (minSize < 0)
				throw new UsageException("min_size must be >= 0 pixels (got " + minSize + ").");
			if (!(offsetScale > 0))
				throw new UsageException("offset scale must be > 0 (got " + offsetScale + ").");
		}
	}

	/** The grouped result of one plane. */
	public record Result(int[] instances, int[] classes, int count) {
	}

	private PanopticInstances() {
	}

	/**
	 * Groups one plane.
	 *
	 * @param out     {@code (k + 3) * w * h} network outputs, channel-major, x fastest
	 * @param k       number of semantic classes (>= 2)
	 */
	public static Result group(float[] out, int k, int w, int h, Params p) {
		int n = w * h;
		if (k < 2 || out.length != (long) (k + 3) * n)
			throw new IllegalArgumentException("PanopticInstances: need (k + 3) * w * h outputs with k >= 2 (got " + out.length + ", k " + k + ")");
		int[] classes = new int[n];
		boolean[] thing = new boolean[n];
		float[] heat = new float[n], dx = new float[n], dy = new float[n];
		float s = (float) p.offsetScale();
		IntStream.range(0, h).parallel().forEach(y -> {
			for (int i = y * w, e = i + w; i < e; i++) {
				int best = 0;
				float bv = out[i];
				for (int c = 1; c < k; c++)
					if (out[c * n + i] > bv) {
						bv = out[c * n + i];
						best = c;
					}
				classes[i] = best;
				thing[i] = best > 0;
				heat[i] = out[k * n + i];
				dx[i] = out[(k + 1) * n + i] * s;
				dy[i] = out[(k + 2) * n + i] * s;
			}
		});
		int[] centres = CenterGrouping.centres(heat, w, h, p.threshold(), p.radius(), p.topK());
		int[] lab = CenterGrouping.group(thing, dx, dy, w, h, centres);
		int count = removeSmall(lab, centres.length, p.minSize());
		return new Result(lab, classes, count);
	}

	/** Sets instances smaller than {@code minSize} to 0 and renumbers the rest 1..n in order; returns n. */
	static int removeSmall(int[] lab, int max, long minSize) {
		long[] size = new long[max + 1];
		for (int v : lab)
			size[v]++;
		int[] map = new int[max + 1];
		int next = 0;
		for (int l = 1; l <= max; l++)
			map[l] = size[l] > 0 && size[l] >= minSize ? ++next : 0;
		for (int i = 0; i < lab.length; i++)
			lab[i] = map[lab[i]];
		return next;
	}
}
