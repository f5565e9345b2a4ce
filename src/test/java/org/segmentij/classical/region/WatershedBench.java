package org.segmentij.classical.region;

import org.segmentij.classical.region.ConnectedComponents.Connectivity;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.metrics.InstanceMatching;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Throwaway timing harness (not a test): {@link Watershed#splitTouching} on the exact mask of a
 * 2048x2048 synthetic nuclei image with 800 nuclei, and its AP at IoU 0.5 against connected
 * components. Run: {@code java -cp target/classes:target/test-classes:$(deps)
 * org.segmentij.classical.region.WatershedBench}.
 */
public final class WatershedBench {

	public static void main(String[] args) {
		var sample = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(2048, 2048, 800, 1));
		Img<IntType> truth = sample.labels();
		Img<UnsignedByteType> mask = SyntheticNuclei.mask(truth);
		Img<IntType> split = null;
		for (int rep = 0; rep < 8; rep++) {
			long t0 = System.nanoTime();
			split = Watershed.splitTouching(mask, null, 1.5, Connectivity.FULL);
			long t1 = System.nanoTime();
			System.out.printf("splitTouching 2048x2048 (%d nuclei): %.0f ms%n", sample.count(), (t1 - t0) / 1e6);
		}
		Img<IntType> markers = RegionalExtrema.hMaxima(
				org.segmentij.classical.distance.DistanceTransform.distanceToBackground(mask), 1.5, mask, Connectivity.FULL);
		System.out.println("markers: " + org.segmentij.image.LabelImages.maxLabel(markers));
		for (int rep = 0; rep < 6; rep++) {
			long t0 = System.nanoTime();
			Watershed.watershed(sample.image(), markers, null, Connectivity.FULL, rep % 2 == 1);
			long t1 = System.nanoTime();
			System.out.printf("watershed of the raw 16-bit image, no mask, lines %b: %.0f ms%n", rep % 2 == 1, (t1 - t0) / 1e6);
		}
		System.out.printf("AP@0.5 watershed %.3f, connected components %.3f%n",
				InstanceMatching.match(split, truth, 0.5).ap(),
				InstanceMatching.match(ConnectedComponents.label(mask, Connectivity.FULL), truth, 0.5).ap());
		for (double h : new double[] { 0.5, 1, 1.5, 2, 3 }) {
			var sm = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(256, 256, 30, 1));
			var m = SyntheticNuclei.mask(sm.labels());
			System.out.printf("256x256 h %.1f: AP ws %.3f cc %.3f%n", h,
					InstanceMatching.match(Watershed.splitTouching(m, null, h, Connectivity.FULL), sm.labels(), 0.5).ap(),
					InstanceMatching.match(ConnectedComponents.label(m, Connectivity.FULL), sm.labels(), 0.5).ap());
		}
	}
}
