package org.segmentij.command.graph;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.graph.Felzenszwalb;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;

/** Felzenszwalb–Huttenlocher graph segmentation of a 2D gray or RGB image: a label image 1..n. */
@Plugin(type = Command.class, name = "felzenszwalb", label = "Felzenszwalb Graph Segmentation", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Felzenszwalb Graph Segmentation",
		description = "Felzenszwalb-Huttenlocher graph-based segmentation (as scikit-image's felzenszwalb): 8-neighbour grid graph on the Euclidean RGB (or gray) distance, 0..255 scale; stacks plane by plane.")
public class FelzenszwalbCommand extends ImageCommand {

	@Parameter(label = "Scale", min = "0", description = "Observation scale k: larger gives larger segments (scikit-image's scale).")
	private double scale = 100;

	@Parameter(label = "Sigma", min = "0", description = "Gaussian pre-smoothing in pixels (0: none).")
	private double sigma = 0.8;

	@Parameter(label = "Min size", min = "0", description = "Segments smaller than this (pixels) are merged into a neighbour.")
	private int min_size = 50;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		requireInput();
		if (!(scale > 0))
			throw new UsageException("scale must be > 0 (got " + scale + "); use e.g. scale=100 (larger: larger segments).");
		if (!(sigma >= 0))
			throw new UsageException("sigma must be >= 0 (got " + sigma + "); use e.g. sigma=0.8, or 0 for no smoothing.");
		if (min_size < 0)
			throw new UsageException("min_size must be >= 0 (got " + min_size + "); use e.g. min_size=50.");
		GraphCommands.require2DOr3D(input, "Felzenszwalb Graph Segmentation");
		if (isRgb()) {
			AxisImage<ARGBType> rgb = (AxisImage<ARGBType>) (AxisImage<?>) ImagePlusAdapter.wrap(input);
			output = LabelImages.toImagePlus(rgb.withData(resultTitle("felzenszwalb"),
					Felzenszwalb.segmentRgb(rgb.data(), scale, sigma, min_size)));
			return;
		}
		AxisImage image = realImage();
		output = gray(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus gray(AxisImage<T> image) {
		return LabelImages.toImagePlus(image.withData(resultTitle("felzenszwalb"),
				Felzenszwalb.segment(image.data(), scale, sigma, min_size)));
	}
}
