package org.segmentij.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.cli.Main;

import ij.IJ;
import ij.ImagePlus;

/**
 * Large images as tiles on local[2]: a generated image with objects cut by tile borders,
 * through a labelling pipeline (blur, fixed threshold, connected components) tiled and untiled
 * ({@code segmentij run}): the same labels; and a pipeline that gives a mask, put together from cores.
 */
class TilingTest {

	@TempDir
	Path tmp;

	private static int[] open(Path p) {
		ImagePlus imp = IJ.openImage(p.toString());
		assertEquals(1, imp.getStackSize());
		return TestImages.pixels(imp);
	}

	@Test
	void tiledLabellingEqualsUntiled() throws Exception {
		ImagePlus img = TestImages.crossing(700, 530, 11);
		img.getCalibration().pixelWidth = 0.25;
		img.getCalibration().pixelHeight = 0.25;
		img.getCalibration().setUnit("micron");
		Path in = TestImages.save(img, tmp.resolve("in").resolve("big.tif"));
		TestImages.save(TestImages.blobs(90, 90, 4, 3), tmp.resolve("in").resolve("small.tif")); // below the tile size: one task
		// gaussian sigma 1.5 reaches 6 pixels: a halo of 16 leaves every core pixel (and the ring around it) as untiled
		Path pipe = TestImages.pipeline(tmp, "cc.pipeline", "gaussian-blur sigma_x=1.5 sigma_y=1.5", "manual-threshold lower=550",
				"connected-components connectivity=full");
		Path whole = tmp.resolve("whole.tif");
		assertEquals(0, Main.execute("run", pipe.toString(), "-i", in.toString(), "-o", whole.toString()));
		Path out = tmp.resolve("out");
		assertEquals(0, SparkBatch.execute(pipe.toString(), "-i", in.getParent().toString(), "-o", out.toString(), "--tile", "128",
				"--halo", "16", "--master", "local[2]"));
		int[] untiled = open(whole), tiled = open(out.resolve("big.tif"));
		int n = 0;
		for (int v : untiled)
			n = Math.max(n, v);
		assertTrue(n > 50, "many objects: " + n);
		assertTrue(TestImages.sameUpToRelabelling(untiled, tiled), "the same objects");
		assertArrayEquals(untiled, tiled, "and the same labels (both numbered in raster order)");
		ImagePlus t = IJ.openImage(out.resolve("big.tif").toString());
		assertEquals(0.25, t.getCalibration().pixelWidth, 1e-9);
		assertEquals("micron", t.getCalibration().getUnit());
		List<List<String>> rows = TestImages.csv(out.resolve("summary.csv"));
		assertEquals(List.of("big.tif", "ok", "big.tif"), rows.get(1).subList(0, 3));
		assertEquals(Integer.toString(n), rows.get(1).get(4), "objects of the stitched image");
		assertTrue(rows.get(1).get(5).contains("tiles=6x5"), rows.get(1).get(5));
		assertEquals("", rows.get(2).get(5), "the small image ran whole");
		// and the labelling itself against the test's own flood fill of the thresholded blur
		assertEquals(n, (int) java.util.Arrays.stream(tiled).max().getAsInt());
	}

	@Test
	void tiledMaskEqualsUntiledAndTilingIsIdempotent() throws Exception {
		Path in = TestImages.save(TestImages.crossing(300, 260, 5), tmp.resolve("in").resolve("m.tif"));
		Path pipe = TestImages.pipeline(tmp, "mask.pipeline", "gaussian-blur sigma_x=1 sigma_y=1", "manual-threshold lower=550");
		Path whole = tmp.resolve("whole.tif");
		assertEquals(0, Main.execute("run", pipe.toString(), "-i", in.toString(), "-o", whole.toString()));
		Path out = tmp.resolve("out");
		for (int run = 0; run < 2; run++) // a second run over the same outputs rewrites the same bytes
			assertEquals(0, SparkBatch.execute(pipe.toString(), "-i", in.getParent().toString(), "-o", out.toString(), "--tile", "64",
					"--halo", "8", "--master", "local[2]"));
		assertArrayEquals(open(whole), open(out.resolve("m.tif")));
		assertEquals(8, IJ.openImage(out.resolve("m.tif").toString()).getBitDepth());
		try (var s = Files.list(out)) {
			assertEquals(List.of("m.tif", "summary.csv"), s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporaries");
		}
	}

	@Test
	void watershedPipelineWithAHaloAboveTheObjectSizeEqualsUntiled() throws Exception {
		// touching nuclei of radius 3..9: a fixed threshold, the distance-transform watershed and the clean-up
		// of pipelines/nuclei.pipeline; each object that reaches a core lies whole in its tile's halo of 32
		Path in = TestImages.save(TestImages.blobs(520, 430, 260, 77), tmp.resolve("in").resolve("nuclei.tif"));
		Path pipe = TestImages.pipeline(tmp, "ws.pipeline", "manual-threshold lower=700", "distance-watershed h=1",
				"label-cleanup min_size=30 fill_holes");
		Path whole = tmp.resolve("whole.tif");
		assertEquals(0, Main.execute("run", pipe.toString(), "-i", in.toString(), "-o", whole.toString()));
		Path out = tmp.resolve("out");
		assertEquals(0, SparkBatch.execute(pipe.toString(), "-i", in.getParent().toString(), "-o", out.toString(), "--tile", "128",
				"--halo", "32", "--master", "local[2]"));
		int[] untiled = open(whole), tiled = open(out.resolve("nuclei.tif"));
		assertTrue(java.util.Arrays.stream(untiled).max().getAsInt() > 100, "many objects");
		assertTrue(TestImages.sameUpToRelabelling(untiled, tiled), "the same objects");
	}
}
