package org.segmentij.bench;

import java.util.Arrays;

import org.segmentij.image.LabelImages;
import org.segmentij.instance.CenterGrouping;
import org.segmentij.instance.LabelMeasurements;
import org.segmentij.instance.StarConvex;
import org.segmentij.metrics.InstanceMatching;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Timing harness (not a test) of the instance post-processing on a label image (default
 * ../shared/bench-data/nuclei2d_2048_labels.tif): measurements (with the label image as
 * intensity), StarDist targets, star-convex NMS of those targets (prob > 0.5, IoU 0.4; its AP@0.5
 * against the labels), and centre grouping from analytic centres and offsets (the objects'
 * centroids), and deep-instances' seeded watershed on ideal outputs (interior and background
 * probabilities of the labels). Run: {@code java -cp target/classes:target/test-classes:$(deps)
 * org.segmentij.bench.InstanceBench [labels.tif] [reps]}.
 */
public final class InstanceBench {

	public static void main(String[] args) {
		String file = args.length > 0 ? args[0] : "../shared/bench-data/nuclei2d_2048_labels.tif";
		int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
		ImagePlus imp = IJ.openImage(file);
		Img<IntType> labels = LabelImages.fromImagePlus(imp);
		int w = imp.getWidth(), h = imp.getHeight(), nRays = 32;
		int[] lab = new int[w * h];
		var c = labels.cursor();
		for (int i = 0; i < lab.length; i++)
			lab[i] = c.next().get();
		float[] intensity = new float[lab.length];
		for (int i = 0; i < lab.length; i++)
			intensity[i] = lab[i];
		var inten = ArrayImgs.floats(intensity, w, h);

		// deep-instances' post-processing on ideal network outputs: p(background) 1 off the objects,
		// p(interior) 1 on object pixels whose 4-neighbours all carry the same label (0 on boundaries)
		float[] pb = new float[lab.length], pi = new float[lab.length];
		for (int i = 0; i < lab.length; i++) {
			int x = i % w, y = i / w, l = lab[i];
			pb[i] = l == 0 ? 1 : 0;
			pi[i] = l != 0 && x > 0 && x < w - 1 && y > 0 && y < h - 1 && lab[i - 1] == l && lab[i + 1] == l
					&& lab[i - w] == l && lab[i + w] == l ? 1 : 0;
		}
		var bImg = ArrayImgs.floats(pb, w, h);
		var iImg = ArrayImgs.floats(pi, w, h);
		org.segmentij.instance.BoundaryInstances.Params bp = new org.segmentij.instance.BoundaryInstances.Params(0.5, 0.5, 4, 0);
		Img<IntType> ws = null;
		double[] tWs = new double[reps];

		double[] tMeasure = new double[reps], tTargets = new double[reps], tNms = new double[reps], tGroup = new double[reps];
		LabelMeasurements.Table table = null;
		StarConvex.NmsResult nms = null;
		int[] inst = null;
		for (int rep = 0; rep < reps + 2; rep++) { // two warm-up rounds
			long t0 = System.nanoTime();
			table = LabelMeasurements.measure(labels, inten, null);
			long t1 = System.nanoTime();
			StarConvex.Targets t = StarConvex.targets(lab, w, h, nRays);
			long t2 = System.nanoTime();
			nms = StarConvex.nms(t.prob(), t.dist(), w, h, nRays, 0.5, 0.4);
			long t3 = System.nanoTime();
			// centre grouping: centres at the centroids, offsets to them, heatmap 1 at the centre pixels
			double[] cx = table.column("X"), cy = table.column("Y"), id = table.column("Label");
			int max = (int) id[id.length - 1];
			float[] ox = new float[max + 1], oy = new float[max + 1];
			float[] heat = new float[lab.length];
			for (int k = 0; k < id.length; k++) {
				ox[(int) id[k]] = (float) (cx[k] - 0.5);
				oy[(int) id[k]] = (float) (cy[k] - 0.5);
				heat[(int) Math.round(cy[k] - 0.5) * w + (int) Math.round(cx[k] - 0.5)] = 1;
			}
			float[] dx = new float[lab.length], dy = new float[lab.length];
			boolean[] thing = new boolean[lab.length];
			for (int i = 0; i < lab.length; i++)
				if (lab[i] > 0) {
					thing[i] = true;
					dx[i] = ox[lab[i]] - i % w;
					dy[i] = oy[lab[i]] - i / w;
				}
			long t4 = System.nanoTime();
			int[] centres = CenterGrouping.centres(heat, w, h, 0.5, 3, 0);
			inst = CenterGrouping.group(thing, dx, dy, w, h, centres);
			long t5 = System.nanoTime();
			ws = org.segmentij.instance.BoundaryInstances.segmentDistanceSeeds(bImg, iImg, bp, 3, 2);
			long t6 = System.nanoTime();
			if (rep >= 2) {
				tWs[rep - 2] = (t6 - t5) / 1e6;
				tMeasure[rep - 2] = (t1 - t0) / 1e6;
				tTargets[rep - 2] = (t2 - t1) / 1e6;
				tNms[rep - 2] = (t3 - t2) / 1e6;
				tGroup[rep - 2] = (t5 - t4) / 1e6;
			}
			if (rep == 0)
				System.out.printf("candidates %d, kept %d, objects %d%n", nms.candidates(), nms.kept().length, table.rows());
		}
		System.out.printf("%s %dx%d, %d objects, %d threads%n", file, w, h, table.rows(), Runtime.getRuntime().availableProcessors());
		System.out.printf("measure (2D, with intensity) median %.1f ms%n", median(tMeasure));
		System.out.printf("StarDist targets (32 rays)   median %.1f ms%n", median(tTargets));
		System.out.printf("star-convex NMS (32 rays)    median %.1f ms%n", median(tNms));
		System.out.printf("centre grouping              median %.1f ms%n", median(tGroup));
		System.out.printf("boundary watershed (deep-instances defaults: distance seeds h 3, sigma 2) median %.1f ms%n", median(tWs));
		var ap = InstanceMatching.match(ArrayImgs.ints(nms.labels(), w, h), labels, 0.5);
		System.out.println("NMS of the exact targets vs the labels: " + ap);
		var apg = InstanceMatching.match(ArrayImgs.ints(inst, w, h), labels, 0.5);
		System.out.println("grouping vs the labels: " + apg);
		System.out.println("boundary watershed vs the labels: " + InstanceMatching.match(ws, labels, 0.5));
	}

	private static double median(double[] a) {
		double[] s = a.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}
}
