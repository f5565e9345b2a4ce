package org.segmentij.metrics;

import org.segmentij.image.SyntheticNuclei;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Throwaway timing harness (not a test): all region metrics of two 2048x2048 label images with
 * 800 objects each. Run: {@code java -cp target/classes:target/test-classes:$(deps)
 * org.segmentij.metrics.RegionMetricsBench}.
 */
public final class RegionMetricsBench {

	public static void main(String[] args) {
		var p = SyntheticNuclei.Params.defaults2D(2048, 2048, 800, 5);
		Img<IntType> truth = SyntheticNuclei.generate(p).labels();
		Img<IntType> pred = SyntheticNuclei.generate(p.withSeed(6)).labels();
		Img<IntType> near = truth.copy(); // a close prediction: every 7th object relabelled, rows shifted
		for (IntType t : near)
			if (t.get() % 7 == 3)
				t.set(t.get() + 5000);
		for (int rep = 0; rep < 15; rep++) {
			for (Img<IntType> pr : java.util.List.of(pred, near)) {
				long t0 = System.nanoTime();
				OverlapTable table = OverlapTable.of(pr, truth);
				long t1 = System.nanoTime();
				var ev = InstanceMatching.evaluate(table);
				var results = ev.defaultResults();
				double map = ev.meanAp();
				var objects = ev.objects(0.5);
				long t2 = System.nanoTime();
				var cm = ConfusionMatrix.fromTable(table.relabel(x -> x > 0 ? 1 : 0, x -> x > 0 ? 1 : 0), 2, ConfusionMatrix.NO_IGNORE);
				var pan = Panoptic.evaluate(table.relabel(x -> x > 0 ? Panoptic.encode(1, x) : 0,
						x -> x > 0 ? Panoptic.encode(1, x) : 0), Panoptic.NO_VOID, 0);
				double ri = PartitionMetrics.randIndex(table, false);
				var are = PartitionMetrics.adaptedRand(table);
				var vi = PartitionMetrics.variationOfInformation(table, false);
				double cov = PartitionMetrics.segmentationCovering(table, false);
				long t3 = System.nanoTime();
				if (rep >= 12)
					System.out.printf("%s: table %.1f ms, instance (14 thresholds + mAP + objects) %.1f ms, rest %.1f ms,"
							+ " total %.1f ms | cells %d, AP50 %.3f, AP@0.1 %.3f, mAP %.3f, PQ %.3f, RI %.4f, ARE %.4f, VI %.3f,"
							+ " cov %.3f, mIoU %.3f, rows %d%n", pr == near ? "near" : "unrelated", (t1 - t0) / 1e6,
							(t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6, table.cellCount(), results.get(4).ap(),
							results.get(0).ap(), map, pan.pq(), ri, are.error(), vi.total(), cov, cm.meanIou(), objects.size());
			}
		}
		// the generic cursor path for comparison
		for (int rep = 0; rep < 5; rep++) {
			long t0 = System.nanoTime();
			OverlapTable.of(net.imglib2.view.Views.translate(pred, 1, 1), truth);
			if (rep >= 3)
				System.out.printf("cursor path table: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
		}
	}
}
