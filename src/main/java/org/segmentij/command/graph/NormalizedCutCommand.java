package org.segmentij.command.graph;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.graph.NormalizedCut;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;

/** Normalised cuts on the region adjacency graph of SLIC superpixels (as scikit-image's cut_normalized). */
@Plugin(type = Command.class, name = "normalized-cut", label = "Normalized Cut", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Clustering>Normalized Cut",
		description = "Recursive two-way normalised cuts (Shi-Malik) of SLIC superpixels with similarity exp(-|mean colour difference|^2 / sigma), as scikit-image's cut_normalized on rag_mean_color.")
public class NormalizedCutCommand extends ImageCommand {

	@Parameter(label = "Superpixels", min = "1", max = "2000", description = "Approximate number of SLIC superpixels (at most 2000: the cuts solve dense eigenproblems, whose time grows with the cube of this number).")
	private int n_segments = 400;

	@Parameter(label = "Compactness", description = "SLIC compactness (L*a*b* units for RGB, intensity units for gray).")
	private double compactness = 10;

	@Parameter(label = "Sigma", description = "Similarity scale: w = exp(-d^2 / sigma), d the mean colour (intensity) difference; 255 suits 8-bit colours.")
	private double sigma = 255;

	@Parameter(label = "Threshold", min = "0", description = "A subgraph is cut while its best normalised cut value is below this.")
	private double threshold = 0.001;

	@Parameter(label = "Max regions", min = "1", description = "Most regions of the result.")
	private int max_regions = 64;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		requireInput();
		if (n_segments < 1)
			throw new UsageException("n_segments must be >= 1 (got " + n_segments + "); use e.g. n_segments=400.");
		if (!(compactness > 0))
			throw new UsageException("compactness must be > 0 (got " + compactness + "); use e.g. compactness=10.");
		if (!(sigma > 0))
			throw new UsageException("sigma must be > 0 (got " + sigma + "); use e.g. sigma=255.");
		if (!(threshold >= 0))
			throw new UsageException("threshold must be >= 0 (got " + threshold + "); use e.g. threshold=0.001.");
		if (max_regions < 1)
			throw new UsageException("max_regions must be >= 1 (got " + max_regions + ").");
		if (isRgb()) {
			GraphCommands.require2D(input, "Normalized Cut on RGB images");
			AxisImage<ARGBType> rgb = (AxisImage<ARGBType>) (AxisImage<?>) ImagePlusAdapter.wrap(input);
			output = LabelImages.toImagePlus(rgb.withData(resultTitle("ncut"),
					NormalizedCut.segmentRgb(rgb.data(), n_segments, compactness, sigma, threshold, max_regions)));
			return;
		}
		GraphCommands.require2DOr3D(input, "Normalized Cut");
		AxisImage image = realImage();
		output = gray(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus gray(AxisImage<T> image) {
		return LabelImages.toImagePlus(image.withData(resultTitle("ncut"),
				NormalizedCut.segmentGray(image.data(), image.scale(), n_segments, compactness, sigma, threshold, max_regions)));
	}
}
