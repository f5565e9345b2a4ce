package org.segmentij.command.graph;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.graph.Slic;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;

/** SLIC superpixels: RGB on CIE L*a*b*, gray (2D or Z stacks) on intensity. */
@Plugin(type = Command.class, name = "slic", label = "SLIC Superpixels", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>SLIC Superpixels",
		description = "SLIC superpixels (Achanta 2012): k-means on colour (CIE L*a*b* for RGB, intensity for gray) and position in 2S windows; labels 1..n; 3D for gray stacks (calibrated).")
public class SlicCommand extends ImageCommand {

	@Parameter(label = "Number of segments", min = "1", description = "Approximate number of superpixels.")
	private int n_segments = 400;

	@Parameter(label = "Compactness", description = "Weight of space against colour: L*a*b* units for RGB (10 is typical), intensity units for gray.")
	private double compactness = 10;

	@Parameter(label = "Iterations", min = "1", description = "k-means iterations.")
	private int max_iter = 10;

	@Parameter(label = "Sigma", min = "0", description = "Gaussian pre-smoothing (pixels for RGB, calibrated units for gray; 0: none).")
	private double sigma = 0;

	@Parameter(label = "Enforce connectivity", description = "Make every superpixel connected (small pieces join the closest-coloured neighbour).")
	private boolean enforce_connectivity = true;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		requireInput();
		if (n_segments < 1)
			throw new UsageException("n_segments must be >= 1 (got " + n_segments + "); use e.g. n_segments=400.");
		if (!(compactness > 0))
			throw new UsageException("compactness must be > 0 (got " + compactness + "); use e.g. compactness=10.");
		if (max_iter < 1)
			throw new UsageException("max_iter must be >= 1 (got " + max_iter + "); use e.g. max_iter=10.");
		if (!(sigma >= 0))
			throw new UsageException("sigma must be >= 0 (got " + sigma + "); use 0 for no smoothing.");
		if (isRgb()) {
			GraphCommands.require2D(input, "SLIC Superpixels on RGB images");
			AxisImage<ARGBType> rgb = (AxisImage<ARGBType>) (AxisImage<?>) ImagePlusAdapter.wrap(input);
			output = LabelImages.toImagePlus(rgb.withData(resultTitle("slic"),
					Slic.segment(rgb.data(), n_segments, compactness, max_iter, sigma, enforce_connectivity)));
			return;
		}
		GraphCommands.require2DOr3D(input, "SLIC Superpixels");
		AxisImage image = realImage();
		output = gray(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus gray(AxisImage<T> image) {
		return LabelImages.toImagePlus(image.withData(resultTitle("slic"),
				Slic.segmentGray(image.data(), image.scale(), n_segments, compactness, max_iter, sigma, enforce_connectivity)));
	}
}
