package org.segmentij.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.segmentij.SegmentIJException;
import org.segmentij.cli.ImageFiles;
import org.segmentij.image.LabelImages;
import org.segmentij.service.FolderBatch;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.TechniqueResult;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ImageProcessor;

/**
 * One image too large for one executor, run as one Spark task per tile (see {@link TileGrid}):
 * <ol>
 * <li>each task reads its tile's extended region ({@link RegionReader}), runs the pipeline on
 * it and keeps its core, in executor memory (persisted, recomputed identically if lost);</li>
 * <li>the driver collects only the tiles' edges and stitches the labels ({@link LabelStitcher});
 * a pipeline whose result is not a label image (a mask, a filtered image) is put together from
 * the cores as it is;</li>
 * <li>the driver writes the TIFF header to a temporary file beside the output, every task writes
 * its core's rows (relabelled) in place, and the driver renames the file to the output.</li>
 * </ol>
 * A retried task writes the same bytes to the same place; the output appears complete or not at all.
 */
final class TiledImage {

	/** A tile's result: the core's pixels (labels as int[], else the result's own pixel array) and, for labels, its edges. */
	record TileResult(int index, String error, boolean labels, int bitDepth, Object core, TileEdges edges, double pixelWidth,
			double pixelHeight, String unit, long ms) implements Serializable {

		private static final long serialVersionUID = 1L;

		TileResult summary() {
			return new TileResult(index, error, labels, bitDepth, null, edges, pixelWidth, pixelHeight, unit, ms);
		}

		static TileResult failed(int index, String error, long ms) {
			return new TileResult(index, error, false, 0, null, null, 0, 0, null, ms);
		}
	}

	private TiledImage() {
	}

