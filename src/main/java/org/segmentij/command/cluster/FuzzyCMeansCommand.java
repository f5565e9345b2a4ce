package org.segmentij.command.cluster;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.cluster.FuzzyCMeans;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** Fuzzy c-means clustering of intensities: the hard (largest membership) labels 1..k, 1 = darkest. */
@Plugin(type = Command.class, name = "fuzzy-cmeans", label = "Fuzzy C-means Clustering", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Clustering>Fuzzy C-means Clustering",
		description = "Fuzzy c-means on pixel intensities with fuzzifier m; each pixel gets the cluster of largest membership, labels 1..k by intensity.")
public class FuzzyCMeansCommand extends ImageCommand {

	@Parameter(label = "Clusters", min = "1", max = "255", description = "Number of clusters k.")
	private int clusters = 3;

	@Parameter(label = "Fuzzifier", min = "1.01", max = "10", description = "Fuzziness m (> 1; 2 is usual).")
	private double fuzzifier = 2;

	@Parameter(label = "Seed", description = "Random seed of the initialisation.")
	private long seed = 1;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage();
		output = cluster(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus cluster(AxisImage<T> image) {
		return LabelImages.toImagePlus(image.withData(resultTitle("fuzzy-cmeans"), FuzzyCMeans.segment(image.data(), clusters, fuzzifier, seed)));
	}
}
