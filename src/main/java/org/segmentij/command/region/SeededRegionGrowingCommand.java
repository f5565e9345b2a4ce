package org.segmentij.command.region;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;
import org.segmentij.classical.region.SeededRegionGrowing;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;
import org.segmentij.metrics.RoiGroundTruth;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.util.Intervals;

/**
 * Seeded region growing: seeds from a label image (a file or an open image), a ROI set file,
 * the image's selection (points or areas) or the ROI Manager.
 */
@Plugin(type = Command.class, name = "seeded-region-growing", label = "Seeded Region Growing", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Seeded Region Growing",
		description = "Adams and Bischof's seeded region growing: pixels join the touching region whose current mean intensity is closest, best first; pixels farther than max_distance from every touching region stay 0. Seeds: a label image (file path or title of an open image), a ROI set (.zip/.roi), or, when empty, the image's selection (each point its own seed) or the ROI Manager.")
public class SeededRegionGrowingCommand extends ImageCommand {

	@Parameter(label = "Seeds", required = false, description = "Label/marker image (path, or title of an open image) or ROI set (.zip/.roi); empty: the image's selection or the ROI Manager.")
	private String seeds = "";

	@Parameter(label = "Max distance", min = "0", description = "Largest |intensity - region mean| at which a pixel still joins a region (Infinity: no limit).")
	private double max_distance = Double.POSITIVE_INFINITY;

	@Parameter(label = "Connectivity", choices = { "face", "full" }, description = "face: 4 (2D) / 6 (3D) neighbours; full: 8 / 26.")
	private String connectivity = "face";

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		if (!(max_distance >= 0))
			throw new UsageException("Seeded Region Growing: max_distance must be >= 0 (got " + max_distance
					+ "); use e.g. max_distance=30, or Infinity for no limit.");
		AxisImage image = realImage();
		output = grow(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus grow(AxisImage<T> image) {
		RandomAccessibleInterval<T> data = image.data();
		Img<IntType> s = seedImage(data.dimensionsAsLongArray());
		if (!Intervals.equalDimensions(s, data))
			throw new InputException("Seeded Region Growing: the seeds have dimensions " + java.util.Arrays.toString(s.dimensionsAsLongArray())
					+ " but the image has " + java.util.Arrays.toString(data.dimensionsAsLongArray()) + "; give seeds of the image's size.");
		Connectivity c = "full".equalsIgnoreCase(connectivity) ? Connectivity.FULL : Connectivity.FACE;
		try {
			return LabelImages.toImagePlus(image.withData(resultTitle("srg"),
					SeededRegionGrowing.grow(data, s, max_distance, c)));
		}
		catch (IllegalArgumentException e) {
			throw new InputException("Seeded Region Growing: " + e.getMessage());
		}
	}

	private Img<IntType> seedImage(long[] dims) {
		String spec = seeds == null ? "" : seeds.trim();
		if (!spec.isEmpty()) {
			Path p = Path.of(spec);
			String name = spec.toLowerCase(Locale.ROOT);
			if (Files.isRegularFile(p)) {
				if (name.endsWith(".zip") || name.endsWith(".roi"))
					return fromRois(RoiGroundTruth.read(p), dims);
				ImagePlus imp;
				try {
					imp = org.segmentij.cli.ImageFiles.open(p);
				}
				catch (InputException e) {
					throw new InputException("Seeded Region Growing: the seed image cannot be read. " + e.getMessage(), e);
				}
				return labels(imp);
			}
			ImagePlus open = WindowManager.getImage(spec);
			if (open != null)
				return labels(open);
			throw new UsageException("Seeded Region Growing: seeds '" + spec
					+ "' is neither a file nor the title of an open image; give seeds=path/to/labels.tif (or a .zip ROI set).");
		}
		Roi roi = input == null ? null : input.getRoi();
		if (roi != null)
			return fromRois(List.of(roi), dims);
		RoiManager rm = RoiManager.getInstance();
		if (rm != null && rm.getCount() > 0)
			return fromRois(RoiGroundTruth.fromRoiManager(), dims);
		throw new UsageException("Seeded Region Growing needs seeds: give seeds=labels.tif (a label image, or a ROI set .zip), "
				+ "or select points (multi-point tool) or add ROIs to the ROI Manager.");
	}

	private static Img<IntType> labels(ImagePlus imp) {
		try {
			return LabelImages.fromImagePlus(imp);
		}
		catch (IllegalArgumentException e) {
			throw new InputException("Seeded Region Growing: " + e.getMessage());
		}
	}

	/** Area ROIs rasterised with labels 1..n in order; then every point of a point ROI its own label. */
	static Img<IntType> fromRois(List<Roi> rois, long[] dims) {
		List<Roi> areas = new ArrayList<>();
		List<PointRoi> points = new ArrayList<>();
		for (Roi r : rois) {
			if (r instanceof PointRoi pr)
				points.add(pr);
			else if (r.isArea())
				areas.add(r);
			else
				throw new UsageException("Seeded Region Growing: ROI '" + r.getName() + "' is a line; seeds must be points or areas.");
		}
		long depth = dims.length > 2 ? dims[2] : 1;
		if (dims.length > 3)
			throw new InputException("Seeded Region Growing: seeds from ROIs work on 2D images and Z stacks; give a label image for hyperstacks.");
		Img<IntType> out;
		try {
			out = RoiGroundTruth.toLabels(areas, dims[0], dims[1], depth).labels();
		}
		catch (IllegalArgumentException e) {
			throw new InputException("Seeded Region Growing: " + e.getMessage());
		}
		int next = areas.size();
		RandomAccess<IntType> ra = out.randomAccess();
		for (PointRoi pr : points) {
			java.awt.Point[] pts = pr.getContainedPoints();
			for (int i = 0; i < pts.length; i++) {
				int x = pts[i].x, y = pts[i].y;
				if (x < 0 || y < 0 || x >= dims[0] || y >= dims[1])
					continue;
				next++;
				ra.setPosition(x, 0);
				ra.setPosition(y, 1);
				if (dims.length > 2) {
					int z = pr.getPointPosition(i);
					ra.setPosition(Math.max(0, Math.min(depth - 1, (z > 0 ? z : Math.max(1, pr.getZPosition())) - 1)), 2);
				}
				ra.get().set(next);
			}
		}
		if (next == 0)
			throw new UsageException("Seeded Region Growing: the selection holds no seed; select points or areas inside the image.");
		return out;
	}
}