	static Result run(JavaSparkContext jsc, JobSpec spec, Path in, Path out, TileGrid grid) {
		long t0 = System.nanoTime();
		String name = in.getFileName().toString();
		if (spec.resume() && Files.exists(out))
			return new Result(name, FolderBatch.SKIPPED, out.getFileName().toString(), 0, -1, "output exists", null);
		String ext = ImageFiles.extension(out);
		if (!ext.equals("tif") && !ext.equals("tiff"))
			return Result.failed(name, 0, "a tiled image is written as TIFF; use --format tif (or auto) for images above the tile size");
		int n = grid.count();
		String input = in.toAbsolutePath().toString();
		List<Integer> indices = IntStream.range(0, n).boxed().toList();
		JavaRDD<TileResult> tiles = jsc.parallelize(indices, n).map(i -> compute(spec, input, grid, i))
				.persist(StorageLevel.MEMORY_AND_DISK());
		Path tmp = null;
		Broadcast<int[][]> maps = null;
		try {
			List<TileResult> summaries = new ArrayList<>(tiles.map(TileResult::summary).collect());
			summaries.sort((a, b) -> Integer.compare(a.index(), b.index()));
			for (TileResult s : summaries)
				if (s.error() != null)
					return Result.failed(name, ms(t0), "tile " + s.index() + " of " + n + ": " + s.error());
			TileResult first = summaries.get(0);
			boolean labels = first.labels();
			for (TileResult s : summaries)
				if (s.labels() != labels || !labels && s.bitDepth() != first.bitDepth())
					return Result.failed(name, ms(t0), "the pipeline gave different kinds of images on different tiles ("
							+ first.bitDepth() + "-bit " + (labels ? "labels" : "image") + " and " + s.bitDepth() + "-bit "
							+ (s.labels() ? "labels" : "image") + ")");
			LabelStitcher.Stitch stitch = null;
			int bitDepth = first.bitDepth();
			if (labels) {
				stitch = LabelStitcher.stitch(grid, summaries.stream().map(TileResult::edges).toList());
				if (stitch.count() > LabelImages.MAX_FLOAT_LABEL)
					return Result.failed(name, ms(t0), stitch.count() + " objects: more than a 32-bit ImageJ image holds exactly (2^24)");
				bitDepth = stitch.count() <= 65535 ? 16 : 32;
			}
			Files.createDirectories(out.toAbsolutePath().getParent());
			tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".part");
			long offset = TiffOut.create(tmp, grid.width(), grid.height(), bitDepth, first.pixelWidth(), first.pixelHeight(), first.unit());
			Broadcast<int[][]> b = maps = labels ? jsc.broadcast(stitch.maps()) : null;
			String file = tmp.toString();
			int depth = bitDepth;
			tiles.foreach(r -> write(r, grid, file, offset, depth, b == null ? null : b.value()[r.index()]));
			move(tmp, out);
			return new Result(name, FolderBatch.OK, out.getFileName().toString(), ms(t0), labels ? stitch.count() : -1,
					"tiles=" + grid.columns() + "x" + grid.rows() + " tile=" + grid.tile() + " halo=" + grid.halo(), null);
		}
		catch (IOException e) {
			return Result.failed(name, ms(t0), "cannot write: " + e.getMessage());
		}
		catch (SegmentIJException e) {
			return Result.failed(name, ms(t0), e.getMessage());
		}
		catch (RuntimeException e) { // a Spark job that failed after its retries
			return Result.failed(name, ms(t0), "tiled run failed: " + e.getMessage());
		}
		finally {
			tiles.unpersist(false);
			if (maps != null)
				maps.destroy();
			if (tmp != null)
				try {
					Files.deleteIfExists(tmp);
				}
				catch (IOException e) {
					// left as .part: the next run's clean-up removes it
				}
		}
	}

	private static long ms(long t0) {
		return (System.nanoTime() - t0) / 1_000_000;
	}

	/** Pass one, on an executor: the pipeline on the tile's extended region; the core kept. */
	static TileResult compute(JobSpec spec, String input, TileGrid grid, int index) {
		long t0 = System.nanoTime();
		TileGrid.Tile t = grid.tile(index);
		try {
			FolderBatch engine = ImageTask.engine(spec);
			ImagePlus imp = RegionReader.read(Path.of(input), t.ex0(), t.ey0(), t.extWidth(), t.extHeight());
			TechniqueResult r = engine.pipeline().run(SegmentIJ.segmentation(), imp);
			ImagePlus res = r.image();
			if (res == null)
				return TileResult.failed(index, "the pipeline gives no image; only pipelines that give an image are tiled", ms(t0));
			if (res.getWidth() != t.extWidth() || res.getHeight() != t.extHeight() || res.getStackSize() != 1)
				return TileResult.failed(index, "the pipeline gives a " + res.getWidth() + "x" + res.getHeight() + "x" + res.getStackSize()
						+ " image for a " + t.extWidth() + "x" + t.extHeight() + " tile; only pipelines that keep the image size are tiled", ms(t0));
			if (res.getBitDepth() == 24)
				return TileResult.failed(index, "the pipeline gives an RGB image; tiled outputs are 8, 16 or 32-bit", ms(t0));
			boolean labels = "true".equals(res.getProp(LabelImages.LABELS_PROPERTY));
			ImageProcessor ip = res.getProcessor();
			Calibration c = res.getCalibration();
			int ew = t.extWidth(), cw = t.coreWidth(), ch = t.coreHeight();
			int dx = t.x0() - t.ex0(), dy = t.y0() - t.ey0();
			if (labels) {
				int[] ext = new int[ew * t.extHeight()];
				for (int i = 0; i < ext.length; i++)
					ext[i] = (int) ip.getf(i);
				int[] core = new int[cw * ch];
				for (int y = 0; y < ch; y++)
					System.arraycopy(ext, (y + dy) * ew + dx, core, y * cw, cw);
				return new TileResult(index, null, true, 32, core, TileEdges.of(t, grid.width(), grid.height(), ext), c.pixelWidth,
						c.pixelHeight, c.getUnit(), ms(t0));
			}
			ip.setRoi(dx, dy, cw, ch);
			Object core = ip.crop().getPixels();
			return new TileResult(index, null, false, res.getBitDepth(), core, null, c.pixelWidth, c.pixelHeight, c.getUnit(), ms(t0));
		}
		catch (SegmentIJException e) {
			return TileResult.failed(index, e.getMessage(), ms(t0));
		}
		catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
			return TileResult.failed(index, "internal error: " + e, ms(t0));
		}
	}

	/** Pass two, on an executor: the core's rows, relabelled, written in place. */
	static void write(TileResult r, TileGrid grid, String file, long offset, int bitDepth, int[] map) {
		TileGrid.Tile t = grid.tile(r.index());
		Object pixels = r.core();
		if (r.labels()) {
			int[] core = (int[]) r.core();
			if (bitDepth == 16) {
				short[] p = new short[core.length];
				for (int i = 0; i < core.length; i++)
					p[i] = (short) map[core[i]];
				pixels = p;
			}
			else {
				float[] p = new float[core.length];
				for (int i = 0; i < core.length; i++)
					p[i] = map[core[i]];
				pixels = p;
			}
		}
		try {
			TiffOut.write(Path.of(file), offset, grid.width(), bitDepth, t.x0(), t.y0(), t.coreWidth(), t.coreHeight(), pixels);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write tile " + r.index() + " to " + file + ": " + e.getMessage(), e);
		}
	}

	/** Renames into place (atomically where the file system can), readable by others as every output. */
	static void move(Path tmp, Path target) throws IOException {
		if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class))
			Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
		try {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}
}
