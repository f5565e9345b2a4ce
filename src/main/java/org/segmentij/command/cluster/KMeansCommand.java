package org.segmentij.command.cluster;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.cluster.KMeans;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;

/** k-means clustering of intensities (or RGB colours): a label image 1..k, 1 = darkest. */
@Plugin(type = Command.class, name = "kmeans", label = "K-means Clustering", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Clustering>K-means Clustering",
		description = "k-means++ seeded k-means on pixel intensities, or on RGB colours for RGB images; labels 1..k ordered by intensity (luminance).")
public class KMeansCommand extends ImageCommand {

	@Parameter(label = "Clusters", min = "1", max = "255", description = "Number of clusters k.")
	private int clusters = 3;

	@Parameter(label = "Seed", description = "Random seed of the k-means++ initialisation (same seed, same result).")
	private long seed = 1;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		if (isRgb()) {
			AxisImage<ARGBType> rgb = (AxisImage<ARGBType>) (AxisImage<?>) ImagePlusAdapter.wrap(requireInput());
			output = LabelImages.toImagePlus(rgb.withData(resultTitle("kmeans"), KMeans.segmentRgb(rgb.data(), clusters, seed)));
			return;
		}
		AxisImage image = realImage();
		output = intensity(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus intensity(AxisImage<T> image) {
		return LabelImages.toImagePlus(image.withData(resultTitle("kmeans"), KMeans.segment(image.data(), clusters, seed)));
	}
}
