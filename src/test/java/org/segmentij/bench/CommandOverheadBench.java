package org.segmentij.bench;

import java.util.Arrays;
import java.util.Map;

import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.classical.threshold.GlobalThreshold;
import org.segmentij.classical.threshold.Histogram;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.service.Pipeline;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;

import ij.IJ;
import ij.ImagePlus;

/**
 * Not a test: the time of a technique through the service (what {@code segmentij bench} times)
 * beside the time of the same work called directly, interleaved in one JVM. Run:
 * {@code java -cp target/classes:target/test-classes:target/lib/* org.segmentij.bench.CommandOverheadBench [image] [id] [reps]}.
 */
public final class CommandOverheadBench {

	public static void main(String[] args) {
		String file = args.length > 0 ? args[0] : "../shared/bench-data/nuclei2d_2048.tif";
		String id = args.length > 1 ? args[1] : "otsu";
		int reps = args.length > 2 ? Integer.parseInt(args[2]) : 41;
		ImagePlus imp = IJ.openImage(file);
		SegmentationService service = SegmentIJ.segmentation();
		Pipeline p = Pipeline.single(id, Map.of());
		GlobalMethod m = GlobalMethod.fromName(id);
		GlobalThreshold.Options o = GlobalThreshold.Options.defaults().withMode(Histogram.Mode.FULL);
		double[] ts = new double[reps], td = new double[reps];
		long sink = 0;
		for (int w = 0; w < 3; w++)
			for (int i = 0; i < reps; i++) {
				long t0 = System.nanoTime();
				sink += p.run(service, imp).toString().length();
				long t1 = System.nanoTime();
				sink += direct(imp, m, o);
				long t2 = System.nanoTime();
				ts[i] = (t1 - t0) / 1e6;
				td[i] = (t2 - t1) / 1e6;
			}
		Arrays.sort(ts);
		Arrays.sort(td);
		System.out.printf("%s service median %.3f min %.3f; direct median %.3f min %.3f (%d)%n", id, ts[reps / 2], ts[0], td[reps / 2], td[0], sink & 1);
	}

	private static <T extends net.imglib2.type.numeric.RealType<T> & net.imglib2.type.NativeType<T>> int direct(ImagePlus imp, GlobalMethod m,
			GlobalThreshold.Options o) {
		net.imglib2.RandomAccessibleInterval<T> img = ImagePlusAdapter.<T>wrapReal(imp).data();
		return GlobalThreshold.compute(img, m, o).range().mask(img).firstElement().get();
	}
}
