package org.segmentij.command.region;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.region.EdgesToRegions;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** Canny edges closed into regions: gap linking and/or thickening, components, watershed of the edge pixels. */
@Plugin(type = Command.class, name = "edges-to-regions", label = "Edges to Regions", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Edges to Regions",
		description = "Canny edges (sigma, low, high), gaps closed by linking endpoints within gap pixels and/or dilating the edges by a disc of radius thicken, the enclosed 4-connected areas of at least min_size pixels labelled, and the edge pixels given to the neighbouring regions by a watershed of the gradient magnitude: labels 1..n covering the image.")
public class EdgesToRegionsCommand extends ImageCommand {

	@Parameter(label = "Sigma", min = "0", description = "Gaussian smoothing in pixels before Canny and the gradient (0 = none).")
	private double sigma = 2;

	@Parameter(label = "Auto thresholds", description = "Take low and high as percentiles of the suppressed gradient magnitudes.")
	private boolean auto_thresholds = false;

	@Parameter(label = "Low", min = "0", description = "Canny weak-edge threshold (Sobel magnitude), or a percentile 0..1 with auto thresholds.")
	private double low = 50;

	@Parameter(label = "High", min = "0", description = "Canny strong-edge threshold (Sobel magnitude), or a percentile 0..1 with auto thresholds.")
	private double high = 100;

	@Parameter(label = "Gap", min = "0", description = "Link edge endpoints to edge pixels of other curves within this many pixels (0 = no linking).")
	private double gap = 3;

	@Parameter(label = "Thicken", min = "0", description = "Dilate the edges with a disc of this radius before labelling (bridges gaps up to 2 radius; 0 = none).")
	private int thicken = 0;

	@Parameter(label = "Minimum region size", min = "0", description = "Enclosed areas smaller than this many pixels are not regions of their own (they join a neighbour).")
	private int min_size = 20;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		if (low > high)
			throw new UsageException("Edges to Regions: low (" + low + ") is above high (" + high + "); swap them.");
		if (auto_thresholds && high > 1)
			throw new UsageException("Edges to Regions: with auto thresholds, low and high are percentiles between 0 and 1, e.g. low=0.7 high=0.9.");
		AxisImage image = realImage();
		output = regions(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus regions(AxisImage<T> image) {
		try {
			return LabelImages.toImagePlus(image.withData(resultTitle("regions"), auto_thresholds
					? EdgesToRegions.segmentAuto(image.data(), sigma, low, high, gap, thicken, min_size)
					: EdgesToRegions.segment(image.data(), sigma, low, high, gap, thicken, min_size)));
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("Edges to Regions: " + e.getMessage());
		}
	}
}
