package org.segmentij.bench;

import java.util.Arrays;

import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.classical.threshold.GlobalThreshold;
import org.segmentij.classical.threshold.Histogram;
import org.segmentij.image.ImagePlusAdapter;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Not a test: times the phases of a global threshold (histogram, each method on it, mask) on an
 * image (default ../shared/bench-data/nuclei2d_2048.tif), full-resolution histogram. Run:
 * {@code java -cp target/classes:target/test-classes:target/lib/* org.segmentij.bench.ThresholdPhasesBench [image] [reps]}.
 */
public final class ThresholdPhasesBench {

	public static void main(String[] args) {
		String file = args.length > 0 ? args[0] : "../shared/bench-data/nuclei2d_2048.tif";
		int reps = args.length > 1 ? Integer.parseInt(args[1]) : 31;
		ImagePlus imp = IJ.openImage(file);
		run(ImagePlusAdapter.wrapReal(imp).data(), reps);
	}

	private static <T extends RealType<T>> void run(RandomAccessibleInterval<T> img, int reps) {
		GlobalThreshold.Options o = GlobalThreshold.Options.defaults().withMode(Histogram.Mode.FULL);
		Histogram h = Histogram.compute(img, Histogram.Mode.FULL);
		System.out.printf("bins %d%n", h.bins());
		double[] th = new double[reps], tm = new double[reps];
		var range = GlobalThreshold.fromHistogram(h, GlobalMethod.OTSU, o).range();
		for (int w = 0; w < 2; w++)
			for (int i = 0; i < reps; i++) {
				long t0 = System.nanoTime();
				Histogram.compute(img, Histogram.Mode.FULL);
				long t1 = System.nanoTime();
				range.mask(img);
				long t2 = System.nanoTime();
				th[i] = (t1 - t0) / 1e6;
				tm[i] = (t2 - t1) / 1e6;
			}
		Arrays.sort(th);
		Arrays.sort(tm);
		System.out.printf("histogram median %.3f min %.3f; mask median %.3f min %.3f%n", th[reps / 2], th[0], tm[reps / 2], tm[0]);
		for (GlobalMethod m : GlobalMethod.values()) {
			double[] t = new double[reps];
			GlobalThreshold.Result r = null;
			for (int w = 0; w < 2; w++)
				for (int i = 0; i < reps; i++) {
					long t0 = System.nanoTime();
					r = GlobalThreshold.fromHistogram(h, m, o);
					t[i] = (System.nanoTime() - t0) / 1e6;
				}
			Arrays.sort(t);
			System.out.printf("%-14s method median %8.3f min %8.3f ms  threshold %s%n", m.label(), t[reps / 2], t[0], r.threshold());
		}
	}
}
