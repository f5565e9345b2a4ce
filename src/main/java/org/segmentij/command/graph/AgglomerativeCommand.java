package org.segmentij.command.graph;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.graph.Agglomerative;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;

/** SLIC superpixels merged by agglomerative clustering (ward or average linkage) into k connected regions. */
@Plugin(type = Command.class, name = "agglomerative", label = "Agglomerative Superpixel Clustering", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Clustering>Agglomerative Superpixel Clustering",
		description = "SLIC superpixels merged pairwise (only adjacent ones, so regions stay connected) by ward or average linkage on their mean colour (RGB) or intensity, down to k regions.")
public class AgglomerativeCommand extends ImageCommand {

	@Parameter(label = "Clusters", min = "1", description = "Number of regions k of the result.")
	private int clusters = 8;

	@Parameter(label = "Linkage", choices = { "ward", "average" }, description = "ward: least increase of the within-region sum of squares; average: mean colour distance over superpixel pairs.")
	private String linkage = "ward";

	@Parameter(label = "Superpixels", min = "1", description = "Approximate number of SLIC superpixels.")
	private int n_segments = 400;

	@Parameter(label = "Compactness", description = "SLIC compactness (L*a*b* units for RGB, intensity units for gray).")
	private double compactness = 10;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		requireInput();
		if (clusters < 1)
			throw new UsageException("clusters must be >= 1 (got " + clusters + "); use e.g. clusters=8.");
		if (n_segments < 1)
			throw new UsageException("n_segments must be >= 1 (got " + n_segments + "); use e.g. n_segments=400.");
		if (!(compactness > 0))
			throw new UsageException("compactness must be > 0 (got " + compactness + "); use e.g. compactness=10.");
		Agglomerative.Linkage l;
		try {
			l = Agglomerative.Linkage.of(linkage);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage() + ".");
		}
		if (isRgb()) {
			GraphCommands.require2D(input, "Agglomerative Superpixel Clustering on RGB images");
			AxisImage<ARGBType> rgb = (AxisImage<ARGBType>) (AxisImage<?>) ImagePlusAdapter.wrap(input);
			output = LabelImages.toImagePlus(rgb.withData(resultTitle("agglomerative"),
					Agglomerative.segmentRgb(rgb.data(), n_segments, compactness, clusters, l)));
			return;
		}
		GraphCommands.require2DOr3D(input, "Agglomerative Superpixel Clustering");
		AxisImage image = realImage();
		output = gray(image, l);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus gray(AxisImage<T> image, Agglomerative.Linkage l) {
		return LabelImages.toImagePlus(image.withData(resultTitle("agglomerative"),
				Agglomerative.segmentGray(image.data(), image.scale(), n_segments, compactness, clusters, l)));
	}
}
