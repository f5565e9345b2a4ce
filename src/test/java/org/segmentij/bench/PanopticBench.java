package org.segmentij.bench;

import java.util.Arrays;

import org.segmentij.instance.PanopticInstances;

import ij.IJ;
import ij.ImagePlus;

/**
 * Timing harness (not a test) of the post-processing of panoptic-instances: argmax of the
 * semantic logits, keypoint NMS on the heatmap, grouping by offsets, small-object removal
 * ({@link PanopticInstances#group}) on the raw outputs of a panoptic model saved by
 * {@code ./segmentij run apply-model -i IMAGE -o raw.tif --param model=nuclei-panoptic} (a
 * 5-channel 32-bit stack). Run: {@code java -cp target/classes:target/test-classes:target/lib/*
 * org.segmentij.bench.PanopticBench raw.tif [reps] [offset_scale]}; prints the median and minimum
 * in ms. Grouping settings: the command defaults (centre threshold 0.3, NMS radius 5, min size 10).
 */
public final class PanopticBench {

	public static void main(String[] args) {
		ImagePlus imp = IJ.openImage(args[0]);
		int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
		double scale = args.length > 2 ? Double.parseDouble(args[2]) : 10;
		int w = imp.getWidth(), h = imp.getHeight(), n = w * h, c = imp.getStackSize();
		float[] out = new float[c * n];
		for (int k = 0; k < c; k++)
			System.arraycopy((float[]) imp.getStack().getProcessor(k + 1).convertToFloat().getPixels(), 0, out, k * n, n);
		PanopticInstances.Params p = new PanopticInstances.Params(0.3, 5, 0, 10, scale);
		double[] t = new double[reps];
		int count = 0;
		for (int rep = 0; rep < reps + 2; rep++) {
			long t0 = System.nanoTime();
			count = PanopticInstances.group(out, c - 3, w, h, p).count();
			long t1 = System.nanoTime();
			if (rep >= 2)
				t[rep - 2] = (t1 - t0) / 1e6;
		}
		Arrays.sort(t);
		System.out.printf(java.util.Locale.ROOT, "%dx%d, %d objects: grouping median %.1f ms, min %.1f ms (%d reps, %d cores)%n", w, h,
				count, t[reps / 2], t[0], reps, Runtime.getRuntime().availableProcessors());
	}
}
