package org.segmentij.bench;

import org.segmentij.command.deep.StarConvexInstancesCommand;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.metrics.InstanceMatching;

import ai.djl.Device;
import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Harness (not a test) that chose the default thresholds of star-convex-instances: a star-convex
 * model is run once on generated {@code fluorescence-touching} images whose seeds are not training
 * seeds (default 9001 and 9002, 1024 x 1024, about 200 nuclei each), then the suppression is
 * repeated for a grid of probability and NMS thresholds and AP@0.5 (summed TP/FP/FN), the mean
 * matched IoU and the object count are printed. Run: {@code java -cp
 * target/classes:target/test-classes:target/lib/* org.segmentij.bench.StarDistTune models/nuclei-stardist [size] [seeds...]}.
 */
public final class StarDistTune {

	public static void main(String[] args) {
		String model = args.length > 0 ? args[0] : "models/nuclei-stardist";
		int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
		long[] seeds = args.length > 2 ? java.util.Arrays.stream(args, 2, args.length).mapToLong(Long::parseLong).toArray()
				: new long[] { 9001, 9002 };
		double[] probs = { 0.4, 0.5, 0.55, 0.6, 0.65, 0.7 }, nmss = { 0, 0.1, 0.2, 0.3, 0.4, 0.5 };
		ModelPackage pkg = ModelStore.read(model);
		int rays = pkg.classes.size() - 1;
		double scale = pkg.stardist.get("distance_scale").getAsDouble();
		int[][][] tp = new int[probs.length][nmss.length][3];
		double[][] iou = new double[probs.length][nmss.length];
		try (LoadedModel m = LoadedModel.load(pkg, Device.cpu())) {
			for (long seed : seeds) {
				SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.fluorescenceTouching(size, size, seed));
				AxisImage<FloatType> raw = m.probabilities(AxisImage.of("tune", s.image(), Axis.X, Axis.Y), m.tiling(0, -1, 2), "raw");
				int c = raw.dimensionOf(Axis.C), plane = size * size;
				float[] flat = new float[(rays + 1) * plane];
				for (int ch = 0; ch <= rays; ch++) {
					Cursor<FloatType> cur = Views.flatIterable(Views.hyperSlice(raw.data(), c, ch)).cursor();
					for (int i = 0; i < plane; i++)
						flat[ch * plane + i] = cur.next().get();
				}
				for (int a = 0; a < probs.length; a++)
					for (int b = 0; b < nmss.length; b++) {
						int[] lab = StarConvexInstancesCommand.predict(flat, size, size, rays, scale, probs[a], nmss[b]);
						InstanceMatching.Result r = InstanceMatching.match(ArrayImgs.ints(lab, size, size), s.labels(), 0.5);
						tp[a][b][0] += r.tp();
						tp[a][b][1] += r.fp();
						tp[a][b][2] += r.fn();
						iou[a][b] += r.sumMatchedIou();
					}
				System.out.println("seed " + seed + ": " + s.count() + " nuclei");
			}
		}
		System.out.println("prob_threshold nms_threshold AP@0.5 mean_matched_IoU objects");
		for (int a = 0; a < probs.length; a++)
			for (int b = 0; b < nmss.length; b++) {
				int[] t = tp[a][b];
				System.out.printf(java.util.Locale.ROOT, "%.2f %.2f %.4f %.4f %d%n", probs[a], nmss[b], (double) t[0] / (t[0] + t[1] + t[2]),
						iou[a][b] / Math.max(1, t[0]), t[0] + t[1]);
			}
	}
}
