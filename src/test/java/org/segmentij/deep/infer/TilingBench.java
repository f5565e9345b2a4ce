package org.segmentij.deep.infer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Random;

import org.segmentij.deep.TinyNets;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Not a test: per-pixel throughput of tiled vs untiled inference of a small conv net on a
 * 4096 x 4096 image, and the peak heap. Run with
 * {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -cp target/classes:target/test-classes:$(cat cp.txt) org.segmentij.deep.infer.TilingBench [size] [tile] [halo] [batch] [repeats]}.
 */
public final class TilingBench {

	public static void main(String[] args) throws Exception {
		int size = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
		int tile = args.length > 1 ? Integer.parseInt(args[1]) : 512;
		int halo = args.length > 2 ? Integer.parseInt(args[2]) : 8;
		int batch = args.length > 3 ? Integer.parseInt(args[3]) : 4;
		int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
		byte[] pix = new byte[size * size];
		new Random(1).nextBytes(pix);
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(pix, size, size);
		AxisImage<UnsignedByteType> ai = AxisImage.of("big", img, Axis.X, Axis.Y);
		Normalization norm = Normalization.percentile(1, 99.8);
		try (Model model = TinyNets.model("bench", 1, 8, 2, 3);
				Predictor<TileBatch, TileBatch> p = model.newPredictor(new SegmentationTranslator(Activation.SOFTMAX))) {
			TilePredictor tp = new DjlTilePredictor(p);
			for (int rep = 0; rep < repeats; rep++) {
				for (boolean tiled : new boolean[] { false, true }) {
					resetPeaks();
					long t0 = System.nanoTime();
					Outputs.Probabilities out = new Outputs.Probabilities(ai, 2, "p");
					TiledInference.Stats s = new TiledInference(tp, 8, tiled ? Tiling.of(tile, halo, batch) : Tiling.untiled())
							.run(ai, 1, 2, norm, out);
					double sec = (System.nanoTime() - t0) / 1e9;
					System.out.printf("%s %dx%d: %.3f s, %.1f Mpx/s, tiles %d, max batch %s, peak heap %d MB%n",
							tiled ? "tiled  " : "untiled", size, size, sec, (double) size * size / sec / 1e6, s.tiles(),
							java.util.Arrays.toString(s.maxBatchShape()), peakHeapMb());
				}
			}
		}
	}

	private static void resetPeaks() {
		System.gc();
		for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans())
			if (b.getType() == MemoryType.HEAP)
				b.resetPeakUsage();
	}

	private static long peakHeapMb() {
		long s = 0;
		for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans())
			if (b.getType() == MemoryType.HEAP)
				s += b.getPeakUsage().getUsed();
		return s >> 20;
	}
}
