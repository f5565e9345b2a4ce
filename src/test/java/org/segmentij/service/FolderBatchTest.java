package org.segmentij.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.UsageException;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/** The batch engine shared by the command line and ImageJ: outputs, object counts, failures, cancel, summary.csv. */
class FolderBatchTest {

	@TempDir
	Path tmp;

	/** A 64x64 mask with n separated 5x5 squares (the oracle: n objects). */
	private static ImagePlus squares(int n) {
		ByteProcessor bp = new ByteProcessor(64, 64);
		for (int k = 0; k < n; k++)
			for (int y = 0; y < 5; y++)
				for (int x = 0; x < 5; x++)
					bp.set(2 + (k % 6) * 10 + x, 2 + (k / 6) * 10 + y, 255);
		return new ImagePlus("sq" + n, bp);
	}

	private Path folder(int... counts) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		for (int i = 0; i < counts.length; i++)
			assertTrue(new FileSaver(squares(counts[i])).saveAsTiff(in.resolve("img" + i + ".tif").toString()));
		return in;
	}

	@Test
	void countsObjectsOfLabelOutputsAndKeepsGoingPastAFailure() throws Exception {
		Path in = folder(3, 7, 12);
		Files.writeString(in.resolve("broken.tif"), "not a tiff");
		Path out = tmp.resolve("out");
		FolderBatch b = new FolderBatch(SegmentIJ.segmentation(), Pipeline.single("connected-components", Map.of()), in, out);
		AtomicInteger started = new AtomicInteger(), finished = new AtomicInteger();
		FolderBatch.Summary s = b.run(new FolderBatch.Listener() {
			@Override
			public void started(Path file, int index, int total) {
				started.incrementAndGet();
				assertEquals(4, total);
			}

			@Override
			public void finished(FolderBatch.Row row, int done, int total) {
				assertEquals(finished.incrementAndGet(), done);
			}
		});
		assertEquals(4, started.get());
		assertEquals(4, s.rows().size());
		assertEquals(1, s.count(FolderBatch.FAILED));
		assertEquals(3, s.count(FolderBatch.OK));
		assertEquals(3 + 7 + 12, s.objects());
		assertEquals(List.of(-1L, 3L, 7L, 12L), s.rows().stream().map(FolderBatch.Row::objects).toList()); // broken.tif sorts first
		for (int i = 0; i < 3; i++) {
			ImagePlus o = IJ.openImage(out.resolve("img" + i + ".tif").toString());
			assertEquals(new int[] { 3, 7, 12 }[i], (int) o.getStatistics().max);
		}
		List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
		assertEquals("file,status,output,ms,objects,details", csv.get(0));
		assertTrue(csv.get(1).startsWith("broken.tif,failed,,"), csv.get(1));
		assertTrue(csv.get(3).startsWith("img1.tif,ok,img1.tif,") && csv.get(3).contains(",7,"), csv.get(3));
		assertTrue(s.line().startsWith("connected-components: 4 files, 3 done, 0 skipped, 1 failed, 22 objects, "), s.line());
	}

	@Test
	void cancelStopsBeforeTheNextFileAndResumeFinishes() throws Exception {
		Path in = folder(1, 2, 3);
		Path out = tmp.resolve("out");
		Path pipe = tmp.resolve("p.pipeline");
		Files.writeString(pipe, "# mask, then labels\nmanual-threshold lower=1\nconnected-components connectivity=face\n");
		Pipeline p = Pipeline.of(pipe.toString(), Map.of());
		FolderBatch.Summary s = new FolderBatch(SegmentIJ.segmentation(), p, in, out).run(new FolderBatch.Listener() {
			int done;

			@Override
			public void finished(FolderBatch.Row row, int d, int total) {
				done = d;
			}

			@Override
			public boolean canceled() {
				return done >= 1;
			}
		});
		assertTrue(s.canceled());
		assertEquals(1, s.rows().size());
		assertTrue(s.line().contains("2 not started (canceled)"), s.line());
		assertEquals(2, Files.readAllLines(out.resolve("summary.csv")).size());
		assertTrue(Files.exists(out.resolve("img0.tif")) && !Files.exists(out.resolve("img1.tif")));

		FolderBatch.Summary r = new FolderBatch(SegmentIJ.segmentation(), p, in, out).resume(true).run(new FolderBatch.Listener() {
		});
		assertEquals(1, r.count(FolderBatch.SKIPPED));
		assertEquals(2, r.count(FolderBatch.OK));
		assertEquals(2 + 3, r.objects());
		assertTrue(!r.canceled());
	}

	@Test
	void refusesBadSetups() throws Exception {
		Path in = folder(1);
		SegmentationService svc = SegmentIJ.segmentation();
		assertThrows(UsageException.class, () -> new FolderBatch(svc, Pipeline.single("otsu", Map.of()), in, in));
		assertThrows(UsageException.class, () -> new FolderBatch(svc, Pipeline.single("otsu", Map.of("radius", "3")), in, tmp.resolve("o")));
		assertThrows(org.segmentij.InputException.class,
				() -> new FolderBatch(svc, Pipeline.single("otsu", Map.of()), tmp.resolve("missing"), tmp.resolve("o")));
		assertThrows(UsageException.class, () -> new FolderBatch(svc, Pipeline.single("otsu", Map.of()), in, tmp.resolve("o")).jobs(0));
		Path empty = Files.createDirectories(tmp.resolve("empty"));
		assertThrows(org.segmentij.InputException.class,
				() -> new FolderBatch(svc, Pipeline.single("otsu", Map.of()), empty, tmp.resolve("o")).run(new FolderBatch.Listener() {
				}));
	}

	@Test
	void entriesNamedLikeImagesThatAreNotFilesFailWithTheirReason() throws Exception {
		Path in = folder(2);
		Files.createDirectories(in.resolve("folder.tif")).resolve("readme.txt").toFile().createNewFile();
		Files.createSymbolicLink(in.resolve("link.tif"), tmp.resolve("nowhere.tif"));
		Path out = tmp.resolve("out");
		FolderBatch.Summary s = new FolderBatch(SegmentIJ.segmentation(), Pipeline.single("connected-components", Map.of()), in, out)
				.run(new FolderBatch.Listener() {
				});
		assertEquals(3, s.total(), s.rows().toString());
		Map<String, FolderBatch.Row> rows = new java.util.HashMap<>();
		s.rows().forEach(r -> rows.put(r.file(), r));
		assertTrue(rows.get("folder.tif").failed() && rows.get("folder.tif").message().contains("folder"), rows.toString());
		assertTrue(rows.get("link.tif").failed() && rows.get("link.tif").message().contains("broken link"), rows.toString());
		assertEquals(FolderBatch.OK, rows.get("img0.tif").status());
		assertEquals(2, Files.readAllLines(out.resolve("summary.csv")).stream().filter(l -> l.contains(",failed,")).count());
	}

	@Test
	void resumeSkipsInputsWhoseTableIsWritten() throws Exception {
		Path in = folder(2, 3);
		Path out = tmp.resolve("out");
		Pipeline p = Pipeline.of(Files.writeString(tmp.resolve("measure.pipeline"), "connected-components\nmeasure-labels\n").toString(), Map.of());
		FolderBatch.Summary first = new FolderBatch(SegmentIJ.segmentation(), p, in, out).run(new FolderBatch.Listener() {
		});
		assertEquals(2, first.count(FolderBatch.OK), first.rows().toString());
		assertTrue(Files.isRegularFile(out.resolve("img0.csv")) && Files.isRegularFile(out.resolve("img1.csv")));
		Files.delete(out.resolve("img1.csv"));
		FolderBatch.Summary again = new FolderBatch(SegmentIJ.segmentation(), p, in, out).resume(true).run(new FolderBatch.Listener() {
		});
		assertEquals(List.of(FolderBatch.SKIPPED, FolderBatch.OK), again.rows().stream().map(FolderBatch.Row::status).toList());
		assertEquals(4, Files.readAllLines(out.resolve("img1.csv")).size()); // header + 3 objects
	}

	@Test
	void anOutputFolderThatCannotBeWrittenFailsBeforeTheFirstFile() throws Exception {
		Path in = folder(1);
		Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
		assertThrows(org.segmentij.InputException.class, () -> new FolderBatch(SegmentIJ.segmentation(), Pipeline.single("otsu", Map.of()), in,
				notAFolder.resolve("out")).run(new FolderBatch.Listener() {
				}));
	}
}
