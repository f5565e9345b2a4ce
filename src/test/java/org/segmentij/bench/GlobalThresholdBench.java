package org.segmentij.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.classical.threshold.GlobalThreshold;
import org.segmentij.classical.threshold.Histogram;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Not a test: a timing harness. Run with
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.segmentij.bench.GlobalThresholdBench}.
 * Otsu on a 2048 x 2048 16-bit image: histogram + threshold + mask, median of many runs after warm-up.
 */
public final class GlobalThresholdBench {

	public static void main(String[] args) {
		int w = 2048, h = 2048;
		short[] px = new short[w * h];
		SplittableRandom r = new SplittableRandom(1);
		for (int i = 0; i < px.length; i++) {
			double g = r.nextDouble() < 0.3 ? 3000 : 800;
			px[i] = (short) Math.max(0, Math.min(65535, Math.round(g + 200 * r.nextGaussian())));
		}
		Img<UnsignedShortType> array = ArrayImgs.unsignedShorts(px, w, h);
		Img<UnsignedShortType> planar = PlanarImgs.unsignedShorts(w, h);
		var c = planar.cursor();
		for (short s : px)
			c.next().set(s & 0xffff);
		if (args.length > 0) {
			var range = GlobalThreshold.compute(array, GlobalMethod.OTSU, GlobalThreshold.Options.defaults()).range();
			for (int rep = 0; rep < 3; rep++) {
				double[] th = new double[200], tm = new double[200];
				for (int i = 0; i < 200; i++) {
					long t0 = System.nanoTime();
					Histogram.compute(array, Histogram.Mode.FULL);
					long t1 = System.nanoTime();
					range.mask(array);
					long t2 = System.nanoTime();
					th[i] = (t1 - t0) / 1e6;
					tm[i] = (t2 - t1) / 1e6;
				}
				Arrays.sort(th);
				Arrays.sort(tm);
				System.out.printf("histogram median %.3f min %.3f; mask median %.3f min %.3f%n", th[100], th[0], tm[100], tm[0]);
			}
			return;
		}
		for (Histogram.Mode mode : Histogram.Mode.values()) {
			GlobalThreshold.Options o = GlobalThreshold.Options.defaults().withMode(mode);
			report("ArrayImg  16-bit Otsu " + mode, array, GlobalMethod.OTSU, o, 200);
			report("PlanarImg 16-bit Otsu " + mode, planar, GlobalMethod.OTSU, o, 200);
		}
		for (GlobalMethod m : GlobalMethod.values())
			report("ArrayImg  16-bit FULL " + m.label(), array, m, GlobalThreshold.Options.defaults().withMode(Histogram.Mode.FULL), 5);
	}

	private static <T extends RealType<T>> void report(String what, Img<T> img, GlobalMethod m, GlobalThreshold.Options o, int n) {
		int warm = n;
		double[] t = new double[n];
		long sink = 0;
		for (int i = 0; i < warm + n; i++) {
			long t0 = System.nanoTime();
			Img<UnsignedByteType> mask = GlobalThreshold.mask(img, m, o);
			long t1 = System.nanoTime();
			sink += mask.firstElement().get();
			if (i >= warm)
				t[i - warm] = (t1 - t0) / 1e6;
		}
		Arrays.sort(t);
		System.out.printf("%-40s median %.3f ms  min %.3f ms  (%d)%n", what, t[n / 2], t[0], sink & 1);
	}
}
